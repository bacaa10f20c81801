"""Training: the loop, its losses and optimizer, checkpoint/recovery state, DDP."""

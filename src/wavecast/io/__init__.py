"""Files wavecast writes and reads: the model file format, checkpoints, atomic writes."""

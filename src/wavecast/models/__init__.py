"""The recurrent networks (PyTorch) and their heads."""

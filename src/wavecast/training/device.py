"""train.device (auto | cpu | cuda) as a torch.device for one process; torchrun picks its own."""

from __future__ import annotations

from ..errors import ValidationError


def resolve_device(name: str):
    """cpu, cuda (refused in one line when torch sees no GPU) or auto (cuda when there is one)."""
    import torch

    if name == "cpu":
        return torch.device("cpu")
    available = torch.cuda.is_available()
    if name == "cuda" and not available:
        # "train.device (--device)": the command line's words (the Python API's, device=, by
        # api_words.python_words); it said the config key alone to one who typed --device cuda
        raise ValidationError("train.device (--device) is cuda but torch sees no CUDA GPU (torch.cuda.is_available() "
                              "is False: no GPU, no driver or a CPU-only torch); use cpu or auto")
    return torch.device("cuda" if available else "cpu")

"""The CPU code path a float result depends on, for the tests that promise exact bits.

Exact bits hold for the same torch, the same thread count, the same torch kernels (its CPU
capability: ATEN_CPU_CAPABILITY picks another) and the same MKL branch (MKL_CBWR picks
another; unset, MKL dispatches on the CPU: "auto AVX512_E1" on an AVX-512 Xeon). Other
paths round differently in the last bits, so tests compare them within a tolerance.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import torch

# MKL's branch codes (mkl_cbwr.h); 1 is MKL_CBWR_BRANCH_OFF: no MKL_CBWR, dispatch on the CPU.
_MKL_BRANCHES = {1: "OFF", 2: "AUTO", 3: "COMPATIBLE", 4: "SSE2", 6: "SSSE3", 7: "SSE4_1",
                 8: "SSE4_2", 9: "AVX", 10: "AVX2", 11: "AVX512_MIC", 12: "AVX512",
                 13: "AVX512_MIC_E1", 14: "AVX512_E1"}


def mkl_branch() -> str:
    """The MKL branch torch's BLAS takes: "COMPATIBLE", "AVX2", "auto AVX512_E1"..., or "none"."""
    try:
        lib = ctypes.CDLL(str(Path(torch.__file__).parent / "lib" / "libtorch_cpu.so"))
        branch, auto = lib.mkl_serv_cbwr_get(1), lib.mkl_serv_cbwr_get_auto_branch()
    except (OSError, AttributeError):  # a torch without MKL (another BLAS, another platform)
        return "none"
    name = _MKL_BRANCHES.get
    if branch in (1, 2):
        return f"auto {name(auto, auto)}"
    return str(name(branch, branch))


def cpu_path() -> dict[str, object]:
    """What must match for a float result to repeat to the last bit."""
    return {"torch": torch.__version__, "cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "mkl": mkl_branch(), "threads": torch.get_num_threads()}

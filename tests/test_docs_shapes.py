"""Run every ```python block of docs/shapes.md; their asserts check the shapes they describe."""

from __future__ import annotations

import pathlib
import re

import pytest
import torch

torch.set_num_threads(1)

DOC = pathlib.Path(__file__).parents[1] / "docs" / "shapes.md"


def python_blocks(path: pathlib.Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(), flags=re.S | re.M)


BLOCKS = python_blocks(DOC)


def test_the_page_has_its_examples():
    assert len(BLOCKS) >= 10
    for block in BLOCKS:
        assert "assert" in block  # an example that asserts nothing cannot fail


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_block_runs(index):
    exec(compile(BLOCKS[index], f"{DOC.name}[block {index}]", "exec"), {"__name__": "__doc__"})


def test_a_wrong_shape_in_a_block_would_fail():
    broken = BLOCKS[0].replace("assert h_n.shape == (L, B, H)", "assert h_n.shape == (B, L, H)", 1)
    assert broken != BLOCKS[0]
    with pytest.raises(AssertionError):
        exec(broken, {})

"""Run the ```python blocks of docs/reference.md and check what the page says they print."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re

import pytest
import torch

torch.set_num_threads(1)

DOC = pathlib.Path(__file__).parents[1] / "docs" / "reference.md"
TEXT = DOC.read_text()
BLOCKS = re.findall(r"^```python\n(.*?)^```", TEXT, flags=re.S | re.M)
PRINTED = re.findall(r"^```text\n(.*?)^```", TEXT, flags=re.S | re.M)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_block_runs(index):
    assert "assert" in BLOCKS[index]
    exec(compile(BLOCKS[index], f"{DOC.name}[block {index}]", "exec"), {"__name__": "__doc__"})


def test_the_compare_example_prints_what_the_page_shows():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(BLOCKS[0], {"__name__": "__doc__"})
    printed, shown = out.getvalue().splitlines(), PRINTED[0].splitlines()
    assert len(printed) == len(shown) == 2
    # the figures after "to" may differ in the last digits from one machine to another
    assert printed[0] == shown[0]
    assert printed[1].split(" to ")[0] == shown[1].split(" to ")[0]

"""A fresh-eyes safety review's findings: each a way past the promise (one line and exit 2, no
traceback; nothing a user owns overwritten; no hang, no unbounded read) and the check that holds it."""

import re

import pytest

from wavecast.cli import main


@pytest.mark.parametrize("out", [".", "/"])
def test_forecast_out_a_folder_by_name_alone_is_one_line(run_dir, tmp_path, capsys, monkeypatch, out):
    # Path('.').with_name raised ValueError: a traceback and exit 1
    monkeypatch.chdir(tmp_path)
    assert main(["forecast", str(run_dir), "--horizon", "3", "--out", out, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert re.search(rf"--out {re.escape(out)} is a directory; give a file name", err), err

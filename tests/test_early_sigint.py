"""Ctrl-C in the command line's first milliseconds, while wavecast.cli imports argparse and
wavecast.errors (~10 ms of a start's first ~30 ms), is the one line and exit 130, as it is
later; was Python's KeyboardInterrupt traceback. Deterministic: the SIGINT is sent by an import
hook the moment that module is looked up, in both ways the command line starts."""

import subprocess
import sys

import pytest

from wavecast.cli import EARLY_INTERRUPT

HOOK = """
import importlib.abc, os, signal, sys
class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
sys.argv = ["wavecast", "run", "--out", "r"]
"""
# what the installed `wavecast` script runs, and `python -m wavecast`
STARTS = {"script": "from wavecast.cli import main\nsys.exit(main())",
          "module": "import runpy\nrunpy.run_module('wavecast', run_name='__main__', alter_sys=True)"}


@pytest.mark.parametrize("start", sorted(STARTS))
@pytest.mark.parametrize("module", ["argparse", "wavecast.errors"])
def test_ctrl_c_while_the_cli_imports_its_first_modules_is_one_line(tmp_path, start, module):
    code = HOOK.format(module=module) + STARTS[start]
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert p.returncode == 130, p.stderr
    assert p.stderr.strip() == EARLY_INTERRUPT, p.stderr
    assert not (tmp_path / "r").exists()


def test_the_guard_off_the_main_thread_sets_no_handler():
    """The guard is the main thread's: started from another thread (wavecast.cli imported or
    main() called there) it is skipped, not an error."""
    import signal
    import threading

    from wavecast import cli

    before, seen = signal.getsignal(signal.SIGINT), []
    t = threading.Thread(target=lambda: seen.append(cli._guard_start()))
    t.start()
    t.join()
    assert seen == [None] and signal.getsignal(signal.SIGINT) is before

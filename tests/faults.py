"""Test-only fault injection in a child process, so production modules carry no test hooks.

    python tests/faults.py SPEC -- ARGV...     # runs `wavecast ARGV...` with the fault armed
    python tests/faults.py --serve             # a fork server for such runs (serve() below)

SPEC:
  kill-in-write:N    SIGKILL between the N-th checkpoint's temp file and its rename
  nonatomic-kill:N   the control: checkpoints written in place, SIGKILL half-way through the N-th
  fail-rank:R:S      under torchrun, rank R raises before its S-th optimizer step
"""

from __future__ import annotations

import os
import signal
import sys


def _arm(spec: str) -> None:
    kind, *args = spec.split(":")
    from wavecast.io import checkpoint

    if kind == "kill-in-write":  # os.replace is the rename that ends an atomic write
        n, count, real = int(args[0]), [0], os.replace

        def replace(src, dst, *a, **k):
            if str(dst).endswith(checkpoint.FILENAME):
                count[0] += 1
                if count[0] == n:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(src, dst, *a, **k)

        os.replace = replace
    elif kind == "nonatomic-kill":
        n, count = int(args[0]), [0]

        def in_place(path, data):
            count[0] += 1
            with open(path, "wb") as f:
                f.write(data[: len(data) // 2])
                f.flush()
                if count[0] == n:
                    os.kill(os.getpid(), signal.SIGKILL)
                f.write(data[len(data) // 2 :])

        checkpoint.write_bytes = in_place
    elif kind == "fail-rank":
        from wavecast.training import loop
        from wavecast.training.distributed import DistributedError

        rank, at, steps, real_step = int(args[0]), int(args[1]), [0], loop.minibatch_step

        def step(*a, **k):
            steps[0] += 1
            if int(os.environ.get("RANK", "0")) == rank and steps[0] >= at:
                raise DistributedError(f"rank {rank} failed on purpose before step {steps[0]} (tests/faults.py)")
            return real_step(*a, **k)

        loop.minibatch_step = step  # as _Run.step looks it up
    else:
        raise SystemExit(f"faults.py: unknown fault {spec!r}")


def serve() -> None:
    """A fork server: import wavecast once, then fork each requested run from here.

    Each request is a line of JSON on stdin, {"argv": [...], "fault": SPEC or null, "err": PATH};
    the server forks a child that runs `wavecast ARGV` (the fault armed, stderr into PATH, stdout
    thrown away), answers {"pid": N} at once and {"returncode": C} (-S for signal S) when the
    child has ended, one run at a time. The server itself runs no torch computation, so a child
    starts as a fresh `python -m wavecast` would, less the ~3 s of imports it would pay.
    """
    import json
    import traceback

    import torch  # noqa: F401  (imported once, here, for every child)

    from wavecast import cli, experiment  # noqa: F401

    for line in sys.stdin:
        req = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the child: never returns into the loop
            code = 1
            try:
                err = os.open(req["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(err, 2)
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
                if req["fault"]:
                    _arm(req["fault"])
                code = cli.main(req["argv"])
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve()
elif __name__ == "__main__":
    spec, argv = sys.argv[1], sys.argv[sys.argv.index("--") + 1 :]
    _arm(spec)
    from wavecast.cli import main

    sys.exit(main(argv))

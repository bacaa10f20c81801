"""`wavecast recipes` lists the source experiments; `wavecast recipe NAME` runs one."""

from __future__ import annotations

from . import flags


def add_parser(sub) -> None:
    lst = sub.add_parser("recipes", help="list the five source experiments, reproduced")
    flags.add_json(lst, "print the recipes as JSON (name, source, what it shows)")
    lst.set_defaults(handler=_list, light=True)  # no torch: a list of names
    one = sub.add_parser(
        "recipe", help="run one source experiment; prints its figure beside ours",
        description="Run a named recipe, print the source's figures beside ours, and write "
        "metrics.json, config.json and the plots.",
    )
    one.add_argument("name", metavar="NAME", help="a recipe name (see `wavecast recipes`)")
    flags.add_out(one, None, "output folder (default runs/NAME)")
    one.add_argument("--quick", action="store_true", help="a reduced form that runs in seconds")
    flags.add_seed(one, default=0)
    one.add_argument("--overwrite", action="store_true",
                     help="replace a wavecast folder of another kind in --out (a recipe folder is "
                     "replaced without it)")
    flags.add_json(one, "print metrics.json instead of the table")
    one.set_defaults(handler=_run)


def _list(args) -> int:
    from ..recipes import RECIPES

    if args.json:
        from .output import print_json

        print_json([{"name": n, "source": src, "shows": line} for n, (_, src, line) in RECIPES.items()])
        return 0
    width = max(len(n) for n in RECIPES) + 2
    for name, (_, source, line) in RECIPES.items():
        print(f"{name.ljust(width)}{line}\n{' ' * width}after {source}")
    print("\nrun one: wavecast recipe NAME [--out DIR] [--quick]")
    return 0


def _fmt(v) -> str:
    return "-" if v is None else f"{v:.4g}"


def table(metrics: dict) -> str:
    """One row per figure: what it is, the source's value, ours, the goal and whether it is met."""
    figs = metrics["figures"]
    width = max(len(f["label"]) for f in figs.values()) + 2
    head = "figure".ljust(width) + "source".rjust(10) + "ours".rjust(12) + "   goal"
    lines = [head, "-" * len(head)]
    for f in figs.values():
        mark = {True: "  met", False: "  NOT MET", None: ""}[f["met"]]
        goal = f"   {f['goal']}{mark}" if f["goal"] else ""
        lines.append(f"{f['label'].ljust(width)}{_fmt(f['reported']).rjust(10)}"
                     f"{_fmt(f['ours']).rjust(12)}{goal}")
    return "\n".join(lines)


def _run(args) -> int:
    from ..config import SEED_MAX
    from ..errors import ValidationError
    from ..io.rundir import RunFolder
    from ..recipes import module, run, save
    from ..recipes._common import jsonable
    from .output import print_json

    if not 0 <= args.seed <= SEED_MAX:
        raise ValidationError(f"--seed must be an integer from 0 to {SEED_MAX} (got {args.seed})")
    mod = module(args.name)
    out = args.out or f"runs/{args.name}{'-quick' if args.quick else ''}"
    folder = RunFolder(out, "recipe", overwrite=args.overwrite, replace_own=True)
    with folder as build:  # checked and locked first; swapped in whole at the end
        result = run(args.name, quick=args.quick, seed=args.seed)
        paths = save(result, build)
    metrics = result.metrics()
    if args.json:
        print_json(jsonable(metrics))
        return 0
    print(f"{args.name}{' (quick)' if args.quick else ''}: after {mod.SOURCE}, seed {args.seed}")
    print(table(metrics))
    for note in result.notes:
        print(f"note: {note}")
    print(f"wrote {out}/ ({', '.join(p.name for p in paths)}) in {result.seconds:.1f} s")
    return 0

"""argparse, but a usage error is one line: `wavecast: error:`, the flag, the bad value, and
`wavecast CMD --help`.

argparse printed its whole usage (12 lines for `run`) before a bad flag value or an unknown
flag; the house rule is one line on stderr and exit code 2. `--help` is argparse's, unchanged.
Subparsers made by `add_subparsers` are of this class too (argparse uses the parent's type).
"""

from __future__ import annotations

import argparse
import re
import sys

_KINDS = {"int": "an integer", "float": "a number"}


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose error() writes one line: `wavecast: error: WHAT; see PROG --help`,
    the prefix every other user error has (cli.main's `wavecast: error: ...`): a usage error read
    `wavecast run: WHAT; ...` beside a bad value's `wavecast: error: ...`, two prefixes for one kind
    of fault (PROG, `wavecast run`, is still named in the help it points to)."""

    def parse_known_args(self, args=None, namespace=None):
        self._argv = list(sys.argv[1:] if args is None else args)  # for error(): the flags given
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        self.exit(2, f"{self.prog.split()[0]}: error: {self.explain(message)}; see {self.prog} --help\n")

    def explain(self, message: str) -> str:
        """argparse's message in the user's words, on one line."""
        message = " ".join(message.split())
        if message.startswith("the following arguments are required"):
            # an unknown flag is the likelier fault (`forecast --bogus`: MODEL_DIR was "missing")
            unknown = self._unknown(self._argv_flags())
            if unknown:
                return self._unknown_words(unknown)
            if "COMMAND" in message:
                return f"a command is needed: {', '.join(self._commands())}"
            names = message.split(": ", 1)[1]
            return f"{names} {'is' if ',' not in names else 'are'} required"
        if message.startswith("unrecognized arguments: "):
            return self._unrecognized(message.split(": ", 1)[1].split())
        m = re.fullmatch(r"argument ([^:]+): (.*)", message)
        if not m:
            return message
        flag, what = m.group(1).split("/")[-1], m.group(2)
        m = re.fullmatch(r"invalid (\w+) value: (.*)", what)
        if m:
            return f"{flag} must be {_KINDS.get(m.group(1), m.group(1))} (got {m.group(2)})"
        m = re.fullmatch(r"invalid choice: (.*?) \(choose from (.*)\)", what)
        if m:
            choices = m.group(2).replace("'", "")
            if flag == "COMMAND":
                return f"unknown command {m.group(1)}; choose from {choices}"
            return f"{flag} must be one of {choices} (got {m.group(1)})"
        if what.startswith("expected "):
            return f"{flag} needs a value" + (f" ({self._metavar(flag)})" if self._metavar(flag) else "")
        m = re.fullmatch(r"not allowed with argument (.*)", what)
        if m:
            return f"{flag} cannot be given with {m.group(1).split('/')[-1]}"
        m = re.fullmatch(r"ignored explicit argument (.*)", what)
        if m:
            return f"{flag} takes no value (got {m.group(1)})"
        return f"{flag}: {what}"

    def _commands(self) -> list[str]:
        return [name for a in self._actions if isinstance(a, argparse._SubParsersAction) for name in a.choices]

    def _metavar(self, flag: str) -> str | None:
        action = self._option_string_actions.get(flag)
        return action.metavar if action is not None and isinstance(action.metavar, str) else None

    def _argv_flags(self) -> list[str]:
        """The tokens of argv that look like flags (up to `--`), as given."""
        argv = getattr(self, "_argv", [])
        argv = argv[: argv.index("--")] if "--" in argv else argv
        return [t for t in argv if t.startswith("--") and len(t) > 2]

    def _unknown(self, tokens: list[str]) -> list[str]:
        """The flags among tokens this parser knows by no name nor a prefix of one."""
        known = list(self._option_string_actions)
        return [t.split("=", 1)[0] for t in tokens
                if t.startswith("-") and not any(k.startswith(t.split("=", 1)[0]) for k in known)]

    def _unknown_words(self, flags: list[str]) -> str:
        import difflib

        said = f"unknown flag {flags[0]}" if len(flags) == 1 else f"unknown flags {', '.join(flags)}"
        close = difflib.get_close_matches(flags[0], [k for k in self._option_string_actions if k.startswith("--")],
                                      n=1, cutoff=0.75)  # 0.6 offered --out for --bogus
        return said + (f" (did you mean {close[0]}?)" if close else "")

    def _unrecognized(self, extra: list[str]) -> str:
        flags = [t.split("=", 1)[0] for t in extra if t.startswith("-") and len(t) > 1]
        if flags:
            return self._unknown_words(flags)
        return f"unexpected argument {extra[0]!r}" if len(extra) == 1 else \
            f"unexpected arguments {', '.join(repr(t) for t in extra)}"

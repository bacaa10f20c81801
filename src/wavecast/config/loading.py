"""A configuration from a TOML file, a dict or dotted overrides (section.key=value), and back to a
plain dict; which keys the direct net reads."""

from __future__ import annotations

import dataclasses
import json
import stat
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .checks import value_said, whole_of
from .direct_section import DirectConfig
from .schema import Config, ModelConfig, TrainConfig


def to_dict(cfg: Any) -> dict[str, Any]:
    """A plain, JSON-ready dict of a config (tuples become lists)."""
    return json.loads(json.dumps(dataclasses.asdict(cfg)))


def _coerce(name: str, tp: Any, value: Any) -> Any:
    """Turn a TOML or override value into the field's type, or fail naming the field."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{name} must be a table (got {value!r})")
        return from_dict(value, tp, prefix=f"{name}.")
    if origin is tuple:
        (item_tp, _) = typing.get_args(tp)
        if isinstance(value, str):
            value = [v for v in value.strip("()[] ").split(",") if v.strip()]
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{name} must be a list (got {value!r})")
        return tuple(_coerce(f"{name}[]", item_tp, v) for v in value)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) != 1 or len(typing.get_args(tp)) != 2:
            raise ConfigError(f"{name}: union types are not supported")
        if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
            return None  # "auto": derived from the data when the run starts
        return _coerce(name, args[0], value)
    if tp is bool:
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{name} must be true or false (got {value!r})")
    if tp in (int, float):
        if isinstance(value, str):
            try:
                return tp(value)
            except ValueError:  # also Python's 4300-digit limit on int("...")
                whole = whole_of(value) if tp is int else None
                if whole is not None:  # "6.0" (horizon=6.0 from Python, as text): 6, as the float 6.0 is
                    return whole
                kind = "an integer" if tp is int else "a number"
                shown = repr(value) if len(value) <= 60 else f"{value[:40]!r}... ({len(value)} characters)"
                raise ConfigError(f"{name} must be {kind} (got {shown})") from None
        if tp is int and isinstance(value, float) and value.is_integer():
            return int(value)
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:
                raise ConfigError(f"{name} must be a finite number (got {value_said(value)})") from None
        return value  # checked by __post_init__, which also refuses bools
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{name} must be a string (got {value!r})")
        return value
    return value


def from_dict(data: dict[str, Any], cls: type = Config, prefix: str = "") -> Any:
    """Build a (nested) config dataclass from a dict; unknown keys name the valid ones."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    kwargs = {}
    for key, value in data.items():
        if key not in names:
            raise ConfigError(f"unknown config key '{prefix}{key}'; valid keys: {', '.join(names)}")
        kwargs[key] = _coerce(f"{prefix}{key}", hints[key], value)
    try:
        return cls(**kwargs)
    except TypeError as exc:  # pragma: no cover - defensive
        raise ConfigError(f"bad config for {prefix or 'top level'}: {exc}") from None


def override(cfg: Any, dotted: str) -> Any:
    """Apply one `section.key=value` override and return the new (re-validated) config."""
    if "=" not in dotted:
        raise ConfigError(f"override {dotted!r} must look like section.key=value")
    path, raw = dotted.split("=", 1)
    parts = path.strip().split(".")
    return _override(cfg, parts, raw.strip(), prefix="")


def _override(obj: Any, parts: list[str], raw: str, prefix: str) -> Any:
    names = [f.name for f in dataclasses.fields(obj)]
    key = parts[0]
    if key not in names:
        raise ConfigError(f"unknown config key '{prefix}{key}'; valid keys: {', '.join(names)}")
    hints = typing.get_type_hints(type(obj))
    current = getattr(obj, key)
    if len(parts) == 1:
        if dataclasses.is_dataclass(current):
            sub = [f.name for f in dataclasses.fields(current)]
            raise ConfigError(f"{prefix}{key} is a section; set one of its keys: {', '.join(sub)}")
        value = _coerce(prefix + key, hints[key], raw)
    else:
        if not dataclasses.is_dataclass(current):
            raise ConfigError(f"{prefix}{key} has no sub-keys")
        value = _override(current, parts[1:], raw, prefix=f"{prefix}{key}.")
    return dataclasses.replace(obj, **{key: value})


def load(path: str | Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> Config:
    """Read a TOML config (or start from the defaults) and apply dotted overrides in order."""
    if path is None:
        cfg = Config()
    else:
        p = Path(path)
        try:
            _check_regular(p)
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read config file {p}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"config file {p} is not UTF-8 text") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p} is not valid TOML: {exc}") from None
        cfg = from_dict(data)
    return override_all(cfg, overrides)


MAX_CONFIG_BYTES = 10_000_000  # a TOML config is a few hundred bytes; a bound keeps a mistaken --config cheap


def _check_regular(p: Path) -> None:
    """A config path must be a regular file of a bounded size, checked by stat() (which never blocks):
    --config on a FIFO waited forever, and on /dev/zero read until the machine ran out of memory."""
    st = p.stat()  # an OSError (no such file) is said by the caller
    if stat.S_ISREG(st.st_mode):
        if st.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"config file {p} is {st.st_size / 1e6:.1f} MB, more than the {MAX_CONFIG_BYTES / 1e6:.0f} MB "
                              "wavecast reads (a TOML config is a few kB): check the path")
        return
    what = ("a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode)
            else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
    raise ConfigError(f"cannot read config file {p}: it is {what}; pass a TOML file")


def override_all(cfg: Any, overrides: list[str] | tuple[str, ...]) -> Any:
    """Apply dotted overrides in order, a section's keys given in a row in one step: checked
    together, a check across keys sees them all (--sep ';' --decimal , --thousands . was refused
    as "data.decimal '.' is also data.thousands": the thousands mark was set before the decimal
    one). A key given again is applied after the ones before it, so each value given is checked
    (train.epochs=0 then train.epochs=1 is refused at the 0, as one at a time)."""
    pending: dict[tuple[str, ...], dict[str, str]] = {}
    for dotted in overrides:
        if "=" not in dotted:
            raise ConfigError(f"override {dotted!r} must look like section.key=value")
        path, raw = dotted.split("=", 1)
        parts = path.strip().split(".")
        section = tuple(parts[:-1])
        if parts[-1] in pending.get(section, {}):
            cfg = _override_keys(cfg, list(section), pending.pop(section), prefix="")
        pending.setdefault(section, {})[parts[-1]] = raw.strip()
    for section, keys in pending.items():
        cfg = _override_keys(cfg, list(section), keys, prefix="")
    return cfg


def keys_named(key: str) -> list[str]:
    """The dotted config keys whose last part is `key` ("max_epochs" -> ["direct.max_epochs"]):
    where a key given in the wrong section, or without one, lives."""
    return [f"{section}.{key}" for section, sub in to_dict(Config()).items() if isinstance(sub, dict) and key in sub]


def _unknown(prefix: str, key: str, names: list[str]) -> ConfigError:
    """'unknown config key' naming the valid keys, and the sections that hold one so named
    (--set train.max_epochs=5 listed train's keys alone; the key is direct.max_epochs)."""
    there = [k for k in keys_named(key) if k != f"{prefix}{key}"]
    hint = f"; did you mean {' or '.join(there)}?" if there else ""
    return ConfigError(f"unknown config key '{prefix}{key}'; valid keys: {', '.join(names)}{hint}")


def _override_keys(obj: Any, path: list[str], keys: dict[str, str], prefix: str) -> Any:
    """obj with the keys of its section at `path` set from their text, that section built once."""
    names = [f.name for f in dataclasses.fields(obj)]
    if path:
        key = path[0]
        if key not in names:
            raise _unknown(prefix, key, names)
        current = getattr(obj, key)
        if not dataclasses.is_dataclass(current):
            raise ConfigError(f"{prefix}{key} has no sub-keys")
        return dataclasses.replace(obj, **{key: _override_keys(current, path[1:], keys, f"{prefix}{key}.")})
    hints = typing.get_type_hints(type(obj))
    values = {}
    for key, raw in keys.items():
        if key not in names:
            raise _unknown(prefix, key, names)
        if dataclasses.is_dataclass(getattr(obj, key)):
            sub = [f.name for f in dataclasses.fields(getattr(obj, key))]
            raise ConfigError(f"{prefix}{key} is a section; set one of its keys: {', '.join(sub)}")
        values[key] = _coerce(prefix + key, hints[key], raw)
    return dataclasses.replace(obj, **values)


# model.* and train.* keys the direct net reads through a [direct] key of its own (the Python
# API's shortcuts set both). Keys of either section not listed here or in BOTH_NETS configure
# the recursive net alone: a run with the direct net refuses them rather than ignoring them.
TO_DIRECT = {"model.cell": "direct.cell", "model.hidden_size": "direct.hidden_size",
             "model.num_layers": "direct.num_layers", "train.epochs": "direct.max_epochs",
             "train.lr": "direct.lr", "train.batch_size": "direct.batch_size", "train.patience": "direct.patience"}
BOTH_NETS = ("model.kind", "train.device", "train.threads")  # read by both nets as they are


def direct_sets(cfg: Config, why: str) -> tuple[list[str], list[str]]:
    """The overrides that hand a direct-net run the model.* and train.* values given (those not
    at their default) through their direct.* keys, and a note saying so; a direct.* value given
    itself wins. A value given for a key the direct net has no use for is a ConfigError naming
    it. why: how the run came to use the direct net, e.g. "model.kind=direct"."""
    sets, said, alone = [], [], []
    for section, defaults in (("model", ModelConfig()), ("train", TrainConfig())):
        for f in dataclasses.fields(defaults):
            key, value = f"{section}.{f.name}", getattr(getattr(cfg, section), f.name)
            if key in BOTH_NETS or value == getattr(defaults, f.name):
                continue
            shown = f"{key}={override_text(value)}"
            if key not in TO_DIRECT:
                alone.append(shown)
                continue
            target = TO_DIRECT[key]
            mine = getattr(cfg.direct, target.split(".")[1])
            if mine == getattr(DirectConfig(), target.split(".")[1]) and mine != value:
                sets.append(f"{target}={override_text(value)}")
                said.append(f"{shown} as {target}")
    if alone:  # "--set key=value," and ";": the API says them as its keywords (api.python_words)
        one = len(alone) == 1
        raise ConfigError(f"this run uses the direct net ({why}), which has no setting like "
                          f"{', '.join(f'--set {a}' for a in alone)}; {'it sets' if one else 'they set'} the "
                          f"recursive net only: leave {'it' if one else 'them'} out, or pass --set model.kind=recursive")
    notes = [f"the direct net reads {', '.join(said)}"] if said else []
    return sets, notes


def refuse_direct(cfg: Config, why: str) -> None:
    """A run with the recursive net refuses direct.* values given (not at their default) in one
    ConfigError line naming the key and the recursive net's own where TO_DIRECT has one; a
    direct.* value equal to its model.*/train.* twin passes (the API's shortcuts set both).
    why: how the run came to use the recursive net, e.g. "model.kind=recursive"."""
    from_direct = {d: k for k, d in TO_DIRECT.items()}
    given, own = [], []
    for f in dataclasses.fields(DirectConfig):
        key, value = f"direct.{f.name}", getattr(cfg.direct, f.name)
        if value == getattr(DirectConfig(), f.name):
            continue
        twin = from_direct.get(key)
        if twin is not None and getattr(getattr(cfg, twin.split(".")[0]), twin.split(".")[1]) == value:
            continue
        given.append(f"--set {key}={override_text(value)}")
        if twin is not None:
            own.append(f"--set {twin}={override_text(value)}")
    if given:  # "--set key=value," and ";": the API says them as its keywords (api.python_words)
        one = len(given) == 1
        raise ConfigError(f"this run uses the recursive net ({why}), which has no setting like {', '.join(given)}; "
                          + (f"its own: {', '.join(own)}; " if own else "")
                          + f"direct.* keys set the direct net only: leave {'it' if one else 'them'} out, or pass "
                          "--set model.kind=direct")


def override_text(value: Any) -> str:
    """A config value (or a Python keyword's value) as the text of a dotted override."""
    if value is None:
        return "auto"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value)
    return str(value)

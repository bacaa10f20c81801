import pytest

from wavecast.config import Config, load, override, to_dict
from wavecast.errors import ConfigError


def test_defaults_resolve_to_the_demo_on_the_signal():
    from wavecast.defaults import resolve

    cfg = Config()
    assert (cfg.window.input_len, cfg.window.horizon, cfg.window.test_len, cfg.model.kind) == (None, None, None, "auto")
    r = resolve(cfg).config  # the synthetic signal: one period of it, the recursive net
    assert (r.signal.length, r.signal.period, r.window.test_len) == (800, 40.0, 40)
    assert (r.model.cell, r.model.hidden_size, r.window.input_len, r.model.kind) == ("lstm", 50, 40, "recursive")


def test_auto_is_none_and_zero_stays_an_error():
    assert override(Config(), "window.horizon=12").window.horizon == 12
    assert override(override(Config(), "window.horizon=12"), "window.horizon=auto").window.horizon is None
    with pytest.raises(ConfigError, match=r"window.horizon must be an integer >= 1 \(got 0\)"):
        override(Config(), "window.horizon=0")


def test_override_parses_by_field_type():
    cfg = override(Config(), "train.lr=3e-3")
    assert cfg.train.lr == pytest.approx(3e-3) and isinstance(cfg.train.lr, float)
    cfg = override(cfg, "model.head_hidden=16,8")
    assert cfg.model.head_hidden == (16, 8)
    assert override(cfg, "window.input_len=24").window.input_len == 24


@pytest.mark.parametrize(
    "item, pattern",
    [
        ("train.lrr=1", r"unknown config key 'train.lrr'; valid keys: optimizer, lr"),
        ("model.cell=lstmm", r"unknown model.cell 'lstmm'; choose rnn, lstm or gru"),
        ("train.lr=nan", r"train.lr must be a finite number > 0 \(got nan\)"),
        ("train.lr=0", r"train.lr must be a finite number > 0"),
        ("window.input_len=0", r"window.input_len must be an integer >= 1 \(got 0\)"),
        ("window.input_len=2.5", r"window.input_len must be an integer"),
        ("model.dropout=0.5", r"needs model.num_layers >= 2"),
        ("train", r"must look like section.key=value"),
        ("train=3", r"train is a section; set one of its keys"),
        ("direct.log_weight=1.5", r"direct.log_weight must be a number >= 0 and <= 1 \(got 1.5\)"),
        ("direct.balance=2", r"direct.balance must be a number >= 0 and <= 1 \(got 2"),
    ],
)
def test_bad_overrides_name_the_key(item, pattern):
    with pytest.raises(ConfigError, match=pattern):
        override(Config(), item)


def test_true_is_not_an_integer():
    with pytest.raises(ConfigError, match="integer"):
        Config(seed=True)


def test_toml_file_and_overrides(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('name = "x"\nseed = 3\n[model]\ncell = "gru"\n[train]\nepochs = 2\n')
    cfg = load(path, ["train.epochs=4"])
    assert (cfg.name, cfg.seed, cfg.model.cell, cfg.train.epochs) == ("x", 3, "gru", 4)
    assert to_dict(cfg)["model"]["cell"] == "gru"


def test_bad_toml_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[model\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(bad)
    unknown = tmp_path / "u.toml"
    unknown.write_text("[modle]\n")
    with pytest.raises(ConfigError, match="unknown config key 'modle'"):
        load(unknown)

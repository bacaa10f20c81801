"""Experiment configuration: frozen dataclasses (schema.py, direct_section.py), the values they allow
and their checks (checks.py), TOML loading and dotted overrides (loading.py).

Every value is checked when the dataclass is built, so a bad value fails at once with its
name, the value given and what is allowed.
"""

from __future__ import annotations

from ..errors import ConfigError  # noqa: F401
from .checks import (  # noqa: F401 (the names other modules import from wavecast.config)
    CELLS,
    DATE_ORDERS,
    LAYERS_MAX,
    LENGTH_MAX,
    LR_MAX,
    OPTIMIZERS,
    SCHEDULES,
    SEED_MAX,
    SEPARATORS,
    SIGNAL_MAX,
    SIGNALS,
    THREADS_MAX,
    WEIGHTS_MAX,
    WIDTH_MAX,
)
from .direct_section import DirectConfig  # noqa: F401
from .loading import (  # noqa: F401 (the names other modules import from wavecast.config)
    BOTH_NETS,
    TO_DIRECT,
    direct_sets,
    from_dict,
    keys_named,
    load,
    override,
    override_all,
    override_text,
    refuse_direct,
    to_dict,
)
from .schema import (  # noqa: F401 (the names other modules import from wavecast.config)
    Config,
    DataConfig,
    EvalConfig,
    ModelConfig,
    SignalConfig,
    TrainConfig,
    WindowConfig,
)

"""Errors a user can cause. The CLI prints their message on one line and exits 2."""


class WavecastError(Exception):
    """Base class: something the user can fix; the message says what and how."""


class ConfigError(WavecastError, ValueError):
    """A configuration value or override is invalid."""


class ValidationError(WavecastError, ValueError):
    """Input data (a file, an array, a parameter) is unusable as given."""


class ModelFileError(WavecastError):
    """A saved model is missing, damaged, unsafe or from an unsupported format."""


class NotFittedError(WavecastError, RuntimeError):
    """A forecaster was asked to predict before it was fitted."""


class TrainingDivergedError(WavecastError, RuntimeError):
    """Training produced a non-finite loss or gradient and could not recover."""

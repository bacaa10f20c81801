"""Errors a user can cause. The CLI prints their message on one line and exits 2."""


class WavecastError(Exception):
    """Base class: something the user can fix; the message says what and how."""


class ConfigError(WavecastError, ValueError):
    """A configuration value or override is invalid."""


class ValidationError(WavecastError, ValueError):
    """Input data (a file, an array, a parameter) is unusable as given."""


class SeriesTooShort(ValidationError):
    """A series too short for the windows asked for; `facts`: what the message was said from, so
    that a backtest (which sets the test part itself) says it again in its own flags."""

    def __init__(self, message: str, facts=None) -> None:
        super().__init__(message)
        self.facts = facts


class ModelFileError(WavecastError):
    """A saved model is missing, damaged, unsafe or from an unsupported format."""


class NotFittedError(WavecastError, RuntimeError):
    """A forecaster was asked to predict before it was fitted."""


class TrainingDivergedError(WavecastError, RuntimeError):
    """Training produced a non-finite loss or gradient and could not recover."""


class TrainingInterrupted(WavecastError):
    """SIGINT or SIGTERM stopped training after a step and a checkpoint save.

    Not a mistake: the CLI exits with `exit_code` (130 for SIGINT, 143 for SIGTERM, the
    shell's 128 + signal number) and prints the command that resumes.
    """

    def __init__(self, signum: int, epoch: int, step: int, path) -> None:
        import signal

        self.signum, self.epoch, self.step, self.path = signum, epoch, step, path
        self.exit_code = 128 + int(signum)
        name = signal.Signals(signum).name
        super().__init__(f"interrupted by {name} at epoch {epoch} after step {step}; "
                         f"checkpoint saved to {path}")


class WavecastNote(UserWarning):
    """A note on what a run decided (season found, values filled, epochs kept), as a warning."""


class WavecastDiagnostic(WavecastNote):
    """A finding on the held-out forecasts (the net no better than a baseline, a flat line, a
    lagged copy, ...), as a warning: what the command line prints as 'diagnostic: ...'. A kind of
    WavecastNote, so a filter on WavecastNote silences both."""

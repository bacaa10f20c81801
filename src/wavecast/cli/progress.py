"""The training's progress bar on the terminal (tqdm): every optimizer step, the loss at each
epoch's end; off when quiet or when the output is not a terminal."""

from __future__ import annotations

import sys


class Progress:
    """A tqdm bar over every optimizer step of the training, moving within each epoch, with the
    rate and the time left; the loss at each epoch's end. Off when quiet or when either stdout
    or the stream is not a terminal (a script capturing the output wants no bar)."""

    def __init__(self, quiet: bool = False, stream=None, mininterval: float = 0.1) -> None:
        self.stream, self.mininterval = stream or sys.stderr, mininterval  # seconds between redraws
        tty = self.stream.isatty() and (stream is not None or sys.stdout.isatty())
        self.enabled = not quiet and tty
        self.bar, self.by_epoch = None, False
        self.stage, self.total = "", None  # the direct net's stage and its steps (begin)

    def _open(self, total: int):
        import shutil

        from tqdm import tqdm

        # the terminal's width, 100 where it reports none (a pty of 0 columns drew an empty bar),
        # and its height, 20 where it reports 0 rows (tqdm hides a bar below the last row: none)
        size = shutil.get_terminal_size((100, 20))
        width = min(size.columns or 100, 120)
        self.bar = tqdm(total=total, file=self.stream, unit="step", ncols=width, nrows=size.lines or 20, leave=True,
                        mininterval=self.mininterval,
                        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} steps [{elapsed}<{remaining}, "
                                   "{rate_fmt}{postfix}]")
        return self.bar

    def begin(self, stage: str, steps: int) -> None:
        """A stage of the direct net's training starts (training.progress): a bar of its own."""
        self.close()
        self.stage, self.total = stage, steps

    def on_step(self, epoch: int, batch: int, n_batches: int, epochs: int) -> None:
        """After each optimizer step (training.loop's on_step)."""
        if not self.enabled:
            return
        bar = self.bar or self._open(self.total or n_batches * epochs)
        bar.set_description(f"{self.stage + ': ' if self.stage else ''}epoch {epoch}/{epochs}", refresh=False)
        bar.update(1)

    def __call__(self, rep) -> None:
        """After each epoch: the losses; the bar ends at the last epoch."""
        if not self.enabled:
            return
        if self.bar is None:  # no step reports (e.g. LBFGS): one tick an epoch
            self._open(rep.epochs)
            self.by_epoch = True
        bar = self.bar
        if self.by_epoch:
            bar.set_description(f"epoch {rep.epoch}/{rep.epochs}", refresh=False)
            bar.update(1)
        val = f", val {rep.val_loss:.3g}" if rep.val_loss is not None else ""
        bar.set_postfix_str(f"loss {rep.train_loss:.3g}{val}")
        if rep.epoch == rep.epochs:
            self.close()

    def close(self) -> None:
        """End the bar (early stopping ends training before the last epoch)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None

"""The layered, batch-first sequence model shared by ElmanRNN, LSTM and GRU.

A subclass supplies one cell (its forward and backward for a single time step); this module
runs it over time and over layers, forward and backward (backpropagation through time, full
or truncated), the same way for all three.
"""

from __future__ import annotations

import numpy as np

from ..errors import ValidationError

Array = np.ndarray
PARAM_NAMES = ("W_ih", "W_hh", "b_ih", "b_hh")


def sigmoid(a: Array) -> Array:
    """1 / (1 + exp(-a)), written so that exp never overflows for large |a|."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class RecurrentLayers:
    """num_layers recurrent layers, each running one cell over time.

    Parameters
    ----------
    input_size : features F of the input.
    hidden_size : units H per layer.
    num_layers : stacked layers; layer l > 0 reads the outputs of layer l - 1.
    bias : with b_ih and b_hh (True) or without (False), as in PyTorch.
    batch_first : inputs and outputs are (B, T, F) if True (the default here), (T, B, F) if
        False, as in PyTorch. States are (num_layers, B, H) either way, as in PyTorch.
    rng : np.random.Generator for the initial weights, drawn like PyTorch's:
        uniform(-1/sqrt(H), 1/sqrt(H)). None means np.random.default_rng(0).

    Attributes
    ----------
    layers : list of dicts, one per layer, with W_ih (G*H, F_l), W_hh (G*H, H), b_ih and
        b_hh (G*H,) or None, G gates stacked in PyTorch's order (1 RNN, 4 LSTM, 3 GRU).
    grads : the same structure holding dL/dparameter after backward(), else None.
    """

    kind = ""  # "rnn", "lstm" or "gru"
    n_gates = 1  # G: gate blocks stacked in W_ih, W_hh
    n_states = 1  # 1: h; 2: (h, c)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        *,
        bias: bool = True,
        batch_first: bool = True,
        rng: np.random.Generator | None = None,
    ) -> None:
        for name, value in (
            ("input_size", input_size),
            ("hidden_size", hidden_size),
            ("num_layers", num_layers),
        ):
            if int(value) != value or value < 1:
                raise ValidationError(f"{name} must be a positive integer; got {value!r}")
        self.input_size = int(input_size)
        self.hidden_size = int(hidden_size)
        self.num_layers = int(num_layers)
        self.bias = bool(bias)
        self.batch_first = bool(batch_first)
        rng = np.random.default_rng(0) if rng is None else rng
        k = 1.0 / np.sqrt(hidden_size)
        G, H = self.n_gates, self.hidden_size
        self.layers: list[dict[str, Array | None]] = []
        for layer in range(self.num_layers):
            n_in = self.input_size if layer == 0 else H
            self.layers.append(
                {
                    "W_ih": rng.uniform(-k, k, (G * H, n_in)),
                    "W_hh": rng.uniform(-k, k, (G * H, H)),
                    "b_ih": rng.uniform(-k, k, G * H) if bias else None,
                    "b_hh": rng.uniform(-k, k, G * H) if bias else None,
                }
            )
        self.grads: list[dict[str, Array | None]] | None = None
        self._caches: list[list[tuple]] | None = None

    # --- to be supplied by each cell ------------------------------------------------------
    def _cell_forward(self, x: Array, state: tuple, p: dict) -> tuple[tuple, tuple]:
        raise NotImplementedError

    def _cell_backward(self, dstate: tuple, cache: tuple) -> tuple[Array, tuple, dict]:
        raise NotImplementedError

    # --- names and states -----------------------------------------------------------------
    def named_parameters(self) -> dict[str, Array]:
        """{"W_ih_l0": array, ...}: the arrays themselves, so an optimizer updates them in place."""
        return {
            f"{n}_l{layer}": p[n]
            for layer, p in enumerate(self.layers)
            for n in PARAM_NAMES
            if p[n] is not None
        }

    def named_grads(self) -> dict[str, Array]:
        """{"W_ih_l0": dL/dW_ih of layer 0, ...} from the last backward()."""
        if self.grads is None:
            raise ValidationError("no gradients yet: call forward() then backward() first")
        return {
            f"{n}_l{layer}": g[n]
            for layer, g in enumerate(self.grads)
            for n in PARAM_NAMES
            if g[n] is not None
        }

    def zero_state(self, batch_size: int):
        """The all-zeros initial state: h0 (num_layers, B, H), or (h0, c0) for the LSTM."""
        h = np.zeros((self.num_layers, batch_size, self.hidden_size))
        return h if self.n_states == 1 else (h, h.copy())

    def _split_state(self, state, batch_size: int, what: str) -> list[tuple]:
        """torch-style state -> [per layer: (h,) or (h, c)], each (B, H), checked."""
        parts = (state,) if self.n_states == 1 else state
        if self.n_states == 2 and not (isinstance(state, tuple | list) and len(state) == 2):
            raise ValidationError(f"the LSTM's {what} must be a pair (h, c); got {type(state)}")
        expected = (self.num_layers, batch_size, self.hidden_size)
        arrays = []
        for part in parts:
            a = np.asarray(part, dtype=np.float64)
            if a.shape != expected:
                raise ValidationError(
                    f"{what} must have shape (num_layers, B, H) = {expected}; got {a.shape}"
                )
            arrays.append(a)
        return [tuple(a[layer] for a in arrays) for layer in range(self.num_layers)]

    def _join_state(self, per_layer: list[tuple]):
        """[per layer: (h,) or (h, c)] -> h (num_layers, B, H), or (h, c) for the LSTM."""
        stacked = tuple(np.stack([s[i] for s in per_layer]) for i in range(self.n_states))
        return stacked[0] if self.n_states == 1 else stacked

    # --- forward and backward over time and layers ----------------------------------------
    def forward(self, x: Array, h0=None):
        """Run all layers over the whole sequence.

        Parameters
        ----------
        x : (B, T, F) if batch_first else (T, B, F).
        h0 : initial state, (num_layers, B, H), a pair (h0, c0) for the LSTM; None for zeros.

        Returns
        -------
        out : (B, T, H) (or (T, B, H)): the top layer's hidden state at every step.
        h_n : (num_layers, B, H) final states, or (h_n, c_n) for the LSTM, as in PyTorch.
        """
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[2] != self.input_size:
            layout = "(B, T, F)" if self.batch_first else "(T, B, F)"
            raise ValidationError(
                f"input must be {layout} with F = input_size = {self.input_size}; "
                f"got shape {x.shape}"
            )
        if not self.batch_first:
            x = x.transpose(1, 0, 2)  # (T, B, F) -> (B, T, F): everything inside is batch-first
        B, T, _ = x.shape
        if T == 0:
            raise ValidationError("input has no time steps (T = 0)")
        states = self._split_state(self.zero_state(B) if h0 is None else h0, B, "h0")
        self._caches = []
        final = []
        inp = x
        for layer, p in enumerate(self.layers):
            state = states[layer]
            caches = []
            outs = np.empty((B, T, self.hidden_size))
            for t in range(T):
                state, cache = self._cell_forward(inp[:, t], state, p)
                outs[:, t] = state[0]
                caches.append(cache)
            self._caches.append(caches)
            final.append(state)
            inp = outs  # (B, T, H): the next layer's input
        out = inp if self.batch_first else inp.transpose(1, 0, 2)
        return out, self._join_state(final)

    __call__ = forward

    def backward(self, dout: Array, dh_n=None, *, truncate: int | None = None):
        """Backpropagation through time over the last forward() call.

        Parameters
        ----------
        dout : dL/dout, the shape of forward's out.
        dh_n : dL/dh_n, the shape of forward's final state (a pair for the LSTM); None if the
            loss does not use the final state.
        truncate : None for full BPTT. An integer k cuts the gradient between steps t - 1 and t
            whenever t is a multiple of k, exactly as detaching the state every k steps in
            PyTorch does (k = 1: no gradient flows from one step into the previous one).

        Returns
        -------
        dx : dL/dx, the shape of x.
        dh0 : dL/dh0, the shape of h0 (a pair for the LSTM).

        The parameter gradients are left in self.grads (replaced, not accumulated).
        """
        if self._caches is None:
            raise ValidationError("backward() needs a forward() call first")
        if truncate is not None and (int(truncate) != truncate or truncate < 1):
            raise ValidationError(f"truncate must be None or a positive integer; got {truncate!r}")
        dout = np.asarray(dout, dtype=np.float64)
        if not self.batch_first:
            dout = dout.transpose(1, 0, 2)  # (T, B, H) -> (B, T, H)
        T = len(self._caches[0])
        B = dout.shape[0]
        if dout.shape != (B, T, self.hidden_size):
            raise ValidationError(f"dout must have the shape of out; got {dout.shape}")
        dfinal = self._split_state(self.zero_state(B) if dh_n is None else dh_n, B, "dh_n")
        self.grads = [
            {n: None if p[n] is None else np.zeros_like(p[n]) for n in PARAM_NAMES}
            for p in self.layers
        ]
        dinit = []
        d_above = dout  # (B, T, H): dL/d(this layer's outputs), from the loss or the layer above
        for layer in reversed(range(self.num_layers)):
            dstate = dfinal[layer]  # dh_next (and dc_next) at the last step: from dh_n
            dinp = None
            for t in reversed(range(T)):
                if truncate is not None and t < T - 1 and (t + 1) % truncate == 0:
                    # the state was detached between t and t + 1: nothing flows back through it
                    dstate = tuple(np.zeros_like(d) for d in dstate)
                # this step's output feeds the loss (or the layer above) and the next step
                dstate = (dstate[0] + d_above[:, t], *dstate[1:])
                dx, dstate, g = self._cell_backward(dstate, self._caches[layer][t])
                if dinp is None:
                    dinp = np.empty((B, T, dx.shape[1]))
                dinp[:, t] = dx
                for n, v in g.items():  # parameters are shared by all steps: sum their grads
                    if v is not None:
                        self.grads[layer][n] += v
            dinit.append(dstate)
            d_above = (
                dinp  # (B, T, F_l): dL/d(inputs of this layer) = dL/d(outputs of the one below)
            )
        dx = d_above if self.batch_first else d_above.transpose(1, 0, 2)
        return dx, self._join_state(dinit[::-1])

    def to_torch(self):
        """The equivalent torch.nn.RNN/LSTM/GRU in float64 (imports torch only when called)."""
        from .convert import to_torch

        return to_torch(self)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(input_size={self.input_size}, "
            f"hidden_size={self.hidden_size}, num_layers={self.num_layers}, "
            f"bias={self.bias}, batch_first={self.batch_first})"
        )

"""Finite differences against the reference's analytic gradients, for every parameter and input."""

from __future__ import annotations

import numpy as np
import pytest

from wavecast.reference import GRU, LSTM, ElmanRNN, gradcheck, numerical_grad
from wavecast.reference.gradcheck import relative_error

MAX_REL_ERR = 1e-6


def build(kind, bias, batch_first, rng):
    if kind == "lstm":
        return LSTM(2, 3, 2, bias=bias, batch_first=batch_first, rng=rng)
    if kind == "gru":
        return GRU(2, 3, 2, bias=bias, batch_first=batch_first, rng=rng)
    return ElmanRNN(
        2, 3, 2, bias=bias, batch_first=batch_first, rng=rng, nonlinearity=kind.split("_")[1]
    )


@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "lstm", "gru"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("batch_first", [True, False])
def test_every_gradient_matches_finite_differences(kind, bias, batch_first):
    rng = np.random.default_rng(7)
    model = build(kind, bias, batch_first, rng)
    x = rng.standard_normal((3, 5, 2))  # (B, T, F) or (T, B, F): both are valid inputs
    B = x.shape[0] if batch_first else x.shape[1]
    h = rng.standard_normal((2, B, 3))
    h0 = (h, rng.standard_normal((2, B, 3))) if kind == "lstm" else h
    errors = gradcheck(model, x, h0)
    expected = {f"{n}_l{layer}" for n in ("W_ih", "W_hh") for layer in (0, 1)} | {"x", "h0"}
    if bias:
        expected |= {f"{n}_l{layer}" for n in ("b_ih", "b_hh") for layer in (0, 1)}
    if kind == "lstm":
        expected.add("c0")
    assert set(errors) == expected
    worst = max(errors, key=errors.get)
    assert errors[worst] <= MAX_REL_ERR, (worst, errors[worst])


def test_gradcheck_catches_a_wrong_backward():
    """Break one backward step and the check must fail, else it proves nothing."""
    model = GRU(2, 3, rng=np.random.default_rng(0))
    x = np.random.default_rng(1).standard_normal((2, 4, 2))
    original = model._cell_backward

    def wrong(dstate, cache):
        dx, dstate_prev, grads = original(dstate, cache)
        grads["W_hh"] = grads["W_hh"] * 1.01  # a 1% error in one gradient
        return dx, dstate_prev, grads

    model._cell_backward = wrong
    errors = gradcheck(model, x)
    assert errors["W_hh_l0"] > 1e-3
    assert errors["W_ih_l0"] <= MAX_REL_ERR


def test_numerical_grad_of_a_known_function_restores_its_input():
    a = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = a.copy()
    g = numerical_grad(lambda: float(np.sum(a**3)), a)
    np.testing.assert_allclose(g, 3 * before**2, rtol=1e-8)
    np.testing.assert_array_equal(a, before)


def test_relative_error_ignores_entries_that_are_zero_in_both():
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 1e-12])) < 1e-11
    assert relative_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 1.1)

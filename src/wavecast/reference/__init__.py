"""From-scratch NumPy RNN, LSTM and GRU that match PyTorch, and tools to check code against them.

NumPy only: importing this package never imports torch. from_torch, to_torch and compare
accept or return torch modules; to_torch and compare import torch when they are called.
"""

from .compare import Comparison, compare
from .convert import from_torch, to_torch
from .forecaster import ReferenceForecaster
from .gradcheck import gradcheck, numerical_grad
from .gru import GRU, gru_cell_backward, gru_cell_forward
from .head import Head
from .lstm import LSTM, lstm_cell_backward, lstm_cell_forward
from .optim import SGD, Adam
from .rnn import ElmanRNN, rnn_cell_backward, rnn_cell_forward
from .sequence import RecurrentLayers
from .train import one_step_mse, train_online, train_windows, tutorial_sine, windows

__all__ = [
    "GRU",
    "LSTM",
    "SGD",
    "Adam",
    "Head",
    "ReferenceForecaster",
    "one_step_mse",
    "train_online",
    "train_windows",
    "tutorial_sine",
    "windows",
    "Comparison",
    "ElmanRNN",
    "RecurrentLayers",
    "compare",
    "from_torch",
    "gradcheck",
    "gru_cell_backward",
    "gru_cell_forward",
    "lstm_cell_backward",
    "lstm_cell_forward",
    "numerical_grad",
    "rnn_cell_backward",
    "rnn_cell_forward",
    "to_torch",
]

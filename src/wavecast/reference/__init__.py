"""From-scratch NumPy RNN, LSTM and GRU that match PyTorch, and tools to check code against them.

NumPy only: importing this package never imports torch. from_torch, to_torch and compare
accept or return torch modules; to_torch and compare import torch when they are called.
"""

from .compare import Comparison, compare
from .convert import from_torch, to_torch
from .gradcheck import gradcheck, numerical_grad
from .gru import GRU, gru_cell_backward, gru_cell_forward
from .lstm import LSTM, lstm_cell_backward, lstm_cell_forward
from .rnn import ElmanRNN, rnn_cell_backward, rnn_cell_forward
from .sequence import RecurrentLayers

__all__ = [
    "GRU",
    "LSTM",
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

import pytest
import torch

from wavecast.models.optim import Adam
from wavecast.models.recurrent import RecurrentNet


def _run(make_opt, steps=30, seed=0, swap_at=None):
    torch.manual_seed(seed)
    net = RecurrentNet("lstm", 1, 6).double()
    opt = make_opt(net.parameters())
    gen = torch.Generator().manual_seed(1)
    for i in range(steps):
        if swap_at == i:  # round-trip the state through state_dict into a fresh optimizer
            state = opt.state_dict()
            opt = make_opt(net.parameters())
            opt.load_state_dict(state)
        x = torch.randn(4, 7, 1, generator=gen, dtype=torch.float64)
        opt.zero_grad()
        y, _ = net(x)
        ((y - x.roll(1, dims=1)) ** 2).mean().backward()
        opt.step()
    return net, opt


@pytest.mark.exactbits
@pytest.mark.parametrize("wd", [0.0, 0.01])
def test_same_weights_as_torch_adam_bit_for_bit(wd):
    a, _ = _run(lambda p: Adam(p, lr=0.01, weight_decay=wd))
    b, _ = _run(lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=wd))
    for (name, pa), pb in zip(a.named_parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb), name


def test_state_dict_round_trip_and_torch_layout():
    a, opt = _run(lambda p: Adam(p, lr=0.01), swap_at=15)
    b, _ = _run(lambda p: Adam(p, lr=0.01))
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    # The layout is torch's: a torch Adam accepts it and continues identically.
    state = opt.state_dict()
    ref = torch.optim.Adam(a.parameters(), lr=0.01)
    ref.load_state_dict(state)
    assert set(state["state"][0]) == {"step", "exp_avg", "exp_avg_sq"}


def test_lr_changes_through_param_groups():
    torch.manual_seed(0)
    p = torch.nn.Parameter(torch.ones(3))
    opt = Adam([p], lr=0.1)
    opt.param_groups[0]["lr"] = 0.0
    p.grad = torch.ones(3)
    opt.step()
    assert torch.equal(p.detach(), torch.ones(3))

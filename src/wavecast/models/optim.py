"""Adam without torch.optim: the same update, bit for bit, minus a second of start-up.

Every torch.optim optimizer imports torch._dynamo the first time a parameter group is added
(1.0 to 1.5 s on these machines, longer than training the demo). This class does what
torch.optim.Adam does on CPU by default (the single-tensor path, no amsgrad, L2 weight
decay) with the same operations in the same order, and keeps the same state_dict layout,
so checkpoints and tests treat it as a torch optimizer.
"""

from __future__ import annotations

import torch


class Adam:
    """Adam (Kingma & Ba, 2015) as torch.optim.Adam computes it:

        g = grad + weight_decay * p
        m = lerp(m, g, 1 - beta1)            v = beta2 v + (1 - beta2) g^2
        p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        self.params = [p for p in params if p.requires_grad]
        self.param_groups = [{"params": self.params, "lr": lr, "betas": betas, "eps": eps,
                              "weight_decay": weight_decay}]
        self.state: dict[torch.Tensor, dict[str, torch.Tensor]] = {}

    def zero_grad(self, set_to_none: bool = True) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        group = self.param_groups[0]
        lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
        for p in self.params:
            if p.grad is None:
                continue
            grad = p.grad if wd == 0 else p.grad.add(p, alpha=wd)
            st = self.state.get(p)
            if st is None:
                st = self.state[p] = {
                    "step": torch.tensor(0.0),
                    "exp_avg": torch.zeros_like(p, memory_format=torch.preserve_format),
                    "exp_avg_sq": torch.zeros_like(p, memory_format=torch.preserve_format),
                }
            st["step"] += 1
            step = st["step"].item()
            st["exp_avg"].lerp_(grad, 1 - beta1)
            st["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            step_size = lr / (1 - beta1**step)
            denom = (st["exp_avg_sq"].sqrt() / (1 - beta2**step) ** 0.5).add_(eps)
            p.addcdiv_(st["exp_avg"], denom, value=-step_size)
        return loss

    def state_dict(self) -> dict:
        """torch.optim's layout: {"state": {index: {...}}, "param_groups": [{..., "params": [i]}]}."""
        index = {p: i for i, p in enumerate(self.params)}
        group = {k: v for k, v in self.param_groups[0].items() if k != "params"}
        group.update(amsgrad=False, maximize=False, foreach=None, capturable=False,
                     differentiable=False, fused=None, decoupled_weight_decay=False)
        return {
            "state": {index[p]: {k: v.clone() for k, v in st.items()} for p, st in self.state.items()},
            "param_groups": [{**group, "params": list(range(len(self.params)))}],
        }

    def load_state_dict(self, state_dict: dict) -> None:
        group = state_dict["param_groups"][0]
        for key in ("lr", "betas", "eps", "weight_decay"):
            value = group[key]
            self.param_groups[0][key] = tuple(value) if key == "betas" else value
        self.state = {
            self.params[int(i)]: {k: v.detach().clone().to(self.params[int(i)].device if k != "step" else "cpu")
                                  for k, v in st.items()}
            for i, st in state_dict["state"].items()
        }

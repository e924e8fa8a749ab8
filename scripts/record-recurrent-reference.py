#!/usr/bin/env python3
"""Records PyTorch's outputs for the recurrent/embedding/layer-norm engine tests
(Tests/EngineTests/RecurrentReferenceTests.swift).

Run with a Python that has torch (.torchenv/bin/python scripts/record-recurrent-reference.py); it
writes Tests/Fixtures/recurrent-torch.json. CI has no torch: the tests read the recorded file.
Every parameter and input is a fixed sequence of numbers (no RNG), so the values are reproducible:
the Swift test loads the same parameters by name and compares outputs and gradients.
"""
import json, math, os
import torch
import torch.nn as nn
import torch.nn.functional as F

out = {"torch_version": torch.__version__}


def seq(n, scale=0.4, shift=0.0):
    return [math.sin(1.3 * i + shift) * scale + 0.05 * (i % 3) for i in range(n)]


def filled(shape, scale=0.4, shift=0.0):
    n = 1
    for d in shape:
        n *= d
    return torch.tensor(seq(n, scale, shift), dtype=torch.float32).reshape(shape)


def vals(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def rec(t):
    return {"shape": list(t.shape), "values": vals(t)}


def load_params(m):
    params = {}
    with torch.no_grad():
        for k, (name, p) in enumerate(m.named_parameters()):
            p.copy_(filled(p.shape, 0.5, 0.7 * k + 0.1))
            params[name] = rec(p)
    return params


def recurrent_case(cls, kwargs, x_shape, state, cell=False):
    m = cls(**kwargs)
    params = load_params(m)
    x = filled(x_shape, 1.0, 2.0).requires_grad_()
    case = {"module": cls.__name__, "kwargs": kwargs, "params": params, "input": rec(x), "repr": repr(m)}
    lstm = cls in (nn.LSTM, nn.LSTMCell)
    if cell:
        hshape = [x_shape[0], kwargs["hidden_size"]] if len(x_shape) == 2 else [kwargs["hidden_size"]]
    else:
        d = 2 if kwargs.get("bidirectional") else 1
        layers = kwargs.get("num_layers", 1)
        if len(x_shape) == 3:
            b = x_shape[0] if kwargs.get("batch_first") else x_shape[1]
            hshape = [layers * d, b, kwargs["hidden_size"]]
        else:
            hshape = [layers * d, kwargs["hidden_size"]]
    h0 = c0 = None
    if state:
        h0 = filled(hshape, 0.8, 3.0).requires_grad_()
        case["h0"] = rec(h0)
        if lstm:
            c0 = filled(hshape, 0.9, 4.0).requires_grad_()
            case["c0"] = rec(c0)
    hx = (h0, c0) if lstm and state else h0
    if cell:
        r = m(x, hx) if state else m(x)
        h, c = (r if lstm else (r, None))
        o = None
    else:
        o, hn = m(x, hx) if state else m(x)
        h, c = (hn if lstm else (hn, None))
    loss = torch.zeros(())
    for key, t in [("output", o), ("h", h), ("c", c)]:
        if t is None:
            continue
        w = filled(t.shape, 1.0, 5.0 + len(key))
        loss = loss + (t * w).sum()
        case[key] = rec(t)
    loss.backward()
    case["grads"] = {n: vals(p.grad) for n, p in m.named_parameters()}
    case["grad_input"] = vals(x.grad)
    if h0 is not None:
        case["grad_h0"] = vals(h0.grad)
    if c0 is not None:
        case["grad_c0"] = vals(c0.grad)
    return case


cases = {}
for cls, extra in [(nn.RNN, {}), (nn.RNN, {"nonlinearity": "relu"}), (nn.LSTM, {}), (nn.GRU, {})]:
    stem = cls.__name__ + ("_relu" if extra else "")
    cases[stem + "_plain"] = recurrent_case(cls, dict(input_size=3, hidden_size=4, **extra), [5, 2, 3], False)
    cases[stem + "_state"] = recurrent_case(cls, dict(input_size=3, hidden_size=4, **extra), [4, 2, 3], True)
    cases[stem + "_layers_batch_first"] = recurrent_case(
        cls, dict(input_size=3, hidden_size=4, num_layers=2, batch_first=True, **extra), [2, 4, 3], True)
    cases[stem + "_bidirectional"] = recurrent_case(
        cls, dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True, **extra), [4, 2, 3], True)
    cases[stem + "_unbatched_nobias"] = recurrent_case(
        cls, dict(input_size=3, hidden_size=4, bias=False, **extra), [5, 3], True)
for cls in [nn.RNNCell, nn.LSTMCell, nn.GRUCell]:
    stem = cls.__name__
    cases[stem + "_batched"] = recurrent_case(cls, dict(input_size=3, hidden_size=4), [2, 3], True, cell=True)
    cases[stem + "_zero_state"] = recurrent_case(cls, dict(input_size=3, hidden_size=4), [2, 3], False, cell=True)
    cases[stem + "_unbatched"] = recurrent_case(cls, dict(input_size=3, hidden_size=4, bias=False), [3], True, cell=True)
out["recurrent"] = cases

# ---- embedding: repeated indices, a padding row, a 2-D index ----
emb = nn.Embedding(6, 3, padding_idx=2)
with torch.no_grad():
    emb.weight.copy_(filled([6, 3], 0.6, 0.3))
idx = torch.tensor([[1, 2, 5], [1, 0, 2]])
y = emb(idx)
(y * filled(y.shape, 1.0, 1.5)).sum().backward()
out["embedding"] = {"weight": vals(emb.weight), "indices": idx.reshape(-1).tolist(), "output": rec(y),
                    "grad_weight": vals(emb.weight.grad), "repr": repr(emb),
                    "init_padding_row": vals(nn.Embedding(4, 2, padding_idx=-1).weight[3])}

# ---- layer norm over the last two dims, with and without affine ----
ln = nn.LayerNorm([3, 4], eps=1e-5)
with torch.no_grad():
    ln.weight.copy_(filled([3, 4], 0.5, 1.0) + 1)
    ln.bias.copy_(filled([3, 4], 0.3, 2.0))
x = filled([2, 3, 4], 2.0, 0.5).requires_grad_()
y = ln(x)
(y * filled(y.shape, 1.0, 3.0)).sum().backward()
x2 = filled([2, 5], 1.5, 0.2).requires_grad_()
y2 = F.layer_norm(x2, (5,), eps=1e-3)
(y2 * filled(y2.shape, 1.0, 4.0)).sum().backward()
out["layer_norm"] = {"weight": vals(ln.weight), "bias": vals(ln.bias), "input": rec(x), "output": rec(y),
                     "grad_input": vals(x.grad), "grad_weight": vals(ln.weight.grad), "grad_bias": vals(ln.bias.grad),
                     "plain_input": rec(x2), "plain_output": rec(y2), "plain_grad": vals(x2.grad),
                     "repr": repr(ln), "repr_plain": repr(nn.LayerNorm(5, eps=1e-3, elementwise_affine=False))}

# ---- gradient clipping ----
def clip_case(norm_type, max_norm):
    ps = [torch.zeros(2, 3, requires_grad=True), torch.zeros(4, requires_grad=True)]
    ps[0].grad = filled([2, 3], 2.0, 0.4)
    ps[1].grad = filled([4], 3.0, 1.1)
    before = [vals(p.grad) for p in ps]
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
    return {"norm_type": "inf" if norm_type == math.inf else norm_type, "max_norm": max_norm, "before": before,
            "total": float(total), "after": [vals(p.grad) for p in ps]}

ps = [torch.zeros(2, 3, requires_grad=True)]
ps[0].grad = filled([2, 3], 2.0, 0.4)
torch.nn.utils.clip_grad_value_(ps, 0.5)
out["clip"] = {"norm": [clip_case(2.0, 1.0), clip_case(1.0, 2.5), clip_case(math.inf, 0.3), clip_case(2.0, 100.0)],
               "value": {"before": vals(filled([2, 3], 2.0, 0.4)), "clip": 0.5, "after": vals(ps[0].grad)}}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "recurrent-torch.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))

# ---- a checkpoint written by PyTorch (safetensors) that gradstep must load by PyTorch's keys ----
from safetensors.torch import save_file


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4, padding_idx=0)
        self.lstm = nn.LSTM(4, 5, num_layers=2, batch_first=True)
        self.gru = nn.GRU(5, 3, bidirectional=True)
        self.norm = nn.LayerNorm(6)
        self.cell = nn.LSTMCell(6, 2)

    def forward(self, x):
        o, _ = self.lstm(self.emb(x))
        o, _ = self.gru(o)
        h, c = self.cell(self.norm(o[:, -1]))
        return h


torch.manual_seed(3)
tagger = Tagger()
words = torch.tensor([[1, 2, 3], [4, 0, 9]])
state = {k: v.contiguous() for k, v in tagger.state_dict().items()}
state["expected_output"] = tagger(words).detach()
save_file(state, os.path.join(os.path.dirname(path), "recurrent-model.safetensors"))
print("wrote recurrent-model.safetensors")

#!/usr/bin/env python3
"""Records what PyTorch does for in-place writes under autograd, in Tests/EngineTests/Fixtures/inplace.json.

Each scenario is written the same way in Tests/EngineTests/InPlaceTests.swift; the JSON holds
PyTorch's outcome: the error message at backward (or at the write), or the gradients and values.
Usage: .torchenv/bin/python scripts/torch-fixtures/inplace.py
"""
import json, os, torch

def outcome(f):
    try:
        return {"ok": f()}
    except RuntimeError as e:
        return {"error": str(e)}

def L(t):
    return t.detach().flatten().tolist()

def saved_output_modified():          # sigmoid saves its output
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = x.sigmoid(); y.mul_(2); y.sum().backward(); return L(x.grad)

def saved_input_modified():           # mul saves the other operand
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a = torch.tensor([4.0, 5.0, 6.0])
    z = (w * a).sum(); a.add_(1); z.backward(); return L(w.grad)

def unsaved_input_modified():         # add saves nothing: fine
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = torch.tensor([4.0, 5.0, 6.0])
    z = (w + b).sum(); b.add_(1); z.backward(); return L(w.grad)

def rebased_nonleaf_modified():       # h*h saved h, then h changed in place
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    h = w * 2; h2 = h * h; h.add_(1); h2.sum().backward(); return L(w.grad)

def inplace_chain_gradient():         # in-place ops on a non-leaf are part of the graph
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    h = w * 2
    h.mul_(w).add_(1).sub_(w, alpha=2).div_(2)
    h.sum().backward(); return [L(h), L(w.grad), type(h.grad_fn).__name__]

def leaf_inplace():
    w = torch.ones(3, requires_grad=True); w.add_(1)

def leaf_setitem():
    w = torch.ones(3, requires_grad=True); w[0] = 5

def view_of_leaf_inplace():
    w = torch.ones(2, 2, requires_grad=True); w.view(4).mul_(2)

def no_grad_update():                 # the optimizer idiom
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    with torch.no_grad():
        w.sub_(0.1 * w.grad)
    w.data.mul_(2)
    d = w.data; d.add_(1)
    return [L(w), w._version, w.requires_grad, d.requires_grad]

def setitem_gradient():
    w = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    v = torch.tensor([10.0, 20.0], requires_grad=True)
    h = w * 3
    h[1:3] = v * v
    (h * torch.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
    return [L(h), L(w.grad), L(v.grad), type(h.grad_fn).__name__]

def shape_mismatch():
    a = torch.ones(3); a.add_(torch.ones(2, 3))

def dtype_mismatch():
    a = torch.zeros(3, dtype=torch.long); a.add_(1.5)

def zero_fill_copy():
    a = torch.arange(4.0); a.zero_(); b = torch.ones(2, 3); b.fill_(7); c = torch.zeros(2, 3, dtype=torch.long)
    c.copy_(torch.tensor([1.7, -2.7, 3.2]))
    return [L(a), L(b), L(c), a._version, b._version]

def view_shares_storage():
    a = torch.zeros(2, 3); v = a.view(6); v[0] = 1; a.view(3, 2).add_(1)
    return [L(a), a._version, v._version]

scen = ["saved_output_modified", "saved_input_modified", "unsaved_input_modified", "rebased_nonleaf_modified",
        "inplace_chain_gradient", "leaf_inplace", "leaf_setitem", "view_of_leaf_inplace", "no_grad_update",
        "setitem_gradient", "shape_mismatch", "dtype_mismatch", "zero_fill_copy", "view_shares_storage"]
res = {name: outcome(globals()[name]) for name in scen}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "EngineTests", "Fixtures", "inplace.json")
with open(path, "w") as f:
    json.dump({"generator": "scripts/torch-fixtures/inplace.py", "torch_version": torch.__version__, "scenarios": res}, f, indent=1)
    f.write("\n")
print(json.dumps(res, indent=1))

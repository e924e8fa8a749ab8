#!/usr/bin/env python3
"""Records PyTorch's forward values and gradients of the tensor ops in Tests/EngineTests/Fixtures/tensor_ops.json.

Run with a Python that has torch (the repo's .torchenv): CI has no torch and reads the JSON.
Each case: inputs, params, output, a random upstream u, and grads of sum(output * u) for every
float input (the vector-Jacobian product the engine's backward receives). Usage:
    .torchenv/bin/python scripts/torch-fixtures/tensor_ops.py
"""
import json, os, torch

torch.manual_seed(0)
torch.set_num_threads(1)
cases = []

def T(t):
    t = t.detach()
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "data": [float(v) if t.is_floating_point() else int(v) for v in t.flatten().tolist()]}

def case(name, op, fn, inputs, params=None, out_index=None):
    ins = {k: v.clone().requires_grad_(v.is_floating_point()) for k, v in inputs.items()}
    out = fn(**ins)
    if out_index is not None:
        extra = out[1 - out_index] if isinstance(out, tuple) else None
        out = out[out_index]
    c = {"name": name, "op": op, "params": params or {}, "inputs": {k: T(v) for k, v in inputs.items()}, "output": T(out)}
    if isinstance(fn, tuple):
        pass
    if out.is_floating_point() and out.requires_grad:
        u = torch.rand(out.shape) * 2 - 1
        (out * u).sum().backward()
        c["upstream"] = T(u)
        c["grads"] = {k: T(v.grad if v.grad is not None else torch.zeros_like(v)) for k, v in ins.items() if v.is_floating_point()}
    c["grad_fn"] = type(out.grad_fn).__name__ if out.grad_fn is not None else None
    cases.append(c)

x = torch.randn(3, 4)
pos = torch.rand(3, 4) + 0.5
unit = torch.rand(3, 4) * 1.8 - 0.9
for op in ["sin", "cos", "tan", "tanh", "sigmoid", "exp", "expm1", "abs", "erf", "atan", "sinh", "cosh", "neg", "square"]:
    case(op, op, lambda x, op=op: getattr(x, op)(), {"x": x})
for op in ["sqrt", "rsqrt", "log", "log2", "log10", "log1p", "reciprocal"]:
    case(op, op, lambda x, op=op: getattr(x, op)(), {"x": pos})
for op in ["asin", "acos"]:
    case(op, op, lambda x, op=op: getattr(x, op)(), {"x": unit})
steps = torch.tensor([[-2.5, -1.5, -0.5, 0.0], [0.5, 1.5, 2.5, 3.7], [-3.7, 1.2, -1.2, 2.0]])
for op in ["sign", "floor", "ceil", "round", "trunc", "frac"]:
    case(op, op, lambda x, op=op: getattr(x, op)(), {"x": steps})
case("clamp_scalar", "clamp", lambda x: x.clamp(-0.5, 0.5), {"x": x}, {"min": -0.5, "max": 0.5})
case("clamp_tensor", "clamp_tensor", lambda x, lo, hi: x.clamp(min=lo, max=hi), {"x": x, "lo": torch.full((4,), -0.3), "hi": torch.rand(3, 1)})
case("where", "where", lambda cond, a, b: torch.where(cond, a, b), {"cond": x > 0, "a": torch.randn(3, 4), "b": torch.randn(4)})
case("maximum", "maximum", lambda a, b: torch.maximum(a, b), {"a": x, "b": torch.randn(3, 4)})
case("minimum", "minimum", lambda a, b: torch.minimum(a, b), {"a": x, "b": torch.randn(4)})
case("pow_tensor", "pow", lambda a, b: a ** b, {"a": pos, "b": torch.randn(3, 4)})
case("prod_all", "prod", lambda x: x.prod(), {"x": x})
case("prod_dim", "prod", lambda x: x.prod(1), {"x": x}, {"dim": 1})
case("prod_zero", "prod", lambda x: x.prod(0), {"x": torch.tensor([[1.0, 0.0], [2.0, 3.0], [0.0, 4.0]])}, {"dim": 0})
case("cumsum0", "cumsum", lambda x: x.cumsum(0), {"x": x}, {"dim": 0})
case("cumsum1", "cumsum", lambda x: x.cumsum(-1), {"x": x}, {"dim": -1})
case("norm", "norm", lambda x: x.norm(), {"x": x})
case("norm_dim", "norm", lambda x: x.norm(dim=1), {"x": x}, {"dim": 1})
case("norm_p1", "norm", lambda x: x.norm(p=1), {"x": x}, {"p": 1})
case("sort", "sort", lambda x: x.sort(dim=1), {"x": x}, {"dim": 1}, out_index=0)
case("sort_indices", "sort_indices", lambda x: x.sort(dim=0, descending=True), {"x": x}, {"dim": 0, "descending": True}, out_index=1)
case("argsort", "argsort", lambda x: x.argsort(dim=1), {"x": x}, {"dim": 1})
case("topk", "topk", lambda x: x.topk(2, dim=1), {"x": x}, {"k": 2, "dim": 1}, out_index=0)
case("topk_indices", "topk_indices", lambda x: x.topk(2, dim=0, largest=False), {"x": x}, {"k": 2, "dim": 0, "largest": False}, out_index=1)
case("expand", "expand", lambda x: x.expand(2, 3, 4), {"x": torch.randn(3, 1)}, {"sizes": [2, 3, 4]})
case("repeat", "repeat", lambda x: x.repeat(2, 1, 3), {"x": torch.randn(2, 3)}, {"repeats": [2, 1, 3]})
case("index_pairs", "index_pairs", lambda x, i, j: x[i, j], {"x": x, "i": torch.tensor([0, 1, 2]), "j": torch.tensor([3, 0, 3])})
case("index_rows_cols", "index_rows_cols", lambda x, i, j: x[i[:, None], j], {"x": x, "i": torch.tensor([0, 2]), "j": torch.tensor([1, 3, 0])})
case("index_split", "index_split", lambda x, i, j: x[i, :, j], {"x": torch.randn(3, 2, 4), "i": torch.tensor([0, 2]), "j": torch.tensor([1, 3])})
case("dot", "dot", lambda a, b: torch.dot(a, b), {"a": torch.randn(5), "b": torch.randn(5)})
case("mv", "mv", lambda a, b: torch.mv(a, b), {"a": torch.randn(3, 5), "b": torch.randn(5)})
case("mm", "mm", lambda a, b: torch.mm(a, b), {"a": torch.randn(3, 5), "b": torch.randn(5, 2)})
case("bmm", "bmm", lambda a, b: torch.bmm(a, b), {"a": torch.randn(2, 3, 5), "b": torch.randn(2, 5, 2)})
case("outer", "outer", lambda a, b: torch.outer(a, b), {"a": torch.randn(3), "b": torch.randn(4)})
case("vecmat", "matmul", lambda a, b: a @ b, {"a": torch.randn(3), "b": torch.randn(3, 2)})
case("split_last", "split", lambda x: x.split(3, dim=1)[1], {"x": x}, {"size": 3, "dim": 1})
case("chunk", "chunk", lambda x: x.chunk(2, dim=0)[1], {"x": torch.randn(5, 2)}, {"chunks": 2, "dim": 0})
case("sum_dim", "sum", lambda x: x.sum(1), {"x": x}, {"dim": 1})
case("max_all", "max", lambda x: x.max(), {"x": x})
case("rsub", "rsub", lambda x: 1 - x, {"x": x})

out = {"generator": "scripts/torch-fixtures/tensor_ops.py", "torch_version": torch.__version__, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "EngineTests", "Fixtures", "tensor_ops.json")
with open(path, "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(f"{len(cases)} cases -> {os.path.normpath(path)}")

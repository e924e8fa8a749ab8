#!/usr/bin/env python3
"""Runs Tests/ScriptTests/Fixtures/tensor_api.py in real PyTorch and records its output beside it
(tensor_api.out), for TensorAPITests (CI has no torch). PyTorch here is a CUDA build on a machine
without GPU; gradstep follows a CPU-only build, so this script rewrites the one line that differs
(x.cuda(): 'Found no NVIDIA driver...' there, 'Torch not compiled with CUDA enabled' in a CPU build).
Usage: .torchenv/bin/python scripts/torch-fixtures/tensor_api.py
"""
import io, os, contextlib, runpy
here = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScriptTests", "Fixtures")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(here, "tensor_api.py"), run_name="__main__")
out = []
for line in buf.getvalue().splitlines():
    if line.startswith("no cuda: Found no NVIDIA driver"):
        line = "no cuda: Torch not compiled with CUDA enabled"
    out.append(line)
open(os.path.join(here, "tensor_api.out"), "w").write("\n".join(out) + "\n")
print("\n".join(out))

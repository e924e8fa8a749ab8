#!/usr/bin/env python3
"""Runs Tests/ScriptTests/Fixtures/float64_nn.py in real PyTorch and records its output beside it
(float64_nn.out), for DTypeTests (CI has no torch).
Usage: .torchenv/bin/python scripts/torch-fixtures/float64_nn.py
"""
import contextlib, io, os, runpy

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "ScriptTests", "Fixtures")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(here, "float64_nn.py"), run_name="__main__")
with open(os.path.join(here, "float64_nn.out"), "w") as f:
    f.write(buf.getvalue())

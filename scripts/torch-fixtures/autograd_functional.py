#!/usr/bin/env python3
"""Runs Tests/ScriptTests/Fixtures/autograd_functional.py in real PyTorch and records its output beside it
(autograd_functional.out), for AutogradFunctionalTests (CI has no torch).
Usage: .torchenv/bin/python scripts/torch-fixtures/autograd_functional.py
"""
import io, os, contextlib, runpy
here = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScriptTests", "Fixtures")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(here, "autograd_functional.py"), run_name="__main__")
open(os.path.join(here, "autograd_functional.out"), "w").write(buf.getvalue())
print(buf.getvalue(), end="")

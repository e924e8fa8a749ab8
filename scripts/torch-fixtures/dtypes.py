#!/usr/bin/env python3
"""Runs Tests/ScriptTests/Fixtures/dtypes.py in real PyTorch and records its output beside it
(dtypes.out), for DTypeTests (CI has no torch).
Usage: .torchenv/bin/python scripts/torch-fixtures/dtypes.py
"""
import contextlib, io, os, runpy

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "ScriptTests", "Fixtures")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(here, "dtypes.py"), run_name="__main__")
with open(os.path.join(here, "dtypes.out"), "w") as f:
    f.write(buf.getvalue())

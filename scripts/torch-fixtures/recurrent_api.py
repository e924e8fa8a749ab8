#!/usr/bin/env python3
"""Runs Tests/ScriptTests/Fixtures/recurrent_api.py in real PyTorch and records its output beside it
(recurrent_api.out), for RecurrentScriptTests (CI has no torch).
Usage: .torchenv/bin/python scripts/torch-fixtures/recurrent_api.py
"""
import io, os, contextlib, runpy
here = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScriptTests", "Fixtures")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(here, "recurrent_api.py"), run_name="__main__")
open(os.path.join(here, "recurrent_api.out"), "w").write(buf.getvalue())
print(buf.getvalue(), end="")

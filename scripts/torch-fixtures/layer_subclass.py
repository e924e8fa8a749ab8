#!/usr/bin/env python3
"""Runs Tests/ScriptTests/Fixtures/layer_subclass.py in real PyTorch and records its output beside it
(layer_subclass.out), for LayerSubclassTests (CI has no torch).
Usage: .torchenv/bin/python scripts/torch-fixtures/layer_subclass.py
"""
import io, os, contextlib, runpy
here = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScriptTests", "Fixtures")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(here, "layer_subclass.py"), run_name="__main__")
open(os.path.join(here, "layer_subclass.out"), "w").write(buf.getvalue())
print(buf.getvalue(), end="")

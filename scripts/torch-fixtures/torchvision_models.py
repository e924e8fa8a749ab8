#!/usr/bin/env python3
"""Runs Tests/ScriptTests/Fixtures/torchvision_models.py in real PyTorch and records its output beside it
(torchvision_models.out), for TorchvisionModelTests (CI has no torch).
Usage: .torchenv/bin/python scripts/torch-fixtures/torchvision_models.py
"""
import io, os, contextlib, runpy
here = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScriptTests", "Fixtures")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    runpy.run_path(os.path.join(here, "torchvision_models.py"), run_name="__main__")
open(os.path.join(here, "torchvision_models.out"), "w").write(buf.getvalue())
print(buf.getvalue(), end="")

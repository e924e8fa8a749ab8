#!/usr/bin/env python3
"""Runs every Tests/TorchPrograms/<group>/*.py with real PyTorch and records its output next to it
as <name>.expected (stdout; a program that fails records the failure and this script exits 1).

Run with a Python that has torch: .torchenv/bin/python scripts/record-torch-programs.py [group ...]
TorchProgramTests (Tests/ScriptTests) runs the same programs in gradstep and compares. CI has no
torch: it uses the recorded files. Programs print nothing that depends on the random generator.
"""
import os, subprocess, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TorchPrograms")
groups = sys.argv[1:] or sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
failed = 0
for g in groups:
    folder = os.path.join(root, g)
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py"):
            continue
        path = os.path.join(folder, name)
        r = subprocess.run([sys.executable, name], cwd=folder, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            print(f"FAILED {g}/{name}:\n{r.stderr}", file=sys.stderr)
            failed += 1
            continue
        with open(path[:-3] + ".expected", "w") as f:
            f.write(r.stdout)
        print(f"recorded {g}/{name} ({len(r.stdout.splitlines())} lines)")
sys.exit(1 if failed else 0)

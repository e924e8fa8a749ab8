#!/bin/sh
# Records what CPython (with PyTorch, from .torchenv) prints for each program in
# Tests/ScriptTests/Fixtures/python: NAME.out (standard output), NAME.err (standard error) and
# NAME.status (exit status). PythonLanguageTests runs the same programs in gradstep and compares.
# Usage: scripts/record-python-fixtures.sh [NAME ...]   (default: all)
# tqdm_progress needs tqdm importable: pip install --target DIR tqdm, then run with PYTHONPATH=DIR.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.torchenv/bin/python}
[ -x "$PY" ] || PY=/work/main/.torchenv/bin/python
dir=Tests/ScriptTests/Fixtures/python
names=${*:-$(cd $dir && ls *.py | sed 's/\.py$//')}
for n in $names; do
    status=0
    "$PY" -B -W ignore "$dir/$n.py" > "$dir/$n.out" 2> "$dir/$n.err" || status=$?
    echo "$status" > "$dir/$n.status"
    echo "recorded $dir/$n (exit status $status)"
done

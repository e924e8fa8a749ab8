#!/bin/sh
# Records the expected output of every program in Tests/Corpus/<area>/ by running it with the real
# numpy/PyTorch in .torchenv (see README: the developers' Python). The test CorpusTests compares
# gradstep's output with these files; CI has no torch, so the recorded files are committed.
# Usage: scripts/record-corpus-expected.sh [area ...]   (default: numpy)
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.torchenv/bin/python}
[ -x "$PY" ] || PY=/work/main/.torchenv/bin/python
areas=${*:-numpy}   # Tests/Corpus/programs is recorded by scripts/record-corpus.py
for area in $areas; do
    for f in Tests/Corpus/"$area"/*.py; do
        # stdout only: Python's warnings (stderr) are not part of what the program prints
        (cd "$(dirname "$f")" && "$PY" -W ignore "$(basename "$f")") > "${f%.py}.out" || { echo "FAILED: $f"; exit 1; }
        echo "recorded ${f%.py}.out"
    done
done

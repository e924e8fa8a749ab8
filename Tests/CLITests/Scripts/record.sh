#!/bin/sh
# Records what real Python prints for each script here (stdout, stderr, exit status) into
# expected/, with the scripts' folder written as {DIR}. CLITests.RunScriptTests compares
# `gradstep run` against these files. Run from this folder: ./record.sh /path/to/python
PY=${1:-python3}
mkdir -p expected
for f in *.py; do
    n=${f%.py}
    "$PY" "$f" a1 --flag > "expected/$n.stdout" 2> "expected/$n.stderr.raw"
    echo $? > "expected/$n.status"
    sed "s#$(pwd)#{DIR}#g" "expected/$n.stderr.raw" > "expected/$n.stderr"
    rm "expected/$n.stderr.raw"
done

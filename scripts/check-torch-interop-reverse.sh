#!/usr/bin/env bash
# Checks the checkpoint round trip in reverse of check-torch-interop.sh: PyTorch trains the slides'
# Net (one epoch of Fashion-MNIST, or --train-size N images) and saves its state dict with
# safetensors; gradstep loads the file with load(network, path) and evaluates it on the same test
# set. The two must report the same number of correct answers and the same loss to 3 decimals.
# Needs a Python with torch, numpy and safetensors.
# Usage: scripts/check-torch-interop-reverse.sh [PYTHON] [TRAIN_SIZE]   (gradstep: $GRADSTEP_BIN or .build/release/gradstep)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=${1:-${GRADSTEP_TORCH_PYTHON:-$root/.torchenv/bin/python}}
size=${2:-60000}
gs=${GRADSTEP_BIN:-$root/.build/release/gradstep}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
torch_line=$("$py" "$root/scripts/torch-interop/train_torch.py" --train-size "$size")
gs_line=$("$gs" repl < "$root/scripts/torch-interop/load_torch.gs" 2>/dev/null | grep -E '^gradstep: ')
echo "$torch_line"
echo "$gs_line"
"$py" - "$torch_line" "$gs_line" <<'PY'
import re, sys
t, g = (re.search(r"Average loss: ([0-9.]+), Accuracy: (\d+)/(\d+)", s) for s in sys.argv[1:3])
if not (t and g):
    sys.exit("could not read both results")
same = t.group(2, 3) == g.group(2, 3) and abs(float(t.group(1)) - float(g.group(1))) <= 1e-3
print("same accuracy and loss" if same else "DIFFERENT")
sys.exit(0 if same else 1)
PY

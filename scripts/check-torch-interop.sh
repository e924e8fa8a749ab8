#!/usr/bin/env bash
# Checks that PyTorch loads gradstep's checkpoints: gradstep trains the slides' Net for one epoch
# and saves it; PyTorch loads the file with safetensors.torch.load_file + load_state_dict into the
# slides' Net and evaluates it on the same test set. The two test losses and accuracies must agree.
# Needs a Python with torch and safetensors (not needed by the test suite):
#   python3 -m venv .torchenv && .torchenv/bin/pip install torch safetensors numpy
# Usage: scripts/check-torch-interop.sh [PYTHON]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=${1:-$root/.torchenv/bin/python}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$root/.build/release/gradstep" repl < "$root/scripts/torch-interop/train.gs" 2>/dev/null | grep -E '^Test set'
"$py" "$root/scripts/torch-interop/load.py" net.safetensors | grep -E '^PyTorch'

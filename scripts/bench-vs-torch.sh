#!/usr/bin/env bash
# Side-by-side benchmark: PyTorch's reference script (../shared/bench/torch_seed_net.py) and
# gradstep, in one run on the same machine, so their ratio is meaningful on a noisy machine.
# Needs a Python with torch (and torchvision for the DataLoader row):
#   python3 -m venv .torchenv && .torchenv/bin/pip install torch torchvision numpy
# Usage: scripts/bench-vs-torch.sh [PYTHON] [TORCH_SCRIPT]
set -u
cd "$(dirname "$0")/.."
T=${1:-.torchenv/bin/python}
B=${2:-../shared/bench/torch_seed_net.py}
G=.build/release/gradstep
[ -x "$G" ] || { echo "build first: swift build -c release"; exit 1; }
quiet() { grep -v '^epoch [0-9]*/'; }
echo "== load: $(cat /proc/loadavg)"
echo "== torch, whole dataset in one tensor, 2 threads, 3 epochs"; $T "$B" --epochs 3 --threads 2 --loader tensor
echo "== gradstep, whole dataset in one tensor, 2 threads, 3 epochs"; $G bench train --epochs 3 --threads 2 2>/dev/null | quiet
echo "== torch, one tensor, 1 thread, 1 epoch"; $T "$B" --epochs 1 --threads 1 --loader tensor
echo "== gradstep, one tensor, 1 thread, 1 epoch"; $G bench train --epochs 1 --threads 1 2>/dev/null | quiet
echo "== torch, torchvision DataLoader, 2 threads, 1 epoch"; $T "$B" --epochs 1 --threads 2 --loader torchvision
echo "== gradstep, per-sample batches (torchvision's way), 2 threads, 1 epoch"; $G bench train --epochs 1 --threads 2 --loader per-sample 2>/dev/null | quiet
echo "== gradstep bench step"; $G bench step 2>&1
echo "== load: $(cat /proc/loadavg)"

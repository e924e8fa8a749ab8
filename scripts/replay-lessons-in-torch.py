#!/usr/bin/env python3
"""Replays every lesson's blocks in real PyTorch and compares what they print with the lesson's
```output blocks, under the same rules as gradstep's matcher (README, "How outputs are compared").

    .torchenv/bin/python scripts/replay-lessons-in-torch.py [LESSON.md ...]

Needs a Python with torch (and torchvision for lessons 6-7). Without arguments it replays every
lessons/*.md. Exit status 1 when any checked output differs from PyTorch's, or any exercise's
solution fails its checks.

What is run: every ```python gradstep block except `skip` blocks and exercise starting blocks
(`exercise`), in order, in one namespace per lesson, after torch.manual_seed(seed). `raises` blocks
must raise; their expected output then ends with PyTorch's `Kind: message`, compared as text too
(where gradstep's message differs from PyTorch's, the lesson writes `...` over the differing part).
gradstep's own helpers, which the lessons mark as such (show, plot, fit, evaluate, save, load), get
small stand-ins here: show and plot draw nothing, fit and evaluate do the slides' loops, save and
load write and read safetensors files.

Fashion-MNIST: lessons pass torchvision a root folder. Debian's copy
(/usr/share/datasets/fashion-mnist, four .gz files) is not laid out as torchvision expects
(ROOT/FashionMNIST/raw/), so this script links it into a temporary folder of that layout and
passes that folder instead. Non-goals: timing, pictures.
"""
import contextlib
import gzip
import io
import os
import re
import shutil
import sys
import tempfile
import traceback

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
LESSONS = os.path.join(os.path.dirname(HERE), "lessons")
DEBIAN_FASHION = "/usr/share/datasets/fashion-mnist"


# ---- the lesson format (a small reader of the fences gradstep's libcmark parser sees) -------------

def read_lesson(path):
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    seed = 0
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                for l in lines[1:j]:
                    if l.strip().startswith("seed:"):
                        seed = int(l.split(":", 1)[1])
                i = j + 1
                break
    blocks = []
    while i < len(lines):
        m = re.match(r"^ {0,3}(`{3,}|~{3,})\s*(.*)$", lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(1), m.group(2).split()
        body = []
        i += 1
        while i < len(lines) and not re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", lines[i]):
            body.append(lines[i])
            i += 1
        i += 1
        code = "\n".join(body)
        if "gradstep" in info:
            words = info[info.index("gradstep") + 1:]
            blocks.append({"code": code, "line": i - len(body) - 1, "markers": words, "expected": None})
        elif info[:1] == ["output"] and blocks:
            blocks[-1]["expected"] = code
    return seed, blocks


# ---- the matcher: the same rules as Sources/GradLessons/OutputMatcher.swift -------------------------

NUM = re.compile(r"~?-?(?:\d+(?:\.(?!\.)\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def tokens(text):
    out = []
    lines = [l.rstrip(" \t") for l in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    s = "\n".join(lines)
    i = 0
    while i < len(s):
        c = s[i]
        if c in " \t":
            i += 1
            continue
        if c == "\n":
            out.append(("nl",))
            i += 1
            continue
        if s.startswith("...", i):
            out.append(("any",))
            while i < len(s) and s[i] == ".":
                i += 1
            continue
        m = NUM.match(s, i)
        if m and (m.group(0).lstrip("~-")[:1].isdigit() or m.group(0).lstrip("~-")[:2].startswith(".")):
            t = m.group(0)
            approx = t.startswith("~")
            out.append(("num", t.lstrip("~"), approx))
            i = m.end()
            continue
        out.append(("ch", c))
        i += 1
    return out


def num_matches(written, actual, approx):
    if not approx:
        return written == actual
    try:
        ev, av = float(written), float(actual)
    except ValueError:
        return False
    mant, _, exp = written.lower().partition("e")
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    unit = 10.0 ** ((int(exp) if exp else 0) - decimals)
    if abs(av - ev) <= 0.5 * unit * (1 + 1e-9):
        return True
    toward = (av - ev) if ev >= 0 else (ev - av)
    return 0 <= toward < unit * (1 - 1e-9)


def matches(expected, actual):
    e, a = tokens(expected), tokens(actual)
    memo = {}

    def go(i, j):
        key = (i, j)
        if key in memo:
            return memo[key]
        if i == len(e):
            r = j == len(a)
        elif e[i][0] == "any":
            r = any(go(i + 1, k) for k in range(j, len(a) + 1))
        elif j < len(a) and tok_eq(e[i], a[j]):
            r = go(i + 1, j + 1)
        else:
            r = False
        memo[key] = r
        return r

    def tok_eq(x, y):
        if x[0] == "num" and y[0] == "num":
            return num_matches(x[1], y[1], x[2])
        return x == y

    return go(0, 0)


# ---- gradstep's helpers, as plain PyTorch ---------------------------------------------------------

class _Result:
    def __init__(self, accuracy, loss):
        self.accuracy, self.loss = accuracy, loss


class _History:
    def __init__(self):
        self.losses, self.accuracy, self.test_accuracy = [], [], []


def show(*args, **kwargs):
    pass


def plot(*args, **kwargs):
    pass


def heatmap(*args, **kwargs):
    pass


def fit(model, optimizer, loader, epochs=1, test_loader=None, **kwargs):
    import torch.nn.functional as F
    h = _History()
    for _ in range(epochs):
        model.train()
        for data, target in loader:
            loss = F.cross_entropy(model(data), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            h.losses.append(loss.item())
        h.accuracy.append(evaluate(model, loader).accuracy)
        if test_loader is not None:
            h.test_accuracy.append(evaluate(model, test_loader).accuracy)
    return h


def evaluate(model, loader, show=False, **kwargs):
    import torch.nn.functional as F
    model.eval()
    correct, total, loss = 0, 0, 0.0
    with torch.no_grad():
        for data, target in loader:
            out = model(data)
            loss += F.cross_entropy(out, target, reduction="sum").item()
            correct += (out.argmax(dim=1) == target).sum().item()
            total += len(target)
    return _Result(correct / total, loss / total)


def save(model, path, optimizer=None):
    from safetensors.torch import save_file
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, path)
    return [path]


def load(model, path, optimizer=None):
    from safetensors.torch import load_file
    model.load_state_dict(load_file(path))


# ---- Fashion-MNIST in torchvision's layout ----------------------------------------------------------

def fashion_root(tmp):
    raw = os.path.join(tmp, "FashionMNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    for f in os.listdir(DEBIAN_FASHION):
        if f.endswith(".gz"):
            dst = os.path.join(raw, f[:-3])
            if not os.path.exists(dst):
                with gzip.open(os.path.join(DEBIAN_FASHION, f)) as src, open(dst, "wb") as out:
                    shutil.copyfileobj(src, out)
    return tmp


def patch_torchvision(tmp):
    try:
        import torchvision
    except ImportError:
        return
    original = torchvision.datasets.FashionMNIST.__init__

    def init(self, root, *args, **kwargs):
        if os.path.abspath(str(root)).rstrip("/") == DEBIAN_FASHION:
            root = fashion_root(tmp)
        kwargs["download"] = False
        original(self, root, *args, **kwargs)

    torchvision.datasets.FashionMNIST.__init__ = init


# ---- replay ------------------------------------------------------------------------------------------

def replay(path, tmp):
    seed, blocks = read_lesson(path)
    torch.manual_seed(seed)
    ns = {"__name__": "__lesson__", "show": show, "plot": plot, "heatmap": heatmap, "fit": fit, "evaluate": evaluate,
          "save": save, "load": load}
    failures = 0
    compared = 0
    for n, b in enumerate(blocks, 1):
        if "skip" in b["markers"] or "exercise" in b["markers"]:
            continue
        out = io.StringIO()
        error = None
        with contextlib.redirect_stdout(out):
            try:
                code = compile(b["code"], f"{path}:{b['line']}", "exec")
                # As a notebook cell: the value of a last expression line is shown.
                tree = __import__("ast").parse(b["code"])
                last = tree.body[-1] if tree.body else None
                if isinstance(last, __import__("ast").Expr):
                    body = __import__("ast").Module(body=tree.body[:-1], type_ignores=[])
                    exec(compile(body, f"{path}:{b['line']}", "exec"), ns)
                    value = eval(compile(__import__("ast").Expression(last.value), f"{path}:{b['line']}", "eval"), ns)
                    if value is not None:
                        print(repr(value))
                else:
                    exec(code, ns)
            except Exception as e:  # noqa: BLE001 - any error is reported
                error = e
        text = out.getvalue()
        where = f"{os.path.relpath(path)}:{b['line']} block {n}"
        if "raises" in b["markers"]:
            if error is None:
                print(f"FAIL {where}: marked raises, but PyTorch raised nothing")
                failures += 1
                continue
            text += f"{type(error).__name__}: {error}\n"
        elif error is not None:
            print(f"FAIL {where}: {type(error).__name__}: {error}")
            traceback.print_exception(error, limit=-3)
            failures += 1
            continue
        if "nocheck" in b["markers"] or b["expected"] is None:
            continue
        compared += 1
        if not matches(b["expected"], text):
            failures += 1
            print(f"FAIL {where}: output differs from PyTorch's")
            print("--- lesson\n" + b["expected"].rstrip() + "\n+++ PyTorch\n" + text.rstrip())
    status = "PASS" if failures == 0 else "FAIL"
    print(f"{status} {os.path.relpath(path)}: {compared} outputs compared, {failures} failed")
    return failures


def main():
    paths = sys.argv[1:] or sorted(os.path.join(LESSONS, f) for f in os.listdir(LESSONS) if f.endswith(".md"))
    torch.set_num_threads(1)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        patch_torchvision(tmp)
        for p in paths:
            failed += replay(p, tmp) > 0
    print(f"{len(paths) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

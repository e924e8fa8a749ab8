// ExportHelpers.swift: the Python module `gradstep_helpers.py` that `gradstep export` writes next to
// an exported lesson, so the export runs unchanged with real PyTorch and torchvision: gradstep's
// builtins that PyTorch lacks (show, plot, fit, evaluate, trainer, save, load), the names gradstep
// binds without imports, and gradstep's dataset folders. Kept here as text so the binary carries it.
// Non-goals: drawing like gradstep's terminal charts (matplotlib when present, plain text otherwise).

extension LessonExport {
    /// The file name the exports import (`from gradstep_helpers import *`).
    public static let helpersFileName = "gradstep_helpers.py"

    /// The module's source.
    public static let helpersSource = #"""
        """gradstep_helpers: gradstep's own helpers for a lesson exported to real PyTorch.

        Written next to an exported lesson by `gradstep export`; the export starts with
        `from gradstep_helpers import *`. It gives the names gradstep has without importing (torch, nn, F,
        optim, torchvision, datasets, transforms, DataLoader, Subset) and gradstep's helpers, in plain
        PyTorch, printing what gradstep prints:

        - show(x, title=None) / imshow: a picture of a tensor ([H, W], [1, H, W], a batch as a grid);
        - plot(values, title='', save=None, x=None, xlabel=None, ylabel=None): a line chart of numbers, of
          named lists or of fit's history, against x when given;
        - fit(model, optimizer, loader, epochs=1, loss=F.cross_entropy, validation=None) -> History;
        - evaluate(model, loader, loss=F.cross_entropy, show=False) -> Evaluation;
        - trainer(model, optimizer, loader, loss=F.cross_entropy): .step(n) and .undo(n);
        - save(model, path, optimizer=None) / load(model, path, optimizer=None): safetensors files;
        - echo(value): what a notebook shows for a cell's last expression (the .py export uses it).

        Pictures and charts use matplotlib when it is installed; otherwise a text rendering goes to standard
        error, so that standard output holds only what gradstep's lessons compare.

        Datasets as in gradstep: torchvision.datasets.FashionMNIST and MNIST take root=None (gradstep's data
        folder: $GRADSTEP_DATA, else /usr/share/datasets/fashion-mnist for Fashion-MNIST and
        ~/.cache/gradstep/mnist for MNIST) and folders holding the four IDX files directly (.gz or not),
        which are unpacked once into ~/.cache/gradstep/torchvision in the layout torchvision reads.
        DataLoader also takes gradstep's seed= (a generator for the shuffling).
        """
        import copy
        import gzip
        import hashlib
        import os
        import shutil
        import sys
        import time

        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        import torch.optim as optim
        from torch.utils.data import DataLoader as _TorchDataLoader
        from torch.utils.data import Subset

        try:
            import torchvision
            datasets = torchvision.datasets
            transforms = torchvision.transforms
        except ImportError:  # lessons without data still run
            torchvision = datasets = transforms = None

        try:
            import matplotlib.pyplot as _plt
        except ImportError:
            _plt = None

        __all__ = ["torch", "nn", "F", "optim", "torchvision", "datasets", "transforms", "DataLoader", "Subset",
                   "show", "imshow", "plot", "fit", "evaluate", "trainer", "save", "load", "echo"]

        _IDX = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", \#
        "t10k-labels-idx1-ubyte"]


        def _default_root(name):
            env = os.environ.get("GRADSTEP_DATA")
            if env:
                return env
            if name == "FashionMNIST":
                return "/usr/share/datasets/fashion-mnist"
            return os.path.join(os.path.expanduser("~"), ".cache", "gradstep", "mnist")


        def _torchvision_root(root, name):
            """A root torchvision reads (ROOT/NAME/raw/<idx files>) for a folder gradstep reads."""
            root = _default_root(name) if root is None else str(root)
            if all(os.path.exists(os.path.join(root, name, "raw", f)) for f in _IDX):
                return root
            def source(folder, f):
                for cand in (os.path.join(folder, f + ".gz"), os.path.join(folder, f)):
                    if os.path.exists(cand):
                        return cand
                return None
            for folder in (root, os.path.join(root, name, "raw")):
                found = [source(folder, f) for f in _IDX]
                if all(found):
                    break
            else:
                return root  # torchvision says what is missing
            cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
            key = hashlib.sha1(os.path.abspath(folder).encode()).hexdigest()[:12]
            out = os.path.join(cache_home, "gradstep", "torchvision", key)
            raw = os.path.join(out, name, "raw")
            os.makedirs(raw, exist_ok=True)
            for f, src in zip(_IDX, found):
                dst = os.path.join(raw, f)
                if not os.path.exists(dst):
                    tmp = dst + ".part%d" % os.getpid()
                    with (gzip.open(src) if src.endswith(".gz") else open(src, "rb")) as i, open(tmp, "wb") as o:
                        shutil.copyfileobj(i, o)
                    os.replace(tmp, dst)
            return out


        def _patch_dataset(cls):
            original = cls.__init__
            def __init__(self, root=None, train=True, transform=None, target_transform=None, download=False):
                where = _torchvision_root(root, cls.__name__)
                original(self, where, train=train, transform=transform, target_transform=target_transform,
                         download=download and where == root)
            cls.__init__ = __init__


        if datasets is not None:
            _patch_dataset(datasets.FashionMNIST)
            _patch_dataset(datasets.MNIST)


        def DataLoader(dataset, batch_size=1, shuffle=False, seed=None, drop_last=False, **kwargs):
            """torch.utils.data.DataLoader, with gradstep's seed= for a reproducible shuffle."""
            if seed is not None:
                kwargs["generator"] = torch.Generator().manual_seed(seed)
            return _TorchDataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, **kwargs)


        def echo(value):
            """What a notebook shows for a cell's last expression: its repr, nothing for None."""
            if value is not None:
                print(repr(value))


        # ---- pictures and charts -------------------------------------------------------------------------

        _SHADES = " .:-=+*#%@"


        def _text_picture(img, title):
            lines = [title] if title else []
            lo, hi = float(img.min()), float(img.max())
            span = (hi - lo) or 1.0
            for row in img[::2]:
                lines.append("".join(_SHADES[min(9, int((float(v) - lo) / span * 9.999))] for v in row))
            print("\n".join(lines), file=sys.stderr)


        def _grid(x):
            x = torch.as_tensor(x).detach().float().cpu()
            if x.dim() == 3 and x.shape[0] == 1:
                x = x[0]
            if x.dim() == 4:
                x = x[:, 0]
            if x.dim() == 3:  # a batch [N, H, W] side by side, in rows of 8
                n, h, w = x.shape
                cols = min(8, n)
                rows = (n + cols - 1) // cols
                g = torch.full((rows * (h + 1) - 1, cols * (w + 1) - 1), float(x.min()))
                for i in range(n):
                    r, c = divmod(i, cols)
                    g[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = x[i]
                x = g
            if x.dim() != 2:
                raise ValueError("show(): expected [H, W], [1, H, W] or [N, 1, H, W], got %s" % list(x.shape))
            return x


        def show(x, title=None):
            """Draws a tensor as a picture ([H, W], [1, H, W], or a batch as a grid)."""
            img = _grid(x)
            if _plt is not None:
                _plt.figure()
                _plt.imshow(img.numpy(), cmap="gray")
                _plt.axis("off")
                if title:
                    _plt.title(title)
                _plt.show()
            else:
                _text_picture(img, title)


        imshow = show

        _BARS = "▁▂▃▄▅▆▇█"


        def _series(values):
            if isinstance(values, History):
                s = [("loss per step", values.batch_losses)]
                if values.accuracy:
                    s.append(("train accuracy per epoch", values.accuracy))
                if values.test_accuracy:
                    s.append(("test accuracy per epoch", values.test_accuracy))
                return s
            def numbers(vs):
                return [float(v) for v in (vs.flatten().tolist() if torch.is_tensor(vs) else vs)]
            if isinstance(values, dict):
                return [(str(name), numbers(vs)) for name, vs in values.items()]
            return [("values", numbers(values))]


        def _svg(title, series, path):
            w, h, pad = 640, 360, 40
            parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">' % (w, h),
                     '<text x="%d" y="24" font-family="sans-serif">%s</text>' % (pad, title)]
            for k, (name, ys) in enumerate(series):
                if not ys:
                    continue
                lo, hi = min(ys), max(ys)
                span = (hi - lo) or 1.0
                pts = " ".join("%.1f,%.1f" % (pad + i * (w - 2 * pad) / max(1, len(ys) - 1),
                                              h - pad - (y - lo) / span * (h - 2 * pad)) for i, y in enumerate(ys))
                parts.append('<polyline fill="none" stroke="%s" points="%s"><title>%s</title></polyline>'
                             % (["#1f77b4", "#ff7f0e", "#2ca02c"][k % 3], pts, name))
            parts.append("</svg>")
            with open(path, "w") as f:
                f.write("\n".join(parts) + "\n")


        def plot(values, title="", save=None, x=None, xlabel=None, ylabel=None):
            """A line chart of a history (loss and accuracy), of numbers, or of several named lists; x= gives
            the x values (one per value), xlabel=/ylabel= label the axes; save='loss.svg' also writes an SVG."""
            series = _series(values)
            chart_title = title or ("training history" if isinstance(values, History) else "")
            xs = None if x is None else [float(v) for v in x]
            if xs is not None:
                for name, ys in series:
                    if len(ys) != len(xs):
                        raise ValueError("plot(): x has %d values but %s has %d" % (len(xs), name or "values", len(ys)))
            if _plt is not None:
                _plt.figure()
                for name, ys in series:
                    if xs is None:
                        _plt.plot(ys, label=name)
                    else:
                        _plt.plot(xs, ys, label=name)
                if chart_title:
                    _plt.title(chart_title)
                if xlabel:
                    _plt.xlabel(xlabel)
                if ylabel:
                    _plt.ylabel(ylabel)
                if len(series) > 1:
                    _plt.legend()
                if save:
                    _plt.savefig(save)
                _plt.show()
            else:
                axes = ""
                if xlabel or ylabel or xs is not None:
                    axes = "  [%s against %s%s]" % (ylabel or "y", xlabel or "x",
                                                   "" if xs is None else " from %.4g to %.4g" % (xs[0], xs[-1]))
                for name, ys in series:
                    if ys:
                        lo, hi = min(ys), max(ys)
                        span = (hi - lo) or 1.0
                        line = "".join(_BARS[min(7, int((y - lo) / span * 7.999))] for y in ys[:120])
                        prefix = chart_title + " " if chart_title else ""
                        print("%s%s: %s  (%.4g .. %.4g)%s" % (prefix, name, line, lo, hi, axes), file=sys.stderr)
                if save:
                    _svg(chart_title, series, save)
            if save:
                print("saved chart to %s" % save)


        # ---- training and evaluation ---------------------------------------------------------------------

        class History:
            """What fit returns: per-epoch losses and accuracies, and every batch's loss."""

            def __init__(self):
                self.loss, self.accuracy, self.test_loss, self.test_accuracy = [], [], [], []
                self.batch_losses, self.seconds, self.interrupted = [], [], False

            def __repr__(self):
                lines = []
                for e in range(len(self.loss)):
                    s = "epoch %d: loss %.4f, accuracy %.2f%%, %.2f s" % (e + 1, self.loss[e], 100 * \#
        self.accuracy[e], self.seconds[e])
                    if e < len(self.test_loss):
                        s += " | test loss %.4f, test accuracy %.2f%%" % (self.test_loss[e], 100 * \#
        self.test_accuracy[e])
                    lines.append(s)
                return "\n".join(lines)


        class Evaluation:
            """What evaluate returns: mean loss per sample, accuracy, confusion matrix, misclassified indices."""

            def __init__(self, loss, correct, total, confusion, classes, misclassified):
                self.loss, self.correct, self.total = loss, correct, total
                self.accuracy = correct / total
                self.confusion, self.classes, self.misclassified = confusion, classes, misclassified

            @property
            def summary(self):
                return "Test set: Average loss: %.4f, Accuracy: %d/%d (%.0f%%)" % (self.loss, self.correct, \#
        self.total, 100 * self.accuracy)

            def __repr__(self):
                k = len(self.confusion)
                label = min(14, max(len(c) for c in self.classes))
                cell = max(5, len(str(max(max(r) for r in self.confusion))) + 1)
                s = self.summary + "\nConfusion matrix (rows: true class, columns: predicted)\n" + " " * (label + 1)
                s += "".join(str(j).rjust(cell) for j in range(k)) + "\n"
                rows = [self.classes[i][:label].ljust(label + 1) + "".join(str(v).rjust(cell) for v in \#
        self.confusion[i]) for i in range(k)]
                return s + "\n".join(rows)


        def _classes(dataset):
            while isinstance(dataset, Subset):
                dataset = dataset.dataset
            return list(getattr(dataset, "classes", []) or [])


        def evaluate(model, loader, loss=F.cross_entropy, show=False):
            """Loss, accuracy and confusion matrix of model on every sample of loader.dataset, in order."""
            dataset = loader.dataset
            ordered = _TorchDataLoader(dataset, batch_size=loader.batch_size or 100, shuffle=False)
            was_training = model.training
            model.eval()
            loss_sum, correct, total, preds, targets = 0.0, 0, 0, [], []
            with torch.no_grad():
                for data, target in ordered:
                    out = model(data)
                    loss_sum += float(loss(out, target)) * len(target)
                    p = out.argmax(dim=1)
                    correct += int((p == target).sum())
                    total += len(target)
                    preds.append(p)
                    targets.append(target)
            model.train(was_training)
            preds, targets = torch.cat(preds), torch.cat(targets)
            classes = _classes(dataset)
            k = max(len(classes), int(max(preds.max(), targets.max())) + 1)
            classes = classes or [str(i) for i in range(k)]
            confusion = [[0] * k for _ in range(k)]
            for t, p in zip(targets.tolist(), preds.tolist()):
                confusion[t][p] += 1
            wrong = (preds != targets).nonzero().flatten().tolist()
            result = Evaluation(loss_sum / total, correct, total, confusion, classes, wrong)
            if show:
                print(repr(result), file=sys.stderr)
                if wrong:
                    show_images = torch.stack([dataset[i][0] for i in wrong[:16]])
                    globals()["show"](show_images, title="misclassified (first %d of %d)" % (min(16, len(wrong)), \#
        len(wrong)))
            return result


        def fit(model, optimizer, loader, epochs=1, loss=F.cross_entropy, validation=None):
            """The slides' training loop for some epochs (progress on standard error); returns the History."""
            if epochs < 1:
                raise ValueError("fit: epochs must be at least 1, got %d" % epochs)
            h = History()
            for epoch in range(1, epochs + 1):
                model.train()
                t0 = time.time()
                loss_sum, correct, seen, batches = 0.0, 0, 0, 0
                for data, target in loader:
                    optimizer.zero_grad()
                    out = model(data)
                    l = loss(out, target)
                    v = l.item()
                    if v != v or v in (float("inf"), float("-inf")):
                        raise FloatingPointError("loss is %s at epoch %d, step %d: training stopped before that \#
        update" % (v, epoch, batches + 1))
                    l.backward()
                    optimizer.step()
                    batches += 1
                    loss_sum += v
                    h.batch_losses.append(v)
                    seen += len(target)
                    if out.dim() == 2 and target.dim() == 1:
                        correct += int((out.argmax(dim=1) == target).sum())
                h.seconds.append(time.time() - t0)
                h.loss.append(loss_sum / max(1, batches))
                h.accuracy.append(correct / max(1, seen))
                line = "epoch %d/%d: loss %.4f, accuracy %.2f%%" % (epoch, epochs, h.loss[-1], 100 * h.accuracy[-1])
                if validation is not None:
                    ev = evaluate(model, validation, loss)
                    h.test_loss.append(ev.loss)
                    h.test_accuracy.append(ev.accuracy)
                    line += " | test loss %.4f, test accuracy %.2f%%" % (ev.loss, 100 * ev.accuracy)
                print(line, file=sys.stderr)
            return h


        class Trainer:
            """One training step at a time, with undo (gradstep's REPL :step and :undo)."""

            def __init__(self, model, optimizer, loader, loss):
                self.model, self.optimizer, self.loader, self.loss = model, optimizer, loader, loss
                self.steps, self._saved, self._it, self._epoch, self._batch = 0, [], None, 0, 0

            def _next(self):
                if self._it is None:
                    self._it, self._epoch, self._batch = iter(self.loader), self._epoch + 1, 0
                try:
                    b = next(self._it)
                except StopIteration:
                    self._it = None
                    return self._next()
                self._batch += 1
                return b

            def step(self, n=1):
                for _ in range(n):
                    self._saved.append((copy.deepcopy(self.model.state_dict()), \#
        copy.deepcopy(self.optimizer.state_dict())))
                    data, target = self._next()
                    self.model.train()
                    rng = torch.get_rng_state()
                    self.optimizer.zero_grad()
                    out = self.model(data)
                    l = self.loss(out, target)
                    l.backward()
                    self.optimizer.step()
                    torch.set_rng_state(rng)  # same dropout mask for the loss after
                    with torch.no_grad():
                        after = float(self.loss(self.model(data), target))
                    self.steps += 1
                    s = "step %d (epoch %d, batch %d/%d): loss %.4f -> %.4f" % (self.steps, self._epoch, self._batch, \#
        len(self.loader), l.item(), after)
                    if out.dim() == 2 and target.dim() == 1:
                        s += ", batch accuracy %.1f%%" % (100 * float((out.argmax(dim=1) == target).float().mean()))
                    print(s)

            def undo(self, n=1):
                k = 0
                while k < n and self._saved:
                    m, o = self._saved.pop()
                    self.model.load_state_dict(m)
                    self.optimizer.load_state_dict(o)
                    self.steps -= 1
                    k += 1
                return k

            def __repr__(self):
                return "Trainer(model=%s, optimizer=%s, steps=%d)" % (type(self.model).__name__, \#
        type(self.optimizer).__name__, self.steps)


        def trainer(model, optimizer, loader, loss=F.cross_entropy):
            """A Trainer: trainer(...).step(n) runs n training steps and prints each; .undo(n) takes them back."""
            return Trainer(model, optimizer, loader, loss)


        # ---- checkpoints -----------------------------------------------------------------------------------

        def _optimizer_path(path):
            """gradstep's companion file: net.safetensors -> net.optim.safetensors."""
            stem = path[:-len(".safetensors")] if path.endswith(".safetensors") else path
            return stem + ".optim.safetensors"


        def _param_names(model, optimizer):
            names = {id(p): n for n, p in model.named_parameters()}
            params = [p for g in optimizer.param_groups for p in g["params"]]
            return params, [names.get(id(p), "param.%d" % i) for i, p in enumerate(params)]


        def save(model, path, optimizer=None):
            """The parameters as safetensors (PyTorch's names); with an optimizer, its state beside it in
            gradstep's format (net.optim.safetensors: one tensor `<param>.<buffer>` per state buffer, the
            step counts and learning rate in the metadata), so gradstep and PyTorch continue each other's
            training. Both files carry one save id; load refuses a pair from two saves."""
            from safetensors.torch import save_file
            save_id = "%016x" % int.from_bytes(os.urandom(8), "little")
            save_file({k: v.detach().contiguous() for k, v in model.state_dict().items()}, path,
                      metadata={"format": "pt", "model": type(model).__name__, "gradstep_save_id": save_id})
            if optimizer is None:
                return [path]
            params, names = _param_names(model, optimizer)
            meta = {"format": "gradstep-optimizer-1", "optimizer": type(optimizer).__name__,
                    "lr": repr(float(optimizer.param_groups[0]["lr"])), "gradstep_save_id": save_id}
            tensors = {}
            for p, name in zip(params, names):
                state = optimizer.state.get(p, {})
                step = state.get("step", None)
                if step is None and "momentum_buffer" in state:
                    step = 1  # SGD keeps no count; gradstep's SGD only needs to know the buffer exists
                meta["step." + name] = str(int(step if step is not None else 0))
                for k, v in state.items():
                    if k != "step" and isinstance(v, torch.Tensor):
                        tensors[name + "." + k] = v.detach().to(torch.float32).contiguous()
            opt_path = _optimizer_path(path)
            save_file(tensors, opt_path, metadata=meta)
            return [path, opt_path]


        def load(model, path, optimizer=None):
            """Reads parameters saved by save or by gradstep's save; with an optimizer, its state from the
            companion file (both read and checked before anything changes)."""
            from safetensors import safe_open
            from safetensors.torch import load_file
            weights = load_file(path)
            with safe_open(path, "pt") as f:
                model_id = (f.metadata() or {}).get("gradstep_save_id")
            new_state = None
            if optimizer is not None:
                opt_path = _optimizer_path(path)
                with safe_open(opt_path, "pt") as f:
                    meta = f.metadata() or {}
                    buffers = {k: f.get_tensor(k) for k in f.keys()}
                if meta.get("format") != "gradstep-optimizer-1":
                    raise ValueError("%s: not a gradstep optimizer state file" % opt_path)
                if meta.get("optimizer") != type(optimizer).__name__:
                    raise ValueError("%s: holds %s state, the optimizer is %s"
                                     % (opt_path, meta.get("optimizer"), type(optimizer).__name__))
                if model_id and meta.get("gradstep_save_id") not in (None, model_id):
                    raise ValueError("%s was saved with a different model file than %s" % (opt_path, path))
                params, names = _param_names(model, optimizer)
                state_dict = optimizer.state_dict()
                counted = type(optimizer).__name__ != "SGD"  # PyTorch's SGD keeps no step count
                new_state, used = {}, set()
                for i, name in enumerate(names):
                    st = {k[len(name) + 1:]: v.to(params[i].dtype) for k, v in buffers.items()
                          if k.startswith(name + ".") and "." not in k[len(name) + 1:]}
                    used.update(name + "." + k for k in st)
                    step = int(meta.get("step." + name, "0"))
                    if counted and (st or step):
                        st["step"] = torch.tensor(float(step))
                    if st:
                        new_state[i] = st
                unexpected = sorted(set(buffers) - used)
                if unexpected:
                    raise ValueError("%s: unexpected tensor(s): %s" % (opt_path, ", ".join(unexpected)))
                state_dict["state"] = new_state
                for g in state_dict["param_groups"]:
                    g["lr"] = float(meta.get("lr", g["lr"]))
                new_state = state_dict
            model.load_state_dict(weights)
            if new_state is not None:
                optimizer.load_state_dict(new_state)
        """#
}

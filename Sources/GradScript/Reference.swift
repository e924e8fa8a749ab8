// Reference: docs/LANGUAGE.md, generated from `Builtins.docs` (the data `:help` shows) plus a
// fixed description of the language. A test regenerates it and fails when the file is stale:
//   GRADSTEP_WRITE_DOCS=1 swift test --filter ReferenceDocTests
// Non-goals: per-builtin long-form docs (the one line and the example are the contract).

extension Builtins {
    /// The text of docs/LANGUAGE.md.
    public static func referenceMarkdown() -> String {
        var s = """
            # The gradstep language

            <!-- Generated from Builtins.docs by Builtins.referenceMarkdown(); do not edit by hand. -->

            Lessons and the REPL speak one Python-flavoured language, so the slides' PyTorch code runs as
            written. This page lists the language and every builtin (the REPL's `:help NAME` shows the same
            text).

            ## The language

            - **Literals**: integers (`3`, `0x1f`), floats (`0.5`, `1e-3`), strings in single, double or
              triple quotes (`'a'`, `"b"`, f-strings `f"{loss:.4f}"`), `True`, `False`, `None`, lists `[1, 2]`,
              tuples `(1, 2)`, dicts `{'lr': 0.01}`; `#` starts a comment.
            - **Operators**, loosest first: `lambda`; `x if c else y`; `or`; `and`; `not`; comparisons
              `< <= > >= == != in not in is is not` (chainable); `|`; `^`; `&`; `<< >>`; `+ -`;
              `* / // % @`; unary `- + ~`; `**`; then calls, indexing and attributes.
              Python ints stay ints (`7 // 2 == 3`), `/` gives a float, a tensor on either side makes a tensor
              op with broadcasting (`2 * x`, `x - 1.5`, `x ** 2`, `a @ b`, `x // 2`, `x % 2` with Python's
              signs: `-7 % 2 == 1`; `%` has gradient 1 for x and -floor(x/y) for y, `//` has none).
            - **Indexing and slicing**: `x[0]`, `x[-1]`, `x[:, 1:3]`, `x[..., 0]`, `x[None]`, `x[mask]`,
              `output.max(dim=1)[1]`.
            - **Calls** with positional and keyword arguments, `*args` and `**kwargs`.
            - **Statements**: assignment with unpacking (`data, target = batch`, `a, *rest = xs`),
              augmented assignment (`+= -= *= /= //= %= **= @=`; on a tensor it updates in place, as
              PyTorch's `add_`), `if`/`elif`/`else`, `for ... in ...` (ranges, lists, tensors, data loaders,
              `enumerate`, `zip`), `while`, `break`, `continue`, `def` with default arguments and `return`,
              `lambda`, `class` with methods (`class Net(nn.Module)`, `super(Net, self).__init__()` or
              `super().__init__()`), `with torch.no_grad():`, `import torch`, `import torch.nn as nn`,
              `import torch.nn.functional as F`, `import torch.optim as optim`, `from torch import nn`,
              `try`/`except`/`finally`, `raise`, `assert`, `del`, `global`, `pass`.
            - **Blocks** are indented as in Python. At the REPL a block continues with `...` until a blank line.
            - **Names**: `torch`, `nn`, `F`, `optim`, `datasets`, `transforms`, `DataLoader` and the plain
              names below are available without importing; imports bind them as Python does.
            - **Models**: in a `class Net(nn.Module)`, layers and tensors made with `nn.Parameter` that are
              assigned to `self` register themselves in order, so `network.parameters()` and `print(network)`
              behave as in PyTorch; calling `network(x)` runs `forward`.
            - **Printing**: values print as Python and PyTorch print them (`tensor([[1., 2.], [3., 4.]],
              requires_grad=True)`; more than 1000 elements are abbreviated with `...`), modules print their tree.
            - **Errors** name what failed and where (`file:line:col`, the line, a caret) with a short traceback
              inside functions and a suggestion for misspelt names. Ctrl-C stops a running statement; variables
              keep their values. Recursion deeper than 200 calls is a `RecursionError`.

            """
        var section = ""
        for d in docs {
            if d.section != section {
                section = d.section
                s += "\n## \(section)\n\n"
            }
            s += "### `\(d.name)`\n\n`\(d.signature)`\n\n\(d.summary)\n\n```python\n\(d.example)\n```\n\n"
        }
        return s
    }
}

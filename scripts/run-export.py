#!/usr/bin/env python3
"""Runs a lesson exported by `gradstep export` with real PyTorch, cell by cell, and writes what each
code cell printed as JSON, for the test that compares it with the lesson's expected outputs.

    GRADSTEP_TORCH_PYTHON=.torchenv/bin/python
    $GRADSTEP_TORCH_PYTHON scripts/run-export.py LESSON.ipynb|LESSON.py [OUT.json]

A notebook runs in Jupyter itself when nbclient, nbformat and ipykernel are installed in this Python
(`pip install nbclient nbformat ipykernel`; what `jupyter nbconvert --execute` does): a python3
kernel runs the cells in order in the notebook's folder, and each code cell's stdout stream and
execute_result text are read back from the executed notebook. Without them (or with
GRADSTEP_EXPORT_RUNNER=plain) it runs as Jupyter's "Run All" does: one namespace, in the notebook's
folder; a cell's last expression, when not None, is shown as its repr;
an error ends the run, except in a cell tagged raises-exception, whose output then ends with
`Kind: message`. A .py export (percent format) runs its `# %%` cells the same way, without the
automatic display (the export writes echo(...) itself), so this is what `python LESSON.py` prints,
cut at the cells. Standard error (pictures and progress in text form) is not recorded.
Output: [{"cell": k, "output": "...", "error": "Kind: message" or null}, ...] for the code cells.
"""
import ast
import contextlib
import io
import json
import os
import sys
import traceback


def notebook_cells(path):
    nb = json.load(open(path, encoding="utf-8"))
    cells = []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        src = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
        cells.append((src, c.get("metadata", {}).get("tags", [])))
    return cells


def script_cells(path):
    cells, cur, kind = [], None, None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("# %%"):
            if cur is not None and kind == "code":
                cells.append(("\n".join(cur), []))
            cur, kind = [], ("markdown" if "[markdown]" in line else "code")
            continue
        if cur is not None:
            cur.append(line)
    if cur is not None and kind == "code":
        cells.append(("\n".join(cur), []))
    return cells


def run(path):
    folder = os.path.dirname(os.path.abspath(path))
    os.chdir(folder)
    sys.path.insert(0, folder)
    is_notebook = path.endswith(".ipynb")
    cells = notebook_cells(path) if is_notebook else script_cells(path)
    ns = {"__name__": "__main__"}
    results = []
    for k, (src, tags) in enumerate(cells):
        out = io.StringIO()
        error = None
        with contextlib.redirect_stdout(out):
            try:
                tree = ast.parse(src, filename="%s[cell %d]" % (path, k + 1))
                last = tree.body[-1] if (is_notebook and tree.body and isinstance(tree.body[-1], ast.Expr)) else None
                body = ast.Module(body=tree.body[:-1] if last else tree.body, type_ignores=[])
                exec(compile(body, "%s[cell %d]" % (path, k + 1), "exec"), ns)
                if last is not None:
                    value = eval(compile(ast.Expression(last.value), "%s[cell %d]" % (path, k + 1), "eval"), ns)
                    if value is not None:
                        print(repr(value))
            except Exception as e:  # noqa: BLE001 - every error is recorded
                error = "%s: %s" % (type(e).__name__, e)
                if "raises-exception" not in tags:
                    traceback.print_exc(file=sys.stderr)
        results.append({"cell": k, "output": out.getvalue(), "error": error})
        if error is not None and "raises-exception" not in tags:
            break
    return results


def run_in_jupyter(path):
    """Executes the notebook in a real Jupyter kernel (nbclient) and reads each code cell's output
    back: the stdout stream, then the execute_result's text/plain; an error output gives
    "Kind: message" and ends the run unless the cell is tagged raises-exception (nbclient's rule)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    folder = os.path.dirname(os.path.abspath(path))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": folder}})
    with contextlib.redirect_stdout(sys.stderr):
        try:
            client.execute()
        except CellExecutionError:
            pass  # the failing cell keeps its error output; later cells did not run
    results = []
    for cell in [c for c in nb.cells if c.cell_type == "code"]:
        if cell.get("execution_count") is None and not cell.get("outputs"):
            break  # not reached
        text, error = "", None
        for o in cell.get("outputs", []):
            if o.output_type == "stream" and o.name == "stdout":
                text += o.text
            elif o.output_type == "execute_result" and "text/plain" in o.get("data", {}):
                text += o.data["text/plain"] + "\n"
            elif o.output_type == "error":
                error = "%s: %s" % (o.ename, o.evalue)
        results.append({"cell": len(results), "output": text, "error": error})
        if error is not None and "raises-exception" not in cell.get("metadata", {}).get("tags", []):
            break
    return results


def jupyter_available():
    if os.environ.get("GRADSTEP_EXPORT_RUNNER") == "plain":
        return False
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
        import nbformat  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    path = sys.argv[1]
    res = run_in_jupyter(path) if path.endswith(".ipynb") and jupyter_available() else run(path)
    text = json.dumps(res, indent=1, ensure_ascii=False)
    if len(sys.argv) > 2:
        open(sys.argv[2], "w", encoding="utf-8").write(text + "\n")
    else:
        print(text)

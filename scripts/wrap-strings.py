#!/usr/bin/env python3
"""Splits the string literals of Swift lines longer than 120 columns, which swift-format cannot
break: `f(x, "a long message")` becomes `f(x, "a long " + "message")` over two lines, cut at a
space outside any interpolation. scripts/format.sh runs it before swift-format, which then indents
the continuation. The string's value does not change.

Usage: scripts/wrap-strings.py FILE_OR_DIR...   (rewrites .swift files in place)
Non-goals: comments (rewrap by hand), multi-line and raw (#"...") literals, `case` patterns,
attributes and ArgumentParser's `help:` (no `+` there): those lines are left as they are and
scripts/lint.sh names them.
"""
import os
import sys

LIMIT = 120


def literals(line):
    """(start, end) of each top-level "..." literal: line[start] is the opening quote, line[end] the
    closing one. Interpolations \\( ... ) may hold nested literals. None when the line cannot be read
    (a raw or multi-line literal, an unterminated one)."""
    out = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if line.startswith("//", i):
            break
        if c == "#" and i + 1 < n and line[i + 1] in '"#':
            return None
        if c == '"':
            if line.startswith('"""', i):
                return None
            end = scan(line, i + 1)
            if end is None:
                return None
            out.append((i, end))
            i = end + 1
            continue
        i += 1
    return out


def scan(line, i):
    """Index of the quote closing the literal whose content starts at i, or None."""
    n = len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            if i + 1 < n and line[i + 1] == "(":
                j = interpolation_end(line, i + 2)
                if j is None:
                    return None
                i = j + 1
                continue
            i += 2
            continue
        if c == '"':
            return i
        i += 1
    return None


def interpolation_end(line, i):
    """Index of the ')' closing an interpolation whose expression starts at i."""
    depth, n = 1, len(line)
    while i < n:
        c = line[i]
        if c == '"':
            end = scan(line, i + 1)
            if end is None:
                return None
            i = end + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def cut_points(line, start, end):
    """Positions just after a space at the top level of the literal (start, end): the string may be
    cut there without touching an escape or an interpolation."""
    points, i = [], start + 1
    while i < end:
        c = line[i]
        if c == "\\":
            if line[i + 1] == "(":
                i = interpolation_end(line, i + 2) + 1
                continue
            i += 2
            continue
        if c == " " and i + 1 < end:
            points.append(i + 1)
        i += 1
    return points


def wrap(line):
    """The line as one or more lines no longer than LIMIT where a literal can be cut, else [line]."""
    stripped = line.lstrip()
    if len(line) <= LIMIT or stripped.startswith(("//", "case ", "@", "#")):
        return [line]
    spans = literals(line)
    if not spans:
        return [line]
    indent = line[: len(line) - len(stripped)]
    # The literal that crosses the limit (or the last one before it).
    crossing = [s for s in spans if s[1] >= LIMIT - 1] or spans[-1:]
    start, end = crossing[0]
    # `"a b".count` cut would apply `.count` to the second half only.
    if start >= LIMIT - 8 or line[end + 1 : end + 2] in (".", "["):
        return [line]
    points = [p for p in cut_points(line, start, end) if p <= LIMIT - 1]
    if not points:
        return [line]
    cut = points[-1]
    head = line[:cut] + '"'
    rest = indent + '    + "' + line[cut:]
    return [head] + wrap(rest)


def in_multiline_flags(lines):
    """For each line, whether it starts inside a \"\"\" literal."""
    flags, inside = [], False
    for line in lines:
        flags.append(inside)
        if line.count('"""') % 2 == 1:
            inside = not inside
    return flags


def process(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    out, previous = [], ""
    for line, inside in zip(lines, in_multiline_flags(lines)):
        # ArgumentParser's `help:` takes an ArgumentHelp literal, which `+` would make a String.
        keep = inside or '"""' in line or previous.rstrip().endswith("help:") or 'help: "' in line
        out.extend([line] if keep else wrap(line))
        previous = line
    new = "\n".join(out)
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)


def main(args):
    for arg in args:
        if os.path.isdir(arg):
            for root, _, names in os.walk(arg):
                for name in sorted(names):
                    if name.endswith(".swift"):
                        process(os.path.join(root, name))
        elif arg.endswith(".swift"):
            process(arg)


if __name__ == "__main__":
    main(sys.argv[1:] or ["Package.swift", "Sources", "Tests"])

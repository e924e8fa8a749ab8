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
            if not line.startswith('#"', i) or line.startswith('#"""', i):
                return None
            end = line.find('"#', i + 2)
            if end < 0:
                return None
            out.append((i, end, True))
            i = end + 2
            continue
        if c == '"':
            if line.startswith('"""', i):
                return None
            end = scan(line, i + 1)
            if end is None:
                return None
            out.append((i, end, False))
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


def cut_points(line, start, end, raw):
    """Positions at the top level of the literal (start, end) where the string may be cut without
    touching an escape or an interpolation: just after a space, else (no space) any such position."""
    spaces, anywhere = [], []
    i = start + (2 if raw else 1)
    while i < end:
        c = line[i]
        if c == "\\" and not raw:
            if line[i + 1] == "(":
                i = interpolation_end(line, i + 2) + 1
                continue
            i += 2
            continue
        if raw and line.startswith("\\#", i):
            return []
        if i > start + 2 and line[i - 1] != "\\":
            anywhere.append(i)
        if c == " " and i + 1 < end:
            spaces.append(i + 1)
        i += 1
    return spaces, anywhere


def wrap(line):
    """The line as one or more lines no longer than LIMIT where a literal can be cut, else [line]."""
    stripped = line.lstrip()
    directive = stripped.startswith("#") and not stripped.startswith('#"')
    if len(line) <= LIMIT or directive or stripped.startswith(("//", "case ", "@")):
        return [line]
    spans = literals(line)
    if not spans:
        return [line]
    indent = line[: len(line) - len(stripped)]
    # The literal that crosses the limit (or the last one before it).
    crossing = [s for s in spans if s[1] >= LIMIT - 1] or spans[-1:]
    start, end, raw = crossing[0]
    after = end + (2 if raw else 1)
    # `"a b".count` cut would apply `.count` to the second half only.
    if start >= LIMIT - 8 or line[after : after + 1] in (".", "["):
        return [line]
    found = cut_points(line, start, end, raw)
    if not found:
        return [line]
    close, reopen = ('"#', '#"') if raw else ('"', '"')
    spaces, anywhere = ([p for p in ps if p + len(close) <= LIMIT] for ps in found)
    points = spaces or anywhere
    if not points:
        return [line]
    cut = points[-1]
    head = line[:cut] + close
    rest = indent + "    + " + reopen + line[cut:]
    return [head] + wrap(rest)


def multiline_states(lines):
    """For each line: None outside a multi-line literal, else (pounds, base indentation) of the
    literal the line is content of (the opening and closing delimiter lines count as outside)."""
    states, inside = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if inside is not None:
            pounds = inside[0]
            if stripped.startswith('"""' + "#" * pounds):
                states.append(None)
                inside = None
                continue
            states.append(inside)
            continue
        states.append(None)
        body = line.rstrip()
        if body.endswith('"""'):
            j = len(body) - 3
            pounds = 0
            while j > 0 and body[j - 1] == "#":
                pounds += 1
                j -= 1
            # The closing delimiter's indentation is the literal's base.
            base = ""
            for later in lines[i + 1 :]:
                if later.strip().startswith('"""' + "#" * pounds):
                    base = later[: len(later) - len(later.lstrip())]
                    break
            inside = (pounds, base)
    return states


def content_cut_points(line, pounds):
    """Cut positions (after a space) in a content line of a multi-line literal, outside escapes and
    interpolations (`\\(` or, raw, `\\#(`)."""
    escape = "\\" + "#" * pounds
    points, anywhere, i, n = [], [], 0, len(line)
    while i < n:
        if line.startswith(escape, i):
            k = i + len(escape)
            if k < n and line[k] == "(":
                end = interpolation_end(line, k + 1)
                if end is None:
                    return []
                i = end + 1
                continue
            i = k + 1
            continue
        if line[:i].strip():
            anywhere.append(i)
            if line[i] == " " and i + 1 < n:
                points.append(i + 1)
        i += 1
    return points or anywhere


def wrap_content(line, pounds, base):
    """A content line of a multi-line literal cut with Swift's line continuation (`\\` at the end,
    `\\#` in a raw literal): the value does not change. The rest starts at the base indentation."""
    mark = "\\" + "#" * pounds
    if len(line) <= LIMIT:
        return [line]
    points = [p for p in content_cut_points(line, pounds) if p + len(mark) <= LIMIT and p > len(base) + 8]
    if not points:
        return [line]
    cut = points[-1]
    return [line[:cut] + mark] + wrap_content(base + line[cut:], pounds, base)


def process(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    out, previous = [], ""
    for i, (line, state) in enumerate(zip(lines, multiline_states(lines))):
        following = next((later.strip() for later in lines[i + 1 :] if later.strip()), "")
        if state is not None:
            out.extend(wrap_content(line, *state))
        elif '"""' in line or previous.rstrip().endswith("help:") or 'help: "' in line or following.startswith("."):
            # ArgumentParser's `help:` takes an ArgumentHelp literal, which `+` would make a String; a
            # literal whose member is called on the next line (`"a b"\n.count`) must stay whole.
            out.append(line)
        else:
            out.extend(wrap(line))
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

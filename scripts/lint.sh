#!/usr/bin/env bash
# Fails (exit 1) when a Swift file is not formatted as scripts/format.sh would format it, breaks
# one of .swift-format's lint rules, or has a line over 120 characters; prints file:line for each.
# Usage: scripts/lint.sh [PATH...]   (default: Package.swift Sources Tests)
# Findings the formatter cannot fix itself (e.g. [EndOfLineComment]: a trailing comment past 120
# columns) need a hand edit.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- Package.swift Sources Tests; fi
status=0
swift format lint --configuration .swift-format --strict --recursive --parallel "$@" || status=1
# swift-format leaves lines it cannot break (long string literals) over 120 columns; none may stay.
# scripts/format.sh cuts such literals (scripts/wrap-strings.py); a long comment needs a hand edit.
if LC_ALL=C.UTF-8 grep -rnE --include='*.swift' '^.{121,}' "$@" >&2; then
  echo "lint: the lines above are longer than 120 characters" >&2
  status=1
fi
if [ $status -eq 0 ]; then
  echo "lint: formatted"
else
  echo "lint: not formatted; run scripts/format.sh" >&2
  exit 1
fi

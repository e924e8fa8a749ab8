#!/usr/bin/env bash
# Fails (exit 1) when a Swift file is not formatted as scripts/format.sh would format it, or breaks
# one of .swift-format's lint rules; prints file:line:column and the rule for each finding.
# Usage: scripts/lint.sh [PATH...]   (default: Package.swift Sources Tests)
# Findings the formatter cannot fix itself (e.g. [EndOfLineComment]: a trailing comment past 120
# columns) need a hand edit.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- Package.swift Sources Tests; fi
if swift format lint --configuration .swift-format --strict --recursive --parallel "$@"; then
  echo "lint: formatted"
else
  echo "lint: not formatted; run scripts/format.sh" >&2
  exit 1
fi

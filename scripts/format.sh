#!/usr/bin/env bash
# Formats every Swift file of the package in place with swift-format (it comes with the toolchain),
# using the checked-in .swift-format (4-space indent, lines up to 120 columns).
# Usage: scripts/format.sh [PATH...]   (default: Package.swift Sources Tests)
# Non-goals: C files, markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then set -- Package.swift Sources Tests; fi
# String literals swift-format cannot break are cut first (scripts/wrap-strings.py; needs python3).
if command -v python3 >/dev/null; then python3 scripts/wrap-strings.py "$@"; fi
swift format format --configuration .swift-format --in-place --recursive --parallel "$@"

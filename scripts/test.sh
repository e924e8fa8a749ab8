#!/usr/bin/env bash
# Runs every test: the Swift test suites (release build, as CI does) and every lesson replayed
# and checked by `gradstep check`. Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift test -c release 2>&1 | tee /tmp/gradstep-swift-test.log | grep -vE '^(Test Case|\[[0-9]+/[0-9]+\] Compiling)' || true
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { echo "swift test failed (exit $status); full log: /tmp/gradstep-swift-test.log"; exit "$status"; }
.build/release/gradstep check

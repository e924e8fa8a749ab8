#!/usr/bin/env bash
# Runs every test: the Swift test suites (release build, as CI does) and every lesson replayed
# and checked by `gradstep check`. Ends with one line "total: N passed, N failed"; exits non-zero
# if any stage failed. The full XCTest log is kept in $TMPDIR/gradstep-swift-test.log.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

# Optional: Python's safetensors lets a checkpoint test read our files back from Python
# (that test skips when it is not installed).
python3 -c 'import safetensors, numpy' 2>/dev/null || python3 -m pip install --quiet safetensors numpy 2>/dev/null \
  || echo "note: Python safetensors not installed; the Python read-back test will be skipped"

log="${TMPDIR:-/tmp}/gradstep-swift-test.log"
set +e
# A hung test must fail the run, not stall CI: the whole suite normally takes a few minutes.
timeout --signal=INT --kill-after=30 2400 swift test -c release --disable-swift-testing 2>&1 \
  | tee "$log" | grep --line-buffered -vE '^(Test Case .*(started|passed)|\[[0-9]+/[0-9]+\] )'
swift_status=${PIPESTATUS[0]}
checklog="${TMPDIR:-/tmp}/gradstep-check.log"
.build/release/gradstep check --unfilled-exercises | tee "$checklog"
check_status=${PIPESTATUS[0]}
set -e

# Totals: XCTest's last "Executed N tests, with [K tests skipped and] F failures" line, and check's line.
summary=$(grep -E '^[[:space:]]*Executed [0-9]+ tests?' "$log" | tail -1 || true)
executed=$(echo "$summary" | sed -nE 's/.*Executed ([0-9]+) tests?.*/\1/p')
failures=$(echo "$summary" | sed -nE 's/.* ([0-9]+) failures?.*/\1/p')
skipped=$(echo "$summary" | sed -nE 's/.* ([0-9]+) tests? skipped.*/\1/p')
executed=${executed:-0}; failures=${failures:-0}; skipped=${skipped:-0}
if [ "$swift_status" -ne 0 ] && [ "$failures" -eq 0 ]; then failures=1; fi   # crash or timeout
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$checklog" | tail -1 || true)
lesson_passed=$(echo "$line" | sed -nE 's/^([0-9]+) passed.*/\1/p'); lesson_passed=${lesson_passed:-0}
lesson_failed=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed.*/\1/p'); lesson_failed=${lesson_failed:-0}
if [ "$check_status" -ne 0 ] && [ "$lesson_failed" -eq 0 ]; then lesson_failed=1; fi
passed=$((executed - skipped - failures + lesson_passed))
failed=$((failures + lesson_failed))
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$swift_status" -eq 0 ] && [ "$check_status" -eq 0 ]

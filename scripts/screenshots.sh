#!/usr/bin/env bash
# Page tour: starts the Builder (Debug) on a fresh seeded SQLite database and a free port and screenshots every console
# page in light and dark at 1440 and 390 px, to look at before calling a UI change done.
# Usage: scripts/screenshots.sh OUT_DIR [--only NAME] [--user EMAIL]   (BENCH_SKIP_BUILD=1 uses the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(realpath -m "${1:?usage: scripts/screenshots.sh OUT_DIR [--only NAME] [--user EMAIL]}")"; shift
export BENCH_CONFIG="${BENCH_CONFIG:-Debug}"
. scripts/lib/app-under-test.sh
builder_prepare
builder_start
builder_node scripts/screenshots.mjs "$OUT" "$@"

#!/usr/bin/env bash
# Prompt-template history benchmark: starts the Builder on a fresh database, creates a template with N versions (default
# 500) of a ~5 KB text through the API, and measures the editor's history panel and a diff of two versions in headless
# Chromium (median of the runs, printed as JSON).
# Usage: scripts/bench-prompt-history.sh [--versions N] [--runs N] [--size BYTES]   (BENCH_CONFIG=Debug to measure a Debug
#   build; default Release, as in production; BENCH_SKIP_BUILD=1 measures the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/app-under-test.sh
builder_prepare
builder_start
builder_node scripts/bench-prompt-history.mjs "$@"

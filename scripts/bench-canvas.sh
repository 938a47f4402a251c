#!/usr/bin/env bash
# Canvas benchmark: starts the Builder on a fresh database, generates a 500-node workflow and measures it in
# headless Chromium (time to interactive, frame time and WebSocket frames while dragging, auto-layout time).
# Usage: scripts/bench-canvas.sh [--screenshots DIR] [--nodes N] [--runs N] [--heap]   (BENCH_CONFIG=Debug to measure a Debug build; default Release, as in production)
# --heap [--editors N]: the managed heap one open editor circuit adds, from N editors per run (dotnet-gcdump, installed with
#   `dotnet tool install -g dotnet-gcdump`), instead of the timings. BENCH_DUMPS=DIR keeps the heap dumps;
#   BENCH_SKIP_BUILD=1 measures the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/app-under-test.sh
builder_prepare
builder_start
# `dotnet run` starts the app as its child: that process is the one to take heap dumps of.
export BENCH_APP_PID="$(if [ -n "${BENCH_APP_DLL:-}" ]; then echo "$APP"; else pgrep -P "$APP" | head -1; fi)" PATH="$PATH:$HOME/.dotnet/tools"
builder_node scripts/bench-canvas.mjs "$@"

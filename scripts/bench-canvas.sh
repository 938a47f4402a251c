#!/usr/bin/env bash
# Canvas benchmark: starts the Builder on a fresh database, generates a 500-node workflow and measures it in
# headless Chromium (time to interactive, frame time and WebSocket frames while dragging, auto-layout time).
# Usage: scripts/bench-canvas.sh [--screenshots DIR] [--nodes N] [--runs N] [--heap]   (BENCH_CONFIG=Debug to measure a Debug build; default Release, as in production)
# --heap [--editors N]: the managed heap one open editor circuit adds, from N editors per run (dotnet-gcdump, installed with
#   `dotnet tool install -g dotnet-gcdump`), instead of the timings. BENCH_DUMPS=DIR keeps the heap dumps;
#   BENCH_SKIP_BUILD=1 measures the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
# A free port: another checkout may already have an app on a fixed one.
PORT="${BENCH_PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
WORK="$(mktemp -d /tmp/builder-bench-XXXX)"
export BENCH_CONFIG="${BENCH_CONFIG:-Release}"
export BENCH_NODE_MODULES="${BENCH_NODE_MODULES:-$HOME/.cache/builder-bench/node_modules}"
if [ ! -d "$BENCH_NODE_MODULES/playwright-core" ]; then
  npm install --prefix "$(dirname "$BENCH_NODE_MODULES")" playwright-core@1 --no-audit --no-fund >/dev/null
fi
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || dotnet build src/Builder.Web -c "$BENCH_CONFIG" -v q -nologo >/dev/null
# BENCH_APP_DLL=path runs another build of the app (e.g. a copy of the one before a change) with this checkout's content root.
if [ -n "${BENCH_APP_DLL:-}" ]; then
  (cd src/Builder.Web && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Builder="Data Source=$WORK/builder.db" Database__Seed=true \
    Logging__LogLevel__Default=Warning exec dotnet "$BENCH_APP_DLL" --urls "http://127.0.0.1:$PORT") >"$WORK/app.log" 2>&1 &
else
  ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Builder="Data Source=$WORK/builder.db" Database__Seed=true \
    Logging__LogLevel__Default=Warning dotnet run --project src/Builder.Web -c "$BENCH_CONFIG" --no-build --urls "http://127.0.0.1:$PORT" >"$WORK/app.log" 2>&1 &
fi
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/dev/sign-in" >/dev/null && break; sleep 0.5; done
# `dotnet run` starts the app as its child: that process is the one to take heap dumps of.
export BENCH_APP_PID="$(if [ -n "${BENCH_APP_DLL:-}" ]; then echo "$APP"; else pgrep -P "$APP" | head -1; fi)" PATH="$PATH:$HOME/.dotnet/tools"
node scripts/bench-canvas.mjs "http://127.0.0.1:$PORT" "$@" || { echo "--- app log:"; tail -40 "$WORK/app.log"; exit 1; }

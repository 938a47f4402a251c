#!/usr/bin/env bash
# Prompt-template history benchmark: starts the Builder on a fresh database, creates a template with N versions (default
# 500) of a ~5 KB text through the API, and measures the editor's history panel and a diff of two versions in headless
# Chromium (median of the runs, printed as JSON).
# Usage: scripts/bench-prompt-history.sh [--versions N] [--runs N] [--size BYTES]   (BENCH_CONFIG=Debug to measure a Debug
#   build; default Release, as in production; BENCH_SKIP_BUILD=1 measures the last build)
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
ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Builder="Data Source=$WORK/builder.db" Database__Seed=true \
  Logging__LogLevel__Default=Warning dotnet run --project src/Builder.Web -c "$BENCH_CONFIG" --no-build --urls "http://127.0.0.1:$PORT" >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/dev/sign-in" >/dev/null && break; sleep 0.5; done
node scripts/bench-prompt-history.mjs "http://127.0.0.1:$PORT" "$@" || { echo "--- app log:"; tail -40 "$WORK/app.log"; exit 1; }

#!/usr/bin/env bash
# Prompt-template run benchmark: starts the Builder on a fresh database (Development, so a loopback model URL is allowed, and
# a per-person run allowance high enough for the measurement) and measures, against a local OpenAI-compatible server that
# scripts/bench-prompt-run.mjs starts itself:
#   (a) the execution overhead of POST /api/prompt-templates/{id}/execute without the model's own time (the server answers at
#       once): the request's round trip minus the model call's latencyMs that the answer reports, median of N;
#   (b) the first streamed token on screen: the local server notes when it sent the first chunk, the editor page notes (a
#       MutationObserver) when those words appear in the Run output, both on this machine's clock; median of N runs.
# Usage: scripts/bench-prompt-run.sh [--requests N] [--runs N] [--gap MS] [--screenshots DIR]
#   (BENCH_CONFIG=Debug to measure a Debug build; default Release, as in production; BENCH_SKIP_BUILD=1 measures the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
WORK="$(mktemp -d /tmp/builder-bench-XXXX)"
export BENCH_CONFIG="${BENCH_CONFIG:-Release}"
export BENCH_NODE_MODULES="${BENCH_NODE_MODULES:-$HOME/.cache/builder-bench/node_modules}"
if [ ! -d "$BENCH_NODE_MODULES/playwright-core" ]; then
  npm install --prefix "$(dirname "$BENCH_NODE_MODULES")" playwright-core@1 --no-audit --no-fund >/dev/null
fi
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || dotnet build src/Builder.Web -c "$BENCH_CONFIG" -v q -nologo >/dev/null
ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Builder="Data Source=$WORK/builder.db" Database__Seed=true \
  RateLimits__TestHelpers__PermitLimit=1000000 Logging__LogLevel__Default=Warning \
  dotnet run --project src/Builder.Web -c "$BENCH_CONFIG" --no-build --urls "http://127.0.0.1:$PORT" >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/dev/sign-in" >/dev/null && break; sleep 0.5; done
node scripts/bench-prompt-run.mjs "http://127.0.0.1:$PORT" "$@" || { echo "--- app log:"; tail -40 "$WORK/app.log"; exit 1; }

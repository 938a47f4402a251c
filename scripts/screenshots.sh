#!/usr/bin/env bash
# Page tour: starts the Builder (Debug) on a fresh seeded SQLite database and a free port and screenshots every console
# page in light and dark at 1440 and 390 px, to look at before calling a UI change done.
# Usage: scripts/screenshots.sh OUT_DIR [--only NAME] [--user EMAIL]   (BENCH_SKIP_BUILD=1 uses the last build)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(realpath -m "${1:?usage: scripts/screenshots.sh OUT_DIR [--only NAME] [--user EMAIL]}")"; shift
PORT="$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
WORK="$(mktemp -d /tmp/builder-shots-XXXX)"
export BENCH_NODE_MODULES="${BENCH_NODE_MODULES:-$HOME/.cache/builder-bench/node_modules}"
if [ ! -d "$BENCH_NODE_MODULES/playwright-core" ]; then
  npm install --prefix "$(dirname "$BENCH_NODE_MODULES")" playwright-core@1 --no-audit --no-fund >/dev/null
fi
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || dotnet build src/Builder.Web -v q -nologo >/dev/null
ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Builder="Data Source=$WORK/builder.db" Database__Seed=true \
  Logging__LogLevel__Default=Warning dotnet run --project src/Builder.Web --no-build --urls "http://127.0.0.1:$PORT" >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/dev/sign-in" >/dev/null && break; sleep 0.5; done
node scripts/screenshots.mjs "http://127.0.0.1:$PORT" "$OUT" "$@" || { echo "--- app log:"; tail -40 "$WORK/app.log"; exit 1; }

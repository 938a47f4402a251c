#!/usr/bin/env bash
# API benchmark: builds the Builder (Release by default, as in production) and runs it on a fresh SQLite database and a
# free loopback port, seeds 1,000 variables in one environment, then measures with wrk (50 connections, 15 s, three
# interleaved rounds, medians): GET /api/variables?limit=10 and GET /api/roles with an API key, a new search term per
# request against a repeated one, a static file with and without the session cookie; plus SQL statements per request,
# the first visit's bytes on the wire (headless Chromium) and the managed heap per idle circuit on Variables (gcdump).
# Usage: scripts/bench-api.sh [--duration S] [--rounds N] [--circuits N] [--variables N] [--only api,sql,visit,circuits]
# Installs what it lacks: Debian's wrk and chromium (apt-get), playwright-core (npm) and dotnet-gcdump (dotnet tool),
# the last two under ~/.cache/builder-bench. BENCH_CONFIG=Debug measures a Debug build; BENCH_SKIP_BUILD=1 runs the last build;
# BENCH_DUMPS=DIR keeps the circuits' heap dumps (compare them by type with `dotnet-gcdump report`); BENCH_APP_DLL=path
# runs another build of the app (e.g. a copy of the one before a change) with this checkout's content root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "error: not root and sudo is not available; install it with: apt-get install -y $*" >&2; exit 1; fi
  fi
  echo "==> installing Debian's $*" >&2
  "${sudo[@]}" apt-get update >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null
}
command -v wrk >/dev/null 2>&1 || apt_install wrk
[ -x /usr/bin/chromium ] || apt_install chromium

CACHE="$HOME/.cache/builder-bench"
export BENCH_NODE_MODULES="${BENCH_NODE_MODULES:-$CACHE/node_modules}"
if [ ! -d "$BENCH_NODE_MODULES/playwright-core" ]; then
  npm install --prefix "$(dirname "$BENCH_NODE_MODULES")" playwright-core@1 --no-audit --no-fund >/dev/null
fi
export BENCH_GCDUMP="$CACHE/tools/dotnet-gcdump"
if [ ! -x "$BENCH_GCDUMP" ]; then
  dotnet tool install --tool-path "$CACHE/tools" dotnet-gcdump --version 10.0.750501 >/dev/null
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export BENCH_CONFIG="${BENCH_CONFIG:-Release}"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> dotnet build src/Builder.Web -c $BENCH_CONFIG" >&2
  dotnet build src/Builder.Web -c "$BENCH_CONFIG" -v q -nologo >/dev/null
fi
export BENCH_CONTENT_ROOT="$PWD/src/Builder.Web"
# BENCH_APP_DLL runs another build (a copy of an earlier bin/Release/net10.0, to compare before and after in turns).
export BENCH_APP_DLL="${BENCH_APP_DLL:-$BENCH_CONTENT_ROOT/bin/$BENCH_CONFIG/net10.0/Builder.Web.dll}"

# A free port: another checkout may already have an app on a fixed one. A fresh database in a throwaway directory.
export BENCH_PORT="${BENCH_PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
export BENCH_WORK="$(mktemp -d /tmp/builder-bench-api-XXXX)"
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$BENCH_WORK"' EXIT
# The node script starts and stops the app (it restarts it once with the SQL log on, and dumps its heap).
node scripts/bench-api.mjs "$@" || { status=$?; for f in "$BENCH_WORK"/app*.log; do echo "--- $f:"; tail -40 "$f"; done; exit $status; }

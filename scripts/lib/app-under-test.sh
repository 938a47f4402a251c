# Sourced by the benchmark and screenshot scripts: runs the Builder on a fresh seeded SQLite database and a free loopback port
# for one script run, and installs playwright-core for the scripts that drive Chromium.
#   builder_prepare            installs playwright-core under ~/.cache/builder-bench and builds the app ($BENCH_CONFIG, default
#                              Release; BENCH_SKIP_BUILD=1 skips the build)
#   builder_start [NAME=VALUE…] starts the app (Development, seeded) with extra settings as environment variables, stops it and
#                              removes its database when the script exits, and waits until it answers; sets PORT, BASE, WORK, APP
#   builder_node SCRIPT [ARGS…] runs a Node script against $BASE and shows the app's log if it fails
# BENCH_PORT fixes the port; BENCH_APP_DLL runs another build of the app (e.g. a copy of the one before a change) with this
# checkout's content root.
export BENCH_CONFIG="${BENCH_CONFIG:-Release}"
export BENCH_NODE_MODULES="${BENCH_NODE_MODULES:-$HOME/.cache/builder-bench/node_modules}"

builder_prepare() {
  if [ ! -d "$BENCH_NODE_MODULES/playwright-core" ]; then
    npm install --prefix "$(dirname "$BENCH_NODE_MODULES")" playwright-core@1 --no-audit --no-fund >/dev/null
  fi
  [ "${BENCH_SKIP_BUILD:-0}" = 1 ] || dotnet build src/Builder.Web -c "$BENCH_CONFIG" -v q -nologo >/dev/null
}

builder_start() {
  # A free port: another checkout may already have an app on a fixed one.
  PORT="${BENCH_PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}"
  BASE="http://127.0.0.1:$PORT"
  WORK="$(mktemp -d /tmp/builder-bench-XXXX)"
  if [ -n "${BENCH_APP_DLL:-}" ]; then
    (cd src/Builder.Web && exec env ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Builder="Data Source=$WORK/builder.db" Database__Seed=true \
      Logging__LogLevel__Default=Warning "$@" dotnet "$BENCH_APP_DLL" --urls "$BASE") >"$WORK/app.log" 2>&1 &
  else
    env ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Builder="Data Source=$WORK/builder.db" Database__Seed=true \
      Logging__LogLevel__Default=Warning "$@" dotnet run --project src/Builder.Web -c "$BENCH_CONFIG" --no-build --urls "$BASE" >"$WORK/app.log" 2>&1 &
  fi
  APP=$!
  trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
  for _ in $(seq 1 120); do curl -fs "$BASE/dev/sign-in" >/dev/null && break; sleep 0.5; done
}

builder_node() {
  local script="$1"; shift
  node "$script" "$BASE" "$@" || { echo "--- app log:"; tail -40 "$WORK/app.log"; exit 1; }
}

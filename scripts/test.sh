#!/usr/bin/env bash
# Runs every test in the solution: domain unit tests, bUnit component and API tests, and the end-to-end tests
# (Playwright for .NET driving Debian's Chromium against the real app). Fails if any test fails.
# Needs the .NET 10 SDK; installs Debian's chromium with apt when /usr/bin/chromium is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "==> /usr/bin/chromium is missing: installing Debian's chromium package"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "error: not root and sudo is not available; install chromium with: apt-get install -y chromium" >&2
    exit 1
  fi
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "==> dotnet test Builder.sln"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Builder.sln --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One closing line over every test project (each prints "Total tests: N", "Passed: N" and, when any fail, "Failed: N").
passed=$(grep -E '^ +Passed: +[0-9]+$' "$log" | awk '{ n += $2 } END { print n + 0 }' || true)
failed=$(grep -E '^ +Failed: +[0-9]+$' "$log" | awk '{ n += $2 } END { print n + 0 }' || true)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # the build or a test host failed before counting
skipped=$(grep -E '^ +Skipped: +[0-9]+$' "$log" | awk '{ n += $2 } END { print n + 0 }' || true)
echo
if grep -qE '^ +Failed [A-Za-z_][A-Za-z0-9_]*\.[A-Za-z0-9_.]+' "$log"; then
  echo "Failed tests:"
  grep -E '^ +Failed [A-Za-z_][A-Za-z0-9_]*\.[A-Za-z0-9_.]+' "$log" | sed 's/^ */  /' || true
fi
echo "Summary: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"

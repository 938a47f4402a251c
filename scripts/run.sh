#!/usr/bin/env bash
# Runs the Builder console locally: Development environment, SQLite database (src/Builder.Web/App_Data/builder.db,
# created, migrated and seeded on start-up) and the development sign-in form. Nothing to set up.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

URL="http://127.0.0.1:5080"
export ASPNETCORE_ENVIRONMENT=Development
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

echo "==> Builder console: open ${URL} and pick a seeded user on the development sign-in page (Ctrl+C stops it)"
exec dotnet run --project src/Builder.Web --urls "${URL}"

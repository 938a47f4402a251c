#!/usr/bin/env bash
# AutessaDB tables benchmark on a fresh SQLite database and a table of 100,000 rows filled by the CSV import job: the import
# (time, rows/s, peak live heap and working set), the first data page, a filter on an indexed column, a sort on an unindexed
# column, and the type-change preview over every row (server time, domain calls). Prints JSON.
# Goals: first page < 150 ms, indexed filter < 100 ms, unindexed sort < 500 ms, import < 20 s with flat memory, preview < 2 s.
# Usage: scripts/bench-tables.sh [--rows N] [--repeat N]   (BENCH_CONFIG=Debug measures a Debug build; default Release.)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet run --project scripts/bench-tables/BenchTables.csproj -c "${BENCH_CONFIG:-Release}" -- "$@"

#!/usr/bin/env bash
# Semantic search benchmark: builds a knowledge-base table of 10,000 chunks in a fresh SQLite database (embedding 1,000 of
# them through the configured model, local all-MiniLM-L6-v2 by default, and reusing those vectors for the rest), then
# measures top-10 searches with the query's embedding included (goal: under 200 ms), the model's load time and its
# embedding speed (one text; batched). Prints JSON.
# Usage: scripts/bench-search.sh [--chunks N] [--embed N] [--queries N] [--top K]
#   (BENCH_CONFIG=Debug measures a Debug build; default Release. Embeddings__Provider=model and Embeddings__Model__* measure
#   an embeddings endpoint instead.)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet run --project scripts/bench-search/BenchSearch.csproj -c "${BENCH_CONFIG:-Release}" -- "$@"

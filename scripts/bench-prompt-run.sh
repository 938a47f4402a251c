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
. scripts/lib/app-under-test.sh
builder_prepare
builder_start RateLimits__TestHelpers__PermitLimit=1000000
builder_node scripts/bench-prompt-run.mjs "$@"

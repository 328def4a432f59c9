#!/usr/bin/env bash
# Times `gpukit size`: the whole CLI process (node bin/gpukit.js, tsx transpiling from source) for a
# JSON and a table run, N times each, reporting the median wall time; then the in-process time of
# sizeOptions (bench/size-bench.ts). Prints results only; nothing is asserted.
# Usage: bash bench/size.sh [N]   (default N=10)
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10}"
ARGS=(size --model Qwen/Qwen2.5-72B-Instruct-AWQ --quantization awq)

# shellcheck source=bench/lib.sh
source bench/lib.sh

# time_cmd LABEL CMD...: median, min and max wall ms of N runs after a warm-up.
time_cmd() {
  local label="$1"; shift
  local times
  times=$(wall_times "$N" "$@" | sort -n)
  echo "${label}: median $(median <<<"$times") ms wall over ${N} runs (min $(head -1 <<<"$times"), max $(tail -1 <<<"$times"))"
}

echo "== gpukit size bench (node $(node --version), N=${N}) =="
time_cmd "node bin/gpukit.js size --format json " node bin/gpukit.js "${ARGS[@]}" --format json
time_cmd "node bin/gpukit.js size --format table" node bin/gpukit.js "${ARGS[@]}" --format table
# The size command alone (no cli/main.ts, so none of the other commands' imports): its own start-up.
time_cmd "size command only, --format json     " node --require tsx/cjs bench/size-bench.ts --cli "${ARGS[@]:1}" --format json
time_cmd "size command only, --format table    " node --require tsx/cjs bench/size-bench.ts --cli "${ARGS[@]:1}" --format table
echo "== in-process sizeOptions =="
npx --no-install tsx bench/size-bench.ts 100

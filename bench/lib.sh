#!/usr/bin/env bash
# Shared helpers for the bench scripts (sourced): median of numbers on stdin, and timing a command.

# median: reads one number per line, prints the median.
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# wall_times N CMD...: runs CMD once to warm caches, then N times; prints each wall time in ms.
wall_times() {
  local n="$1"; shift
  "$@" > /dev/null
  for _ in $(seq "$n"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done
}

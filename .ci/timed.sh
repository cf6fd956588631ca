#!/usr/bin/env bash
# .ci/timed.sh NAME RECORD COMMAND...: runs COMMAND and appends a line "NAME<TAB>wall s<TAB>CPU s" to RECORD, where
# CPU is the user + system time of COMMAND and of every process under it (bash's `times`, so GNU time is not
# needed). Exits with COMMAND's status. The machine has two cores: CI's wall time cannot be below its CPU time / 2.
name=$1
record=$2
shift 2
start=$(date +%s.%N)
status=0
"$@" || status=$?
end=$(date +%s.%N)
# `times` in this shell itself (in a pipe or $(...) it would run in a fresh subshell that has no children yet); its
# second line is the children's user and system time, e.g. "1m2.345s 0m6.789s".
times_out=$(mktemp)
times > "$times_out"
awk -v name="$name" -v start="$start" -v end="$end" 'NR == 2 {
  cpu = 0
  for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); cpu += t[1] * 60 + t[2] }
  printf "%s\t%.0f\t%.0f\n", name, end - start, cpu
}' "$times_out" >> "$record"
rm -f "$times_out"
exit "$status"

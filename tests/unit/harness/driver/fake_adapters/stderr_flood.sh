#!/usr/bin/env bash
# Writes $1 KiB to stderr before each answer (more than a pipe holds), then a marker line.
n=0
chunk=$(printf '%1023s' '' | tr ' ' 'e')
while IFS= read -r line; do
  n=$((n + 1))
  for ((i = 0; i < $1; i++)); do printf '%s\n' "$chunk" >&2; done
  echo "marker of request $n" >&2
  printf '{"ok":true}\n'
done

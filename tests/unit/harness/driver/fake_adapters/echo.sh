#!/usr/bin/env bash
# Answers every request with ok, echoing it; answers quit, then exits 0.
while IFS= read -r line; do
  printf '{"ok":true,"echo":%s}\n' "$line"
  [[ $line == *'"op":"quit"'* ]] && exit 0
done

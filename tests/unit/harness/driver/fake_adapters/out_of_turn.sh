#!/usr/bin/env bash
# `out_of_turn.sh banner`: prints a line before any request; `out_of_turn.sh double`: answers
# each request with two lines.
[[ $1 == banner ]] && echo "adapter ready"
while IFS= read -r line; do
  printf '{"ok":true}\n'
  [[ $1 == double ]] && printf '{"ok":true,"again":true}\n'
done

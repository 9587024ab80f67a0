#!/usr/bin/env bash
# Starts a grandchild, reports its pid on stderr, answers everything (quit too) and never exits
# on its own; SIGTERM and SIGINT are ignored.
trap '' TERM INT
sleep 600 &
echo "grandchild=$!" >&2
while true; do
  IFS= read -r line || sleep 1
  printf '{"ok":true}\n'
done

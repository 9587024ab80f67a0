#!/usr/bin/env bash
# Answers init, then hangs on any other request, waiting for a child process (so only a group
# kill ends both); the child's pid is reported on stderr.
while IFS= read -r line; do
  if [[ $line == *'"op":"init"'* ]]; then
    printf '{"ok":true}\n'
  else
    sleep 600 &
    echo "hanging now, sleeper=$!" >&2
    wait
  fi
done

#!/usr/bin/env bash
# Answers the first request, then dies on the second: `crash.sh signal` by SIGSEGV,
# `crash.sh exit` with status 3, `crash.sh start` before reading anything.
[[ $1 == start ]] && { echo "refusing to start" >&2; exit 3; }
read -r line
printf '{"ok":true}\n'
read -r line
echo "dying on the second request" >&2
[[ $1 == signal ]] && kill -SEGV $$
exit 3

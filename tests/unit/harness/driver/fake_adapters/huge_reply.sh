#!/usr/bin/env bash
# Answers each request with a `records` list of $1 records, each with 1 KiB of data, on one line.
data=$(printf '%1000s' '' | tr ' ' 'd')
while IFS= read -r line; do
  printf '{"ok":true,"records":['
  for ((i = 0; i < $1; i++)); do
    ((i > 0)) && printf ','
    printf '{"table":"notes","id":"r%d","data":{"text":"%s"},"updated_at":"2024-01-01T00:00:00.000Z","deleted":false,"sync_status":"synced"}' "$i" "$data"
  done
  printf ']}\n'
done

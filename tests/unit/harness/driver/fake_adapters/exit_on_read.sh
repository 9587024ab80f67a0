#!/usr/bin/env bash
# Reads a little of the first request, then exits without answering (the rest of a large request
# then meets a closed pipe).
head -c 10 >/dev/null
exit 0

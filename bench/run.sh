#!/bin/bash
# The benchmark: a loopback farm that behaves like the web (HTTPS through a local CA, HTTP,
# names resolved by the client, a tail of dead hosts), and on it the floor (plain aiohttp,
# one process per core), the Scrapy peer and beian-check with default options, every
# verdict of the tool checked. See bench/run.py for what is measured and printed.
#
#   bench/run.sh                 10,000 targets, healthy and mixed farms (~6-8 min, 2 cores)
#   bench/run.sh --quick         500 targets, a smoke run
#   bench/run.sh --targets 2000 --rounds 3 --json results.json
#
# Needs: root (the farm listens on ports 443 and 80 of 127.77.0.1-5), nginx if installed
# (else a Python farm server), and the bench extra: pip install -e '.[bench]'.
# PYTHON picks the interpreter (default: .venv/bin/python beside the repo, else python3);
# BEIAN_CHECK picks another build of the tool (a command line).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-}
if [[ -z $PY ]]; then
  if [[ -x $HERE/../.venv/bin/python ]]; then PY=$HERE/../.venv/bin/python; else PY=python3; fi
fi
exec "$PY" "$HERE/run.py" "$@"

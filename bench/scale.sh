#!/bin/bash
# Scaling with cores: beian-check --workers 1,2,4,8,12 on the healthy HTTPS farm of
# bench/run.py, one machine, one run each. Made for a 16-core machine with no internet:
# it needs only this repository and, where the tool's packages are missing, wheels in
# $WHEELS (default .whl; bench/wheels.sh fills it for Python 3.12 on x86-64 Linux).
# Runs as root (the farm listens on port 443 of 127.77.0.1); uses nginx if installed,
# else FARM_WORKERS Python farm processes (the farm shares the cores: at 12 workers its CPU,
# in farm_cpu, is part of what limits the speed-up). About 3 minutes on 16 cores at N=12000
# (3 ms of CPU a target); each count is written to scale.json as soon as it is measured.
#
#   bash bench/scale.sh                 # N=12000 WORKERS=1,2,4,8,12 FARM_WORKERS=4
#   OUT=/tmp/out bash bench/scale.sh    # results: $OUT/scale.json and $OUT/scale.txt
#
# scale.txt holds one line per worker count: wall seconds, CPU seconds of the whole
# process tree, CPU ms per target, peak RSS of the largest process, speed-up over one
# worker and efficiency (speed-up / workers), and the verdicts checked.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/beian-scale}; mkdir -p "$OUT"
PY=${PYTHON:-python3}
WHEELS=${WHEELS:-.whl}
if compgen -G "$WHEELS/*.whl" >/dev/null; then
  if "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
      --target /tmp/beian-site "$WHEELS"/*.whl; then
    export PYTHONPATH=/tmp/beian-site${PYTHONPATH:+:$PYTHONPATH}
  else
    echo "scale.sh: the wheels in $WHEELS do not fit $("$PY" -V 2>&1); trying its own packages"
  fi
fi
{ "$PY" -m beian_check --version && "$PY" -c "import trustme"; } >/dev/null || {
  echo "scale.sh: packages missing (run bench/wheels.sh where pip works, carry $WHEELS)"; exit 2; }
{ echo "# $(date -u +%FT%TZ) $(nproc) cores, $("$PY" -V 2>&1), nginx: $(command -v nginx || echo none)"
  "$PY" -c "import uvloop; print('# uvloop', uvloop.__version__)" 2>/dev/null || echo "# no uvloop"
} | tee "$OUT/scale.txt"
timeout "${LIMIT:-330}" "$PY" bench/run.py --targets "${N:-12000}" --scale "${WORKERS:-1,2,4,8,12}" \
  --farm-workers "${FARM_WORKERS:-4}" --farm /tmp/beian-scale-farm --limit 150 --json "$OUT/scale.json" \
  2>&1 | tee -a "$OUT/scale.txt"

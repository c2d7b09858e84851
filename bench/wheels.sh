#!/bin/bash
# Fill $WHEELS (default .whl, kept out of git through .git/info/exclude) with the wheels that
# bench/scale.sh needs on a machine without internet: the tool's HTTP and parsing stack and
# trustme (the farm's CA), at the versions installed here, for CPython $PYVER on x86-64
# Linux. Run where pip can reach an index, with the interpreter the bench was measured with
# as PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
WHEELS=${WHEELS:-.whl}; PYVER=${PYVER:-3.12}; PY=${PYTHON:-python3}
EXCLUDE=$(git rev-parse --git-path info/exclude)
grep -qx "/$WHEELS/" "$EXCLUDE" 2>/dev/null || echo "/$WHEELS/" >> "$EXCLUDE"
mapfile -t PINS < <("$PY" - <<'PY'
from importlib.metadata import PackageNotFoundError, version
for name in ("httpx", "httpcore", "h11", "anyio", "sniffio", "aiohttp", "aiohappyeyeballs",
             "aiosignal", "attrs", "frozenlist", "multidict", "propcache", "yarl", "selectolax", "tldextract",
             "requests-file", "idna", "click", "trustme", "cryptography", "cffi", "pycparser"):
    try:
        print(f"{name}=={version(name)}")
    except PackageNotFoundError:
        print(name)
PY
)
"$PY" -m pip download -q --no-deps --only-binary=:all: --python-version "$PYVER" --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  --platform manylinux_2_34_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_5_x86_64 \
  --platform manylinux1_x86_64 --platform any -d "$WHEELS" "${PINS[@]}" 2> >(grep -v "^WARNING: Location" >&2)
ls "$WHEELS"; du -sh "$WHEELS"

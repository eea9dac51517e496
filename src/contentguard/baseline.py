"""Baseline files (detect-secrets' lesson): adopt contentguard on an existing site.

``contentguard baseline`` writes the fingerprints of the current findings; a run with
``--baseline FILE`` hides exactly those. Fingerprints hash rule, normalised matched
text and path (never the line), so they survive edits elsewhere in the file, and the
file holds no personal data.
"""
from __future__ import annotations

import json
from collections import Counter

from contentguard import __version__
from contentguard.atomic import write_output
from contentguard.config import ConfigError


def write(path: str, findings) -> None:
    counts = Counter(f.fingerprint for f in findings)
    rules = {f.fingerprint: f.rule for f in findings}
    paths = {f.fingerprint: f.path for f in findings}
    data = {
        "version": 1,
        "generated_by": f"contentguard {__version__}",
        "findings": [{"fingerprint": fp, "rule": rules[fp], "path": paths[fp], "count": n}
                     for fp, n in sorted(counts.items(), key=lambda kv: (paths[kv[0]], rules[kv[0]], kv[0]))],
    }
    write_output(path, json.dumps(data, indent=2) + "\n")  # a file to commit and share


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return Counter({e["fingerprint"]: int(e.get("count", 1)) for e in data["findings"]})
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found") from None
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as e:
        # RecursionError: JSON nested past the decoder's limit is no baseline either
        raise ConfigError(f"{path}: not a contentguard baseline ({type(e).__name__}: {e})") from None


def apply(findings, known: Counter):
    left = Counter(known)
    kept = []
    for f in findings:
        if left[f.fingerprint] > 0:
            left[f.fingerprint] -= 1
        else:
            kept.append(f)
    return kept

"""Labelled test sets (the held-out folders): reading them and matching findings to labels
the way ../shared/corpus/score.py does (same file and start line, overlapping columns;
each label matched once; a second finding on a matched label is neither right nor wrong)."""
from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

META = {"labels.jsonl", "negatives.jsonl", "manifest.json", "README.md", "brand-pack.yaml"}


def jsonl(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def check_labelled(folder: Path, select: str, category: str) -> list[dict]:
    """Findings of ``category`` from ``contentguard check`` (JSON, no cache: the results
    cache is keyed by settings, not by the check's code) over the set's content files, at
    the set's own reference date (its manifest's ``today``)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    cmd = [sys.executable, "-m", "contentguard", "check", "--format", "json", "--fail-on", "never",
           "--no-cache", "--today", manifest["today"], "--select", select, *content_files(folder)]
    proc = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return [f for f in json.loads(proc.stdout)["findings"] if f.get("category") == category]


def content_files(folder: Path) -> list[str]:
    """The set's content files, relative and '/'-separated (its labels and pack left out)."""
    out = []
    for dirpath, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, name), folder)
            if rel not in META:
                out.append(rel.replace(os.sep, "/"))
    return out


def match(labels: list[dict], found: list[dict]) -> tuple[set[int], list[dict]]:
    """(indexes of matched labels, false positives)."""
    by_key = collections.defaultdict(list)
    for i, lab in enumerate(labels):
        by_key[(os.path.normpath(lab["path"]), lab["line"])].append(i)
    used: set[int] = set()
    fps = []
    for f in found:
        key = (os.path.normpath(f["path"]), f.get("line"))
        fc, fe = f.get("column") or 0, f.get("end_column") or 10**9
        if f.get("end_line") and f.get("end_line") != f.get("line"):
            fe = 10**9
        overlaps = [i for i in by_key.get(key, []) if fc < labels[i]["end_col"] and labels[i]["col"] < fe]
        hit = next((i for i in overlaps if i not in used), None)
        if hit is not None:
            used.add(hit)
        elif not overlaps:
            fps.append(f)
    return used, fps


def precision_recall(labels: list[dict], found: list[dict]):
    """(precision, recall, false positives, missed labels)."""
    used, fps = match(labels, found)
    tp = len(used)
    precision = tp / (tp + len(fps)) if tp + len(fps) else 1.0
    recall = tp / len(labels) if labels else 1.0
    return precision, recall, fps, [labels[i] for i in range(len(labels)) if i not in used]


def assert_labels_point_at_their_text(folder: Path) -> None:
    """Every label and negative names the text at its position (BOM dropped, CRLF ends before \\r)."""
    lines: dict[str, list[str]] = {}
    for row in jsonl(folder, "labels.jsonl") + jsonl(folder, "negatives.jsonl"):
        if row["path"] not in lines:
            text = (folder / row["path"]).read_text(encoding="utf-8-sig")
            lines[row["path"]] = [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]
        line = lines[row["path"]][row["line"] - 1]
        assert line[row["col"] - 1:row["end_col"] - 1] == row["text"], row

"""What processing one file produced: shared by the engine, the results cache and the audit."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contentguard.findings import Finding


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    collected: dict[str, list[Any]] = field(default_factory=dict)
    skipped: str | None = None
    documents: int = 0
    size: int = 0
    sups: list = field(default_factory=list)  # inline suppressions, for two-phase findings

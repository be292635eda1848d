"""`tqa config`: the effective configuration, and where each value came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from audit.cli import app
from audit.cli.common import command, emit, error
from audit.cli.common import load_settings  # rule codes checked against the registry
from audit.config import TOP_KEYS, find_config
from audit.model import Severity
from audit.references import bundled_root


def _keys_by_field() -> dict:
    """Settings field -> the key a user writes in [tool.tqa] (every key the parser knows)."""
    return {**{f: k for k, f in TOP_KEYS.items()}, "file_ignores": "ignored in this file"}


def _plain(value):
    if isinstance(value, Severity):
        return value.label
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _show(value) -> str:
    v = _plain(value)
    if v is None:
        return "none"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _keys(overrides):
    """Per-path overrides as the user wrote them: {glob: {toml-key: value}}."""
    keys = _keys_by_field()
    return {glob: {keys.get(k, k): v for k, v in fields.items()} for glob, fields in overrides}


def effective(settings) -> list[tuple[str, object, str]]:
    """(key, value, origin) rows; references/glossary say what `None` means."""
    rows = []
    for name, key in _keys_by_field().items():
        value = getattr(settings, name)
        if name == "file_ignores" and not value:
            continue
        if name == "references" and value is None:
            value = f"{bundled_root()} (bundled)"
        if name == "per_file_ignores":
            value = {glob: list(codes) for glob, codes in value}
        if name == "glossary" and not value:
            value = "the references' glossary/"
        rows.append((key, value, settings.origin(name)))
    return rows


@app.command("config")
@command
def config(
    config_file: Optional[Path] = typer.Option(None, "--config", help="tqa.toml or pyproject.toml (default: found from the current directory up)."),
    path: Optional[Path] = typer.Option(None, "--path", help="Show the settings that apply to this file (per-path overrides, per-file ignores)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Print the effective configuration and where each value came from (default, file:line, override)."""
    if fmt not in ("text", "json"):
        raise error(f"unknown format {fmt!r} (choose from: text, json)")
    found = config_file or find_config()
    settings = load_settings(found, discover=False)
    if path is not None:
        settings = settings.for_path(path)
    rows = effective(settings)
    if fmt == "json":
        data = {"config": str(found) if found else None, "root": settings.root, "path": str(path) if path else None,
                "settings": {k: {"value": _plain(_keys(v) if k == "overrides" else v), "from": o} for k, v, o in rows}}
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return
    how = "given with --config" if config_file else "found from the current directory up"
    lines = [f"config file: {found} ({how})" if found else
             "config file: none (no tqa.toml, or pyproject.toml with [tool.tqa], here or above): defaults",
             f"project root: {settings.root or Path.cwd()}"]
    if path is not None:
        lines.append(f"for file: {path} (as {settings.relpath(path)})")
    lines.append("")
    shown = [(k, _show(_keys(v) if k == "overrides" else v), o) for k, v, o in rows]
    kw = max(len(k) for k, _, _ in shown)
    vw = min(48, max(len(v) for _, v, _ in shown))
    for key, value, origin in shown:
        lines.append(f"{key:<{kw}} = {value:<{vw}}  # from {origin}")
    emit("\n".join(lines) + "\n", None)

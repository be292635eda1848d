"""`tqa rules [CODE]`: list the rules, or print one rule's documentation and examples.

Imported only for `tqa rules` (audit/cli/__init__.py's command table), so the rules are
imported at the top."""

from __future__ import annotations

import json
from typing import Optional

import typer

from audit.checks import BY_CODE, RULES
from audit.cli import app
from audit.cli.common import command, error


@app.command("rules")
@command
def rules(
    code: Optional[str] = typer.Argument(None, help="A rule code, e.g. TERM001; omit to list all."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: a list of every rule, or one rule's object with CODE."),
) -> None:
    """List the rules, or show what one rule finds, why it matters, and examples."""
    if as_json:
        if code is None:
            typer.echo(json.dumps([rule_data(r, RULES) for r in RULES], ensure_ascii=False, indent=2))
            return
        rule = BY_CODE.get(code.upper())
        if rule is None:
            raise error(f"no rule {code!r}; `tqa rules` lists them")
        typer.echo(json.dumps(rule_data(rule, RULES), ensure_ascii=False, indent=2))
        return
    if code is None:
        width = max(len(r.name) for r in RULES)
        for r in RULES:
            typer.echo(f"{r.code:<10} {r.name:<{width}}  {r.severity.label:<8} {r.category:<12} {r.summary}")
        return
    rule = BY_CODE.get(code.upper())
    if rule is None:
        raise error(f"no rule {code!r}; `tqa rules` lists them")
    typer.echo(f"{rule.code}: {rule.name}")
    typer.echo(f"category: {rule.category}   default severity: {rule.severity.label}")
    # Precedence (audit/overlap.py): on an overlapping span, one finding per problem.
    if rule.yields_to:
        typer.echo(f"yields to: {', '.join(rule.yields_to)} (an overlapping finding of these stays; this one is kept as its evidence)")
    above = [r.code for r in RULES if r.yields(rule.code)]
    if above:
        typer.echo(f"absorbs: {', '.join(above)} (their overlapping findings are kept as evidence on this one)")
    typer.echo("")
    typer.echo(rule.summary)
    typer.echo("")
    typer.echo(rule.doc)
    typer.echo("")
    typer.echo("Examples:")
    for ex in rule.examples:
        mark = "fires " if ex.fails else "silent"
        extra = f"  [lang {ex.lang}" + (f", from {ex.source_lang}" if ex.source_lang else "") + (f", date {ex.date}" if ex.date else "") + "]"
        typer.echo(f"  {mark}  {ex.text!r}{extra}")


def rule_data(rule, all_rules) -> dict:
    """One rule as JSON: what `tqa rules CODE` prints, as fields."""
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": rule.severity.label,
        "summary": rule.summary,
        "doc": rule.doc,
        "yields_to": list(rule.yields_to),
        "absorbs": [r.code for r in all_rules if r.yields(rule.code)],
        "examples": [{"text": ex.text, "fires": ex.fails, "lang": ex.lang, "source_lang": ex.source_lang, "date": ex.date}
                     for ex in rule.examples],
    }

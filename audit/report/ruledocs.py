"""Rule documentation as Markdown: one rule (SARIF's `help.markdown`) or all of them
(docs/rules.md, the page SARIF's default `helpUri` points at).

    python -m audit.report.ruledocs > docs/rules.md     # after changing a rule's summary or doc

Each rule is a `## CODE` heading, so its anchor is the code in lower case (`#term001`), the
form `rules-url = "https://…/rules.md#{code_lower}"` expects.
"""

from __future__ import annotations

from pathlib import Path

from audit.checks import RULES
from audit.errors import ConfigError

RULES_DOC = "docs/rules.md"
_PACKAGE = Path(__file__).resolve().parent.parent  # audit/


def _code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds, on one line."""
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def rule_markdown(rule, heading: str = "") -> str:
    """What a rule finds, why, and its examples (the text `tqa rules CODE` prints), in Markdown."""
    out = []
    if heading:
        out += [f"{heading} {rule.code}", ""]
    out += [f"**{rule.code}** `{rule.name}` · {rule.category} · default severity **{rule.severity.label}**", "",
            rule.summary, "", rule.doc.strip(), ""]
    if rule.examples:
        out.append("Examples:")
        out.append("")
        for ex in rule.examples:
            where = [f"lang {ex.lang}"] + ([f"from {ex.source_lang}"] if ex.source_lang else []) \
                + ([f"date {ex.date}"] if ex.date else [])
            out.append(f"- {'fires' if ex.fails else 'silent'}: {_code(ex.text)} ({', '.join(where)})")
        out.append("")
    out.append(f"`tqa rules {rule.code}` prints this; a `<!-- tqa-ignore {rule.code} -->` marker on the line, "
               "or alone before the paragraph, suppresses it.")
    return "\n".join(out) + "\n"


def document() -> str:
    head = ["# tqa rules", "",
            "Generated from the rule registry by `python -m audit.report.ruledocs > docs/rules.md`; "
            "`tqa rules CODE` prints the same text. SARIF reports link each rule here (`helpUri`).", "",
            "| code | name | severity | finds |", "|---|---|---|---|"]
    head += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.label} | {_cell(r.summary)} |" for r in RULES]
    return "\n".join(head) + "\n\n" + "\n".join(rule_markdown(r, "##") for r in RULES)


def default_rules_url() -> str | None:
    """`file:` URI template of the rules page beside this tqa (a checkout's docs/rules.md, or the
    copy a wheel carries), or None when neither exists. `rules-url` in the config overrides it
    with a URL that works for everyone (e.g. the page in your repository host)."""
    for p in (_PACKAGE.parent / RULES_DOC, _PACKAGE / "_data" / "rules.md"):
        if p.is_file():
            return p.as_uri() + "#{code_lower}"
    return None


def help_uri(template: str, rule) -> str:
    """A rule's documentation link from a `rules-url` template (SARIF's helpUri, the HTML
    report's rule links); a template that does not format is a ConfigError."""
    try:
        return template.format(code=rule.code, code_lower=rule.code.lower(), name=rule.name)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise ConfigError(f"rules-url {template!r} is not a valid link template ({type(exc).__name__}: {exc}); "
                          "it may use {code}, {code_lower} and {name}") from None


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import sys

    sys.stdout.write(document())

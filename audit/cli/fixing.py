"""--fix and --diff for tqa audit and tqa gate: the safe edits of a run's results, applied
atomically or printed as one unified diff (audit/fix.py decides what is safe)."""

from __future__ import annotations

from pathlib import Path

import typer

from audit.cli.common import emit, error


def apply_fixes(results, judge, write: bool, output=None, many: bool = False) -> int:
    """--fix (write) or --diff: per file, the safe edits applied or printed as a diff, the
    conflicts that keep a file as it is named on stderr. Returns how many files would change
    or are held back by a conflict (--diff's exit 1)."""
    from audit.errors import TqaError
    from audit.fix import plan, rendered, unified_diff
    from audit.fsutil import write_atomic

    patches, count = [], 0
    for result in results:
        p = plan(result, judge)
        path = result.document.path
        if p.refused:
            if not many:  # tqa audit: the one file asked for cannot be fixed; tqa gate goes on
                raise error(f"{path}: {p.refused}")
            typer.echo(f"tqa: {path}: skipped: {p.refused}", err=True)
            continue
        if p.conflicts:
            count += 1
            typer.echo(f"tqa: {path}: not changed: {len(p.conflicts)} conflict(s): " + "; ".join(p.conflicts), err=True)
            continue
        if not p.edits:
            if many:  # tqa gate: the files with something to say are the ones named
                continue
            typer.echo(f"tqa: {path}: nothing to fix" + (f" ({p.left} suggestion(s) left to a person)" if p.left else ""),
                       err=True)
            continue
        count += 1
        before, after, data = p.text, p.fixed, None
        if Path(path).is_file():
            try:  # refuses a file whose bytes are not the audited text
                before, after, data = rendered(path, p, result)
            except TqaError as exc:
                if not many:
                    raise
                typer.echo(f"tqa: {exc}", err=True)
                continue
        left = f"; {p.left} suggestion(s) left to a person" if p.left else ""
        if write:
            write_atomic(path, data)
            typer.echo(f"tqa: {path}: fixed {len(p.edits)} finding(s){left}", err=True)
        else:
            patches.append(unified_diff(path, before, after))
            typer.echo(f"tqa: {path}: would fix {len(p.edits)} finding(s){left}", err=True)
    if not write and (patches or output is not None):
        emit("".join(patches), output)
    return count

"""What the measurement scripts (scripts/measure_alignment.py, scripts/wmt_precision.py) and
their tests share: scrambled parallel text with its true links, correlation coefficients.
Not part of tqa: the auditor never uses them, so they live beside the scripts, not in audit/.

Scripts import it as `measure` (their own folder is on sys.path), tests as `scripts.measure`."""

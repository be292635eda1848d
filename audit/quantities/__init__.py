"""Numbers and dates in any language, normalised so a source and its translation compare.

`extract(text, lang)` finds quantities with their spans: digits of any script (every
character with a Unicode decimal value counts, mapped one-to-one so offsets hold), decimal
and thousands separators read by the language's CLDR conventions (Babel), percentages,
ordinals, ranges (each end is a quantity), scale words ("1,5 млн" = 1.5 million), dates
with month names (CLDR month names plus inflected forms from references/bilingual), numeric
dates, clock times and written-out numbers (num2words' tables read in reverse).

Written-out numbers are *optional*: they satisfy a digit on the other side but are never
required themselves ("one of them" is not a quantity). So are a month named without a day
("in March", "May" the modal), a year attached to a date, and a number glued to a name
(COVID-19, Су-35, 3D): optional, but two of one kind left unpaired on both sides are a change.
Comparing the quantities of a source and its translation is audit/quantitydiff.py.

Two modules: language.py holds what a language says about numbers (`tables`: separators,
month names, number and scale words, units, read from Babel, num2words and quantities.yaml),
extraction.py reads a text with those tables (`extract`). The names callers use are here.
"""

from audit.quantities.extraction import (MINUS, Quantities, Quantity, clock_times, extract, negative,
                                         normalise_digits, spaced_clock_times)
from audit.quantities.language import Shared, Tables, shared, tables

__all__ = ["MINUS", "Quantities", "Quantity", "Shared", "Tables", "clock_times", "extract", "negative",
           "normalise_digits", "shared", "spaced_clock_times", "tables"]

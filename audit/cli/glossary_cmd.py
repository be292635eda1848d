"""`tqa glossary ...`: glossary maintenance (issue 6; filled in by its implementation)."""

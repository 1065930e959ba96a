"""Submissions: a CPC analyst uploads an extract, watches it validated in the background, reads
the data-quality report and confirms the load (only then is the analytical store written)."""

"""Results: the statistics pages (national overview, indicator, area, compare), their charts
and downloads, and the in-process cache of published figures every page and the API read."""

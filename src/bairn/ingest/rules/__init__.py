"""Validation rules, one function each, grouped by kind. Packs (bairn.ingest.packs) say which
rules belong to which version of the standard."""

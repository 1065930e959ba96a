"""The analytical store (DuckDB): schema from the standard, atomic submissions, load history."""

from bairn.store.store import DEFAULT_DB, LoadResult, SourceFile, Store, describe, resolve_db_path

__all__ = ["DEFAULT_DB", "LoadResult", "SourceFile", "Store", "describe", "resolve_db_path"]

"""Synthetic stores for tests: an extract written by `bairn.synth`, loaded and computed."""

from __future__ import annotations

from pathlib import Path


def synthetic_store(folder: Path, **synth) -> tuple[Path, object]:
    """Generate an extract in `folder/extract` (`synth` goes to `bairn.synth.generate`: seed,
    scale, start, end), load it into `folder/bairn.duckdb` and compute the catalogue. Returns the
    store's path and what the generator wrote."""
    from bairn.indicators import compute
    from bairn.store import SourceFile, Store
    from bairn.store.files import read_clean_extract
    from bairn.synth import generate

    result = generate(folder / "extract", **synth)
    db = folder / "bairn.duckdb"
    with Store(db) as store:
        store.load(
            read_clean_extract(folder / "extract"),
            files=[SourceFile("synthetic", "0" * 64)],
            version="1.1",
        )
        compute(store)
    return db, result

"""Streaming, byte-reproducible writers: one file per table, council batches appended in order.

CSV: UTF-8, header, `\\n` line endings, no quoting (identifiers and codes never hold a comma or a
quote), ISO 8601 dates, empty cells for nulls. Parquet: fixed compression and page options, one
row group per council batch. Files are written under a temporary name and moved into place only
when every table is complete, so a failed run never leaves a half-written extract.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from bairn.errors import BairnError
from bairn.standard import Table

ARROW_TYPES = {
    "string": pa.string(),
    "code": pa.string(),
    "date": pa.date32(),
    "integer": pa.int32(),
}
FORMATS = ("csv", "parquet")


def schema_for(table: Table, version: str) -> pa.Schema:
    return pa.schema(
        [
            pa.field(f.name, ARROW_TYPES[f.type], nullable=not f.required)
            for f in table.fields(version)
        ]
    )


class ExtractWriter:
    def __init__(self, out_dir: Path, tables: list[Table], version: str, fmt: str) -> None:
        self.out_dir = out_dir
        self.fmt = fmt
        self.schemas = {t.name: schema_for(t, version) for t in tables}
        self.rows = dict.fromkeys(self.schemas, 0)
        self.paths = {name: out_dir / f"{name}.{fmt}" for name in self.schemas}
        self._tmp = {name: out_dir / f".{name}.{fmt}.partial" for name in self.schemas}
        self._writers: dict[str, pacsv.CSVWriter | pq.ParquetWriter] = {}
        try:
            for name, schema in self.schemas.items():
                self._writers[name] = self._open(self._tmp[name], schema)
        except OSError as exc:
            self.abort()
            raise BairnError(f"Cannot write to the folder {out_dir}: {exc.strerror}.") from exc

    def _open(self, path: Path, schema: pa.Schema) -> pacsv.CSVWriter | pq.ParquetWriter:
        if self.fmt == "csv":
            options = pacsv.WriteOptions(
                include_header=True, quoting_style="none", quoting_header="none", eol="\n"
            )
            return pacsv.CSVWriter(str(path), schema, write_options=options)
        return pq.ParquetWriter(
            str(path),
            schema,
            compression="zstd",
            compression_level=3,
            use_dictionary=True,
            write_statistics=True,
            version="2.6",
            data_page_version="1.0",
            write_page_index=False,
            store_schema=True,
        )

    def write(self, name: str, table: pa.Table) -> None:
        """Append one batch, with the columns in the standard's order for the version."""
        if table.num_rows == 0:
            return
        schema = self.schemas[name]
        batch = pa.table([table.column(f.name).cast(f.type) for f in schema], schema=schema)
        self._writers[name].write_table(batch)
        self.rows[name] += batch.num_rows

    def close(self, signals: list[dict]) -> Path:
        for w in self._writers.values():
            w.close()
        self._writers.clear()
        signals_path = self.out_dir / "signals.json"
        text = json.dumps(signals, indent=2, ensure_ascii=False) + "\n"
        try:
            tmp = self.out_dir / ".signals.json.partial"
            tmp.write_text(text, encoding="utf-8", newline="\n")
            for name in self.schemas:
                os.replace(self._tmp[name], self.paths[name])
            os.replace(tmp, signals_path)
        except OSError as exc:
            self.abort()
            raise BairnError(f"Cannot write to the folder {self.out_dir}: {exc.strerror}.") from exc
        return signals_path

    def abort(self) -> None:
        for w in self._writers.values():
            # Closing after a failure: the first error is the one worth reporting.
            with contextlib.suppress(Exception):
                w.close()
        self._writers.clear()
        for path in [*self._tmp.values(), self.out_dir / ".signals.json.partial"]:
            path.unlink(missing_ok=True)

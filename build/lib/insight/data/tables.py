"""One table of a data specification: its file(s), how they are read (CSV options, Excel sheets,
Parquet) and how it joins the main table."""

from __future__ import annotations

import glob as _glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import DataFileNotFoundError, DataValidationError
from ..parsers import sql_literal

__all__ = ["TableSpec", "TABLE_KEYS", "describe_columns", "is_numeric_type", "resolve_paths"]


TABLE_KEYS = {"path", "sep", "encoding", "decimal", "header", "skip", "date_format", "dayfirst", "sheet",
               "join", "aggregate"}


@dataclass
class TableSpec:
    """One table of a specification: its file(s), read options and how it joins the main table."""

    name: str
    paths: list[Path]
    sep: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    header: bool = True
    skip: int = 0
    date_format: str | None = None
    dayfirst: bool | None = None
    sheet: str | int | None = None
    join: dict[str, str] | None = None          # main column -> this table's column
    aggregate: bool = False

    def reader(self, con, date_cols: list[str] = ()) -> str:
        """SQL reading the file(s); Excel sheets are read with pandas and registered."""
        suffix = self.paths[0].suffix.lower()
        files = "[" + ", ".join(sql_literal(p) for p in self.paths) + "]"
        if suffix in (".parquet", ".pq"):
            return f"read_parquet({files}, union_by_name = true)"
        if suffix in (".xlsx", ".xlsm", ".xls"):
            frames = [pd.read_excel(p, sheet_name=self.sheet or 0, skiprows=self.skip or None,
                                    header=0 if self.header else None, dtype=object) for p in self.paths]
            frame = pd.concat(frames, ignore_index=True)
            for c in frame.columns:   # Excel cells of mixed type: read as text, parsed by the roles
                if frame[c].dropna().map(type).nunique() > 1:
                    frame[c] = frame[c].map(lambda x: x if pd.isna(x) else str(x))
                else:
                    frame[c] = frame[c].infer_objects()
            view = f"xl_{self.name}"
            con.register(view, frame)
            return view
        opts = [f"header = {str(self.header).lower()}"]
        if self.sep:
            opts.append(f"delim = {sql_literal(self.sep)}")
        if self.encoding:
            opts.append(f"encoding = {sql_literal(self.encoding)}")
        if self.decimal:
            opts.append(f"decimal_separator = {sql_literal(self.decimal)}")
        if self.skip:
            opts.append(f"skip = {int(self.skip)}")
        if date_cols:   # dates are parsed by insight's shared parser, never guessed by the CSV sniffer
            opts.append("types = {" + ", ".join(f"{sql_literal(c)}: 'VARCHAR'" for c in date_cols) + "}")
        return f"read_csv({files}, {', '.join(opts)}, union_by_name = true)"


def describe_columns(con, reader: str) -> list[str]:
    try:
        return [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
    except Exception as exc:
        raise DataValidationError(f"cannot read {reader[:200]}: {str(exc).splitlines()[0]}") from None


def is_numeric_type(typ: str) -> bool:
    t = typ.upper()
    return t in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "DOUBLE", "FLOAT",
                 "REAL") or t.startswith("DECIMAL")


def resolve_paths(value: Any, base: Path, key: str) -> list[Path]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, (str, os.PathLike)) and str(v) for v in items):
        raise DataValidationError(f"{key}: must be a file path or a list of paths, got {value!r}.")
    out: list[Path] = []
    for v in items:
        p = Path(v).expanduser()
        p = p if p.is_absolute() else base / p
        hits = sorted(Path(x) for x in _glob.glob(str(p))) if any(ch in str(p) for ch in "*?[") else [p]
        missing = [h for h in hits if not h.is_file()]
        if not hits or missing:
            raise DataFileNotFoundError(f"{key}: file not found: {missing[0] if missing else p} "
                                        f"(relative paths are read from {base}).")
        out += hits
    suffixes = {p.suffix.lower() for p in out}
    allowed = {".csv", ".txt", ".tsv", ".gz", ".parquet", ".pq", ".xlsx", ".xlsm", ".xls"}
    if not suffixes <= allowed:
        raise DataValidationError(f"{key}: file {out[0].name} must be CSV, Parquet or Excel; got {sorted(suffixes)}.")
    return out

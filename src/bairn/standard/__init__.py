"""The record-level standard: tables, fields, code lists, versions and timescales, as data."""

from bairn.standard.model import (
    CodeList,
    Field,
    Guidance,
    Standard,
    Table,
    guidance_in_force,
    load_standard,
    load_timescales,
    normalise_name,
)

__all__ = [
    "CodeList",
    "Field",
    "Guidance",
    "Standard",
    "Table",
    "guidance_in_force",
    "load_standard",
    "load_timescales",
    "normalise_name",
]

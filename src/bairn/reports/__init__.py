"""Quarterly CPC reports and the national report, as HTML, PDF and XLSX, disclosure-controlled
for an explicit audience (see README.md and docs/reports.md).

from bairn.reports import build_report
pdf = build_report("cpc", "CPC-CLST", "2025Q2", "area", "pdf", db, cpc="CPC-CLST")
"""

from bairn.reports.build import FORMATS, KINDS, build_report, make_report, render
from bairn.reports.config import read_commentary
from bairn.reports.data import ReportData

__all__ = [
    "FORMATS",
    "KINDS",
    "ReportData",
    "build_report",
    "make_report",
    "read_commentary",
    "render",
]

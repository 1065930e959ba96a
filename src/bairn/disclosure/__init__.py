"""Disclosure control for every Bairn output: policy, primary and secondary suppression,
rounding, the LP audit of published tables, and disclosure records (see README.md)."""

from bairn.disclosure.audit import AuditReport, audit, ensure_safe
from bairn.disclosure.bounds import Bounds, attacker_bounds
from bairn.disclosure.policy import AUDIENCES, AudienceRules, Policy, load_policy
from bairn.disclosure.protect import Protected, protect
from bairn.disclosure.publish import FOOTNOTE, read_published
from bairn.disclosure.records import DisclosureRecord
from bairn.disclosure.relations import Geography, build_tableset, long_cells, scotland_geography
from bairn.disclosure.secondary import secondary_suppression
from bairn.disclosure.tableset import TableSet
from bairn.disclosure.writers import write_csv, write_json

__all__ = [
    "AUDIENCES",
    "FOOTNOTE",
    "AudienceRules",
    "AuditReport",
    "Bounds",
    "DisclosureRecord",
    "Geography",
    "Policy",
    "Protected",
    "TableSet",
    "attacker_bounds",
    "audit",
    "build_tableset",
    "ensure_safe",
    "load_policy",
    "long_cells",
    "protect",
    "read_published",
    "scotland_geography",
    "secondary_suppression",
    "write_csv",
    "write_json",
]

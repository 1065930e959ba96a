"""Dashboards: the public pages (published statistics) and, for now, the placeholder record-level
page that proves area scoping and auditing."""

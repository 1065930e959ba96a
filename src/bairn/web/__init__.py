"""Bairn's web application (Django 5.2): see README.md beside this file and docs/web.md.

The web layer may import the core (bairn.areas, bairn.store, bairn.indicators, …); the core never
imports this package. `bairn.web.server` starts it; `bairn.web.commands` adds `bairn serve`.
"""

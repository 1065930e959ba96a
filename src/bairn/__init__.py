"""Bairn: Scotland's child protection improvement data platform."""

__version__ = "0.1.0"

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """mapping[key], or "" (dictionaries keyed by question id in the survey templates)."""
    if not mapping:
        return ""
    return mapping.get(key, "")

"""Template helpers for design-system markup: `{% field_widget form.field %}`."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def field_widget(field, extra_class: str = ""):
    """Render a form field's input with the design system's classes and ARIA links to its hint
    and error message (ids `<id>-hint` and `<id>-error`, as core/field.html writes them)."""
    classes = ["ds_input"]
    if extra_class:
        classes.append(extra_class)
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}-hint")
    attrs = {}
    if field.errors:
        classes.append("ds_input--error")
        describedby.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    attrs["class"] = " ".join(classes)
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    return field.as_widget(attrs=attrs)

"""What every statistics view does first: find the visitor's audience and its prepared figures,
or answer with the page that says they are being prepared."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from bairn.web.results import pagecache, publications
from bairn.web.results.audience import Audience, audience_for
from bairn.web.results.publications import Prepared
from bairn.web.tasks.models import Task


@dataclass
class Context:
    audience: Audience
    prep: Prepared | None
    task: Task | None  # preparing newer figures (or the first ones)


def context_for(request) -> Context:
    audience = audience_for(request.user)
    prep, task = publications.current(audience)
    return Context(audience, prep, task)


def not_ready(request, ctx: Context, title: str):
    """Nothing prepared yet for this audience: progress of the task, or why there is none."""
    return render(
        request,
        "results/preparing.html",
        {"title": title, "audience": ctx.audience, "task": ctx.task},
    )


def body(ctx: Context, name: str, params: tuple, template: str, build) -> str:
    """A page's main part, rendered once per indicator run, audience and choices."""
    prep = ctx.prep
    html = pagecache.cached(
        prep.run_id,
        prep.audience.key,
        f"html:{name}",
        params,
        lambda: render_to_string(template, {**build(), "audience": ctx.audience, "prep": prep}),
        kind="html",
    )
    return mark_safe(html)  # rendered by Django's template engine (auto-escaped)


def page(request, ctx: Context, title: str, html: str, *, label: str = "", extra=None):
    return render(
        request,
        "results/page.html",
        {
            "title": title,
            "page_label": label,
            "audience": ctx.audience,
            "prep": ctx.prep,
            "task": ctx.task,
            "body": html,
            **(extra or {}),
        },
    )

"""Progress reviews: hold one (freeze a snapshot), read it (changes since the previous review,
overdue milestones, measures' verdicts), export it as PDF (the same page body, written by
`bairn.reports.pdf.html_to_pdf`, the reports' own PDF writer) or XLSX."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_safe

from bairn.web import audit
from bairn.web.programme import access, services
from bairn.web.programme.forms import ReviewForm
from bairn.web.programme.measures import verdicts_for
from bairn.web.programme.models import Action, Confidence, Programme, Review, Status
from bairn.web.results.audience import audience_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
@access.view_required
def reviews(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug)
    owner = access.owns_programme(request.user, programme)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        if form.is_valid():
            review = services.take_review(programme, by=request.user, **form.cleaned_data)
            audit.record(request, "programme.review.create", review, {"programme": slug})
            return redirect("programme:review", slug=slug, pk=review.pk)
    return render(request, "programme/reviews.html", {
        "title": f"Progress reviews: {programme.name}", "programme": programme,
        "reviews": programme.reviews.all(), "form": form, "owner": owner,
    })  # fmt: skip


def _review_context(request, slug: str, pk: int) -> dict:
    review = get_object_or_404(Review.objects.select_related("programme"), pk=pk,
                               programme__slug=slug)  # fmt: skip
    previous = services.previous_review(review)
    entries = list(review.entries.all())
    overdue = [(e, m) for e in entries for m in e.milestones if m["overdue"]]
    actions = Action.objects.filter(pk__in=[e.action_id for e in entries if e.action_id])
    measured = []
    for action in actions.prefetch_related("measures").order_by("ref"):
        if action.measures.all():
            measured.append((action, verdicts_for(action, request.user)))
    for e in entries:
        e.status_label = Status(e.status).label
        e.confidence_label = Confidence(e.confidence or "").label
    return {
        "title": str(review),
        "review": review,
        "programme": review.programme,
        "previous": previous,
        "diffs": services.diff_reviews(previous, review),
        "entries": entries,
        "overdue": overdue,
        "measured": measured,
    }


@require_safe
@access.view_required
def review_page(request, slug: str, pk: int):
    return render(request, "programme/review.html", _review_context(request, slug, pk))


@require_safe
@access.view_required
def review_pdf(request, slug: str, pk: int):
    from bairn.reports.pdf import html_to_pdf

    ctx = _review_context(request, slug, pk)
    ctx["audience"] = audience_for(request.user).name
    html = render_to_string("programme/review_print.html", ctx, request=request)
    css = render_to_string("programme/review_print.css", ctx)  # paged media: A4, page numbers
    content = html_to_pdf(html, css=css)
    audit.record(request, audit.EXPORT, ctx["review"], {"format": "pdf"})
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{slug}-review-{ctx['review'].held_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _cell(value):
    """Neutralise spreadsheet formulas in text cells."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@require_safe
@access.view_required
def review_xlsx(request, slug: str, pk: int):
    from openpyxl import Workbook

    from bairn.workbook import workbook_bytes

    ctx = _review_context(request, slug, pk)
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(["Ref", "Title", "Work stream", "Owner", "Status", "Delivery confidence",
                  "Evidence items", "Overdue milestones"])  # fmt: skip
    for e in ctx["entries"]:
        late = sum(1 for m in e.milestones if m["overdue"])
        sheet.append([_cell(v) for v in (e.ref, e.title, e.work_stream, e.owner, e.status_label,
                                          e.confidence_label, len(e.evidence), late)])  # fmt: skip
    changed = book.create_sheet("Changes since previous")
    changed.append(["Ref", "Title", "Changes", "New evidence"])
    for d in ctx["diffs"]:
        changed.append([_cell(d.ref), _cell(d.title), _cell("; ".join(d.changes)),
                        _cell("; ".join(d.new_evidence))])  # fmt: skip
    late = book.create_sheet("Overdue milestones")
    late.append(["Ref", "Milestone", "Due"])
    for e, m in ctx["overdue"]:
        late.append([_cell(e.ref), _cell(m["title"]), m["due"]])
    measures = book.create_sheet("Measures")
    measures.append(["Ref", "Indicator", "Area", "Direction", "From", "Before", "After", "Note"])
    for action, verdicts in ctx["measured"]:
        for v in verdicts:
            measures.append([_cell(x) for x in (action.ref, v.indicator_id, v.area_code,
                             v.direction, v.from_period, v.before, v.after, v.note)])  # fmt: skip
    held = dt.datetime.combine(ctx["review"].held_on, dt.time())  # the same review, the same bytes
    content = workbook_bytes(book, held)
    audit.record(request, audit.EXPORT,
                 ctx["review"], {"format": "xlsx"})  # fmt: skip
    response = HttpResponse(content, content_type=XLSX)
    name = f"{slug}-review-{ctx['review'].held_on:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

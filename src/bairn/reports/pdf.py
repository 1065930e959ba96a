"""Report → PDF with WeasyPrint: A4, contents with page numbers, the audience in every page's
footer, page numbers, bookmarks from the headings, and PDF/UA-1 (tagged) output."""

from __future__ import annotations

from bairn.reports.html import render_html
from bairn.reports.model import Report

PDF_VARIANT = "pdf/ua-1"


def render_pdf(report: Report, *, cache: dict | None = None) -> bytes:
    """The PDF bytes. `cache` (a dict) lets many reports share WeasyPrint's image cache."""
    return html_to_pdf(render_html(report, pdf=True), cache=cache)


def html_to_pdf(html: str, *, css: str = "", cache: dict | None = None) -> bytes:
    """An HTML page (with its paged-media CSS inline, or given as `css`) as tagged PDF/UA-1
    bytes: the one way Bairn writes PDF, for reports and other documents (programme reviews)."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=".")
    options = {
        "pdf_variant": PDF_VARIANT,
        "pdf_tags": True,
        "custom_metadata": True,
        "cache": cache if cache is not None else {},
    }
    if css:
        options["stylesheets"] = [CSS(string=css)]
    return document.write_pdf(**options)

from pathlib import Path

from bairn.ingest.docs import render_markdown
from bairn.ingest.packs import all_checks

REPO = Path(__file__).resolve().parents[2]


def test_committed_validation_page_is_up_to_date():
    committed = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "regenerate it: .venv/bin/python -m bairn.ingest.docs > docs/validation.md"
    )


def test_page_lists_every_rule():
    text = render_markdown()
    for r in all_checks("1.1"):
        assert f"| {r.code} | {r.name} |" in text

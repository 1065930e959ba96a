"""Column widths for the PDF's wide tables (bairn.reports.pdf._widths): a table that fits is
left to Typst; one that does not gives each number column room for its longest number and
header word, and leaves the text columns at least 30% of the page."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bairn.reports.pdf import BOLD_PT, CHAR_PT, LONGEST, NUMBERS_SHARE, PAGE_WIDTH_PT, _widths

words = st.text(alphabet="abcdefghij%,.", min_size=1, max_size=14)
headers = st.lists(words, min_size=1, max_size=4).map(" ".join)


@st.composite
def tables(draw):
    n = draw(st.integers(1, 12))
    header = [draw(headers) for _ in range(n)]
    numeric = [draw(st.booleans()) for _ in range(n)]
    rows = draw(
        st.lists(
            st.lists(st.text(alphabet="0123456789., abc", max_size=60), min_size=n, max_size=n),
            max_size=8,
        )
    )
    return header, numeric, rows


@given(tables())
def test_widths_leave_text_room_and_fit_every_number(table):
    header, numeric, rows = table
    widths = _widths(header, numeric, rows)
    natural = sum(
        max([len(h)] + [len(r[i]) for r in rows]) * CHAR_PT + 7 for i, h in enumerate(header)
    )
    if widths is None:
        return
    assert natural > PAGE_WIDTH_PT  # only a table that would not fit is given widths
    assert len(widths) == len(header)
    assert sum(w.get("pt", 0) for w in widths) <= NUMBERS_SHARE * PAGE_WIDTH_PT
    for i, width in enumerate(widths):
        if numeric[i]:
            longest_word = max(len(w) for w in header[i].split())
            assert width["pt"] >= longest_word * BOLD_PT
            assert all(width["pt"] >= len(r[i]) * CHAR_PT for r in rows)
        else:
            assert width["fr"] >= 4


def test_a_narrow_table_is_left_to_typst():
    assert _widths(["Year", "Q1"], [False, True], [["2024", "3.21"]]) is None


def test_a_wide_summary_squeezes_the_headers_over_numbers_not_the_names():
    header = ["Indicator", "Unit", "Scotland, 2025Q2", "Above the 99.8% limit", "Verdict"]
    rows = [
        ["Inter-agency referral discussions (IRDs)", "per 1,000 children", "3.21", "5",
         "Significantly lower than baseline " * 3],
    ]  # fmt: skip
    widths = _widths(header, [False, False, True, True, False], rows)
    assert widths is not None
    assert widths[2]["pt"] == len("Scotland,") * BOLD_PT + 7  # its longest header word
    assert widths[0]["fr"] == min(len(rows[0][0]), LONGEST)  # long names count up to a cap

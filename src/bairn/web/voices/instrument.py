"""Questionnaires as data: load a versioned instrument (YAML), route through it, score answers.

No Django here: an instrument is plain data, so the routing and scoring are tested on their own.

    inst = load_instrument("children-8plus", 1)
    inst.first_page(answers)                      # the first page to show
    inst.next_page("meeting", answers)            # skip logic: the next page whose show_if holds
    inst.score(answers)                           # {"experience": 4.33, ...} mean item points
    inst.alert_reasons(answers)                   # ["safe_now=no"]: answers that raise an alert
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
QUESTION_TYPES = ("scale", "choice", "text")
VARIANTS = ("standard", "easy_read", "pictures")


class InstrumentError(ValueError):
    """An instrument file that does not follow the schema (named file, one sentence)."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    points: int | None = None
    emoji: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    options: tuple[Option, ...] = ()
    required: bool = True
    hint: str = ""

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    questions: tuple[Question, ...]
    show_if: dict[str, Any] | None = None

    def shown(self, answers: dict[str, str]) -> bool:
        if not self.show_if:
            return True
        return answers.get(self.show_if["question"]) in self.show_if["in"]


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    title: str
    audience: str
    variant: str
    pages: tuple[Page, ...]
    intro: str = ""
    ages: str = ""
    confidentiality: dict[str, str] = field(default_factory=dict)
    help: str = ""
    scores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    alerts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.id}-v{self.version}"

    @property
    def for_children(self) -> bool:
        return self.audience == "child"

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def questions(self) -> dict[str, Question]:
        return {q.id: q for p in self.pages for q in p.questions}

    def first_page(self, answers: dict[str, str]) -> Page | None:
        return next((p for p in self.pages if p.shown(answers)), None)

    def next_page(self, page_id: str, answers: dict[str, str]) -> Page | None:
        """The page after `page_id` that the answers so far route to (None: the end)."""
        ids = [p.id for p in self.pages]
        start = ids.index(page_id) + 1
        return next((p for p in self.pages[start:] if p.shown(answers)), None)

    def route(self, answers: dict[str, str]) -> list[str]:
        """Every page a respondent with these answers sees, in order."""
        return [p.id for p in self.pages if p.shown(answers)]

    def clean(self, answers: dict[str, str]) -> dict[str, str]:
        """Answers kept: only questions on the route, only known options, text trimmed."""
        kept: dict[str, str] = {}
        for page in self.pages:
            if not page.shown(kept | answers):
                continue
            for q in page.questions:
                value = str(answers.get(q.id, "")).strip()
                if q.type == "text":
                    if value:
                        kept[q.id] = value[:2000]
                elif value and q.option(value) is not None:
                    kept[q.id] = value
        return kept

    def score(self, answers: dict[str, str]) -> dict[str, float | None]:
        """Mean points of each score's items answered with a scored option (Don't know is left
        out); None when no item has points."""
        questions = self.questions()
        result: dict[str, float | None] = {}
        for name, items in self.scores.items():
            points = [
                opt.points
                for item in items
                if (opt := questions[item].option(answers.get(item, ""))) is not None
                and opt.points is not None
            ]
            result[name] = round(sum(points) / len(points), 4) if points else None
        return result

    def alert_reasons(self, answers: dict[str, str]) -> list[str]:
        return [
            f"{q}={answers[q]}" for q, values in self.alerts.items() if answers.get(q) in values
        ]

    def child_text(self) -> list[str]:
        """Every sentence source a child (or the adult helping) reads on this form."""
        texts = [self.title, self.intro, self.help, *self.confidentiality.values()]
        for p in self.pages:
            texts.append(p.title)
            for q in p.questions:
                texts += [q.text, q.hint, *(o.label for o in q.options)]
        return [t for t in texts if t]


@cache
def scales() -> dict[str, tuple[Option, ...]]:
    raw = yaml.safe_load((INSTRUMENTS_DIR / "scales.yaml").read_text(encoding="utf-8"))
    return {name: tuple(_option(o) for o in opts) for name, opts in raw.items()}


def _option(raw: dict[str, Any]) -> Option:
    return Option(str(raw["value"]), str(raw["label"]), raw.get("points"), raw.get("emoji", ""))


def _question(raw: dict[str, Any], source: str) -> Question:
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise InstrumentError(f"{source}: question {raw.get('id')!r} has unknown type {qtype!r}.")
    if qtype == "scale":
        if raw.get("scale") not in scales():
            raise InstrumentError(f"{source}: question {raw['id']!r} names an unknown scale.")
        options = scales()[raw["scale"]]
    else:
        options = tuple(_option(o) for o in raw.get("options", ()))
    if qtype == "choice" and not options:
        raise InstrumentError(f"{source}: choice question {raw['id']!r} has no options.")
    return Question(
        id=str(raw["id"]),
        type=qtype,
        text=str(raw["text"]).strip(),
        options=options,
        required=bool(raw.get("required", qtype != "text")),
        hint=str(raw.get("hint", "")).strip(),
    )


def parse_instrument(raw: dict[str, Any], source: str = "<dict>") -> Instrument:
    if raw.get("variant", "standard") not in VARIANTS:
        raise InstrumentError(f"{source}: variant must be one of {', '.join(VARIANTS)}.")
    pages = tuple(
        Page(
            id=str(p["id"]),
            title=str(p["title"]),
            questions=tuple(_question(q, source) for q in p["questions"]),
            show_if=p.get("show_if"),
        )
        for p in raw["pages"]
    )
    seen: set[str] = set()
    for p in pages:
        if p.show_if and p.show_if.get("question") not in seen:
            raise InstrumentError(
                f"{source}: page {p.id!r} is routed on a question not asked before it."
            )
        seen |= {q.id for q in p.questions}
    for name, items in (raw.get("scores") or {}).items():
        if set(items) - seen:
            raise InstrumentError(f"{source}: score {name!r} names unknown questions.")
    return Instrument(
        id=str(raw["id"]),
        version=int(raw["version"]),
        title=str(raw["title"]),
        audience=str(raw.get("audience", "practitioner")),
        variant=str(raw.get("variant", "standard")),
        pages=pages,
        intro=str(raw.get("intro", "")).strip(),
        ages=str(raw.get("ages", "")),
        confidentiality={k: str(v).strip() for k, v in (raw.get("confidentiality") or {}).items()},
        help=str(raw.get("help", "")).strip(),
        scores={k: tuple(v) for k, v in (raw.get("scores") or {}).items()},
        alerts={k: tuple(str(x) for x in v) for k, v in (raw.get("alerts") or {}).items()},
    )


@cache
def load_instrument(instrument_id: str, version: int) -> Instrument:
    path = INSTRUMENTS_DIR / f"{instrument_id}-v{version}.yaml"
    if not path.is_file():
        raise InstrumentError(f"No instrument {instrument_id} version {version} ({path.name}).")
    inst = parse_instrument(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    if (inst.id, inst.version) != (instrument_id, version):
        raise InstrumentError(f"{path.name}: its id and version do not match its file name.")
    return inst


def available() -> list[Instrument]:
    """The newest version of every instrument shipped in instruments/."""
    newest: dict[str, int] = {}
    for path in INSTRUMENTS_DIR.glob("*-v*.yaml"):
        name, _, version = path.stem.rpartition("-v")
        newest[name] = max(newest.get(name, 0), int(version))
    return [load_instrument(name, v) for name, v in sorted(newest.items())]

"""Load a programme from YAML (idempotent: loading the same file twice changes nothing) and
list the programmes. The built-in file is seed/cpip.yaml; the format is in docs/programme.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from bairn.errors import BairnError
from bairn.web.programme import services
from bairn.web.programme.models import Action, Kind, Programme, WorkStream

SEED_DIR = Path(__file__).resolve().parent / "seed"
DEFAULT_FILE = SEED_DIR / "cpip.yaml"
PROGRAMME_FIELDS = ("name", "description", "source_url", "publish_summary")
ACTION_FIELDS = (
    "title", "text", "kind", "source_reference", "source_url", "summary", "source_confirmed",
    "owner_organisation", "owner_lead", "status", "confidence", "start_period",
)  # fmt: skip


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BairnError(f"Cannot read {path}: {exc.strerror}.") from None
    except yaml.YAMLError as exc:
        raise BairnError(f"{path} is not valid YAML ({exc}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("programme"), dict):
        raise BairnError(f"{path} has no `programme:` section; see docs/programme.md.")
    if not data["programme"].get("slug") or not data["programme"].get("name"):
        raise BairnError(f"{path}: the programme needs a `slug` and a `name`.")
    return data


def _action_fields(item: dict, path: Path) -> dict:
    if not item.get("ref") or not item.get("title"):
        raise BairnError(f"{path}: every action needs a `ref` and a `title` ({item!r:.80}).")
    fields = {k: item[k] for k in ACTION_FIELDS if k in item}
    fields.setdefault("summary", True)
    fields.setdefault("kind", Kind.ACTION)
    for key in ("text", "source_reference", "source_url", "owner_organisation", "owner_lead"):
        if key in fields:
            fields[key] = str(fields[key] or "").strip()
    return fields


@transaction.atomic
def load(path: Path | None = None, *, by: str = "bairn programme load") -> dict[str, int]:
    """Create or update the programme in `path`; return counts of what was created/changed."""
    path = Path(path) if path else DEFAULT_FILE
    data = _read(path)
    spec = data["programme"]
    counts = {"streams": 0, "actions": 0, "changes": 0, "milestones": 0, "measures": 0}
    programme, _ = Programme.objects.get_or_create(
        slug=spec["slug"], defaults={"name": spec["name"]}
    )
    for key in PROGRAMME_FIELDS:
        if key in spec and getattr(programme, key) != spec[key]:
            setattr(programme, key, str(spec[key]).strip() if key != "publish_summary" else
                    bool(spec[key]))  # fmt: skip
    programme.save()
    why = f"Loaded from {path.name}."
    depends: dict[Action, list[str]] = {}
    for order, stream_spec in enumerate(data.get("work_streams") or [], start=1):
        stream, made = WorkStream.objects.update_or_create(
            programme=programme, slug=stream_spec["slug"],
            defaults={"name": stream_spec["name"], "order": order,
                      "note": str(stream_spec.get("note", "")).strip()},
        )  # fmt: skip
        counts["streams"] += made
        for a_order, item in enumerate(stream_spec.get("actions") or [], start=1):
            fields = _action_fields(item, path)
            action = programme.actions.filter(ref=item["ref"]).first()
            if action is None:
                action = services.create_action(
                    programme, stream, by=by, rationale=why, ref=item["ref"], order=a_order,
                    **fields,
                )  # fmt: skip
                counts["actions"] += 1
            else:
                fields["work_stream"] = stream
                changed = services.update_action(action, fields, by=by, rationale=why)
                counts["changes"] += len(changed)
            counts["milestones"] += _milestones(action, item.get("milestones") or [], by)
            counts["measures"] += _measures(action, item.get("measures") or [], by, why)
            if "depends_on" in item:
                depends[action] = list(item["depends_on"] or [])
    for action, refs in depends.items():
        found = list(programme.actions.filter(ref__in=refs))
        missing = set(refs) - {a.ref for a in found}
        if missing:
            raise BairnError(f"{path}: {action.ref} depends on unknown {', '.join(missing)}.")
        counts["changes"] += len(
            services.update_action(action, {"depends_on": found}, by=by, rationale=why)
        )
    return counts


def _milestones(action: Action, specs: list[dict], by: str) -> int:
    made = 0
    for spec in specs:
        due = spec["due"]
        due = due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due))
        if not action.milestones.filter(title=spec["title"]).exists():
            services.add_milestone(action, title=spec["title"], due_date=due, by=by)
            made += 1
    return made


def _measures(action: Action, specs: list[dict], by: str, why: str) -> int:
    made = 0
    for spec in specs:
        key = {"indicator_id": spec["indicator"], "area_code": spec.get("area", "S92000003")}
        if not action.measures.filter(**key).exists():
            services.add_measure(
                action, by=by, rationale=why, direction=spec["direction"],
                from_period=str(spec["from"]), **key,
            )  # fmt: skip
            made += 1
    return made


def listing() -> list[dict]:
    """Every programme with its work streams and actions (for `bairn programme list`)."""
    out = []
    for programme in Programme.objects.prefetch_related("streams", "actions"):
        streams = []
        for stream in programme.streams.all():
            actions = [a for a in programme.actions.all() if a.work_stream_id == stream.pk]
            streams.append({
                "slug": stream.slug, "name": stream.name,
                "actions": [{"ref": a.ref, "kind": a.kind, "title": a.title,
                             "source_reference": a.source_reference, "status": a.status,
                             "confidence": a.confidence, "summary": a.summary,
                             "source_confirmed": a.source_confirmed} for a in actions],
            })  # fmt: skip
        out.append({
            "slug": programme.slug, "name": programme.name,
            "publish_summary": programme.publish_summary, "work_streams": streams,
        })  # fmt: skip
    return out

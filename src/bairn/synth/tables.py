"""One council's simulation turned into the standard's tables (pyarrow), with identifiers.

Identifiers are `<council code>-<prefix><serial>`: unique nationally, never names, and numbered in
date order within a council, so sorting rows by identifier is sorting them by date. Anything dated
after the extract's end is cut here: open IRDs, investigations and registrations have no end date.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from bairn.synth.calibration import Calibration
from bairn.synth.core import STREAM_DETAILS, CouncilCore, stream
from bairn.synth.dates import NEVER
from bairn.synth.details import GROUNDS, VIEWS, YES_NO, concern_matrix, participation, referrals
from bairn.synth.draws import categorical_by_group
from bairn.synth.population import SEXES, codes_of
from bairn.synth.process import INV_OUTCOMES, IRD_OUTCOMES, JII, age_band_index
from bairn.synth.spells import END_REASONS

PREFIXES = {
    "children": "C",
    "concerns": "CON",
    "irds": "IRD",
    "investigations": "INV",
    "meetings": "MTG",
    "registrations": "REG",
    "reporter_referrals": "REF",
}
MEETING_TYPES = ("initial", "pre_birth", "review", "transfer")
MEETING_OUTCOMES = ("register", "not_register", "remain_registered", "deregister")
SOURCE_BANDS = (0, 5, 12)  # unborn, 0-4, 5-11, 12-17


def id_width(n: int) -> int:
    """Serials have 7 digits, more only when a council's table outgrows them (large scales)."""
    return max(7, len(str(n)))


def make_ids(council: str, table: str, n: int) -> pa.Array:
    """`<council>-<prefix><serial>` for serials 1..n, zero-padded to one width, built as one
    fixed-width byte buffer (no per-row Python)."""
    width = id_width(n)
    prefix = np.frombuffer(f"{council}-{PREFIXES[table]}".encode("ascii"), dtype=np.uint8)
    size = len(prefix) + width
    buf = np.empty((n, size), dtype=np.uint8)
    buf[:, : len(prefix)] = prefix
    serial = np.arange(1, n + 1, dtype=np.int64)
    for pos in range(size - 1, len(prefix) - 1, -1):  # one digit column at a time, from the right
        serial, digit = np.divmod(serial, 10)
        buf[:, pos] = digit + ord("0")
    offsets = np.arange(0, (n + 1) * size, size, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(buf.reshape(-1))]
    )


def dates(days: np.ndarray, upto: int | None = None) -> pa.Array:
    """Day numbers to date32; NEVER (and, given `upto`, anything later) becomes null."""
    days = np.asarray(days, dtype=np.int64)
    null = days == NEVER if upto is None else days > upto
    return pa.array(np.where(null, 0, days).astype(np.int32), mask=null).cast(pa.date32())


def codes(
    values: tuple[str, ...] | list[str], idx: np.ndarray, null: np.ndarray | None = None
) -> pa.Array:
    indices = pa.array(np.asarray(idx, dtype=np.int32), mask=null)
    return pa.array(list(values), pa.string()).take(indices)


def _rank(order: np.ndarray) -> np.ndarray:
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def build_tables(
    cal: Calibration,
    core: CouncilCore,
    code: str,
    index: int,
    seed: int,
    end_day: int,
    concern_types: list[str],
) -> Iterator[tuple[str, pa.Table]]:
    """Yields (table name, table) one at a time, so each can be written and freed in turn."""
    rng = stream(seed, STREAM_DETAILS, index)
    kids, ep = core.kids, core.chains.episodes

    # children, numbered by the day they first came to notice
    korder = np.lexsort((rng.random(len(kids)), kids.first_day))
    krank = _rank(korder)
    child_ids = make_ids(code, "children", len(kids))

    def cid(kid: np.ndarray) -> pa.Array:
        return child_ids.take(pa.array(krank[kid]))

    birth = kids.birth[korder]
    born = birth <= end_day
    yield "children", pa.table({
        "child_id": child_ids,
        "council_code": pa.array([code] * len(kids), pa.string()),
        "sex": codes(SEXES, np.where(born, kids.sex[korder], 2)),
        "birth_date": dates(birth, upto=end_day),
        "expected_birth_date": dates(kids.edd[korder]),
        "ethnic_group": codes(codes_of(cal, "ethnic_groups"), kids.ethnic[korder]),
        "disability": codes(codes_of(cal, "disability"), kids.disability[korder]),
        "simd_decile": pa.array(kids.simd[korder].astype(np.int32)),
    })  # fmt: skip

    # concerns, IRDs and investigations
    corder = np.lexsort((ep.gen, krank[ep.child], ep.s))
    crank = _rank(corder)
    concern_ids = make_ids(code, "concerns", len(ep.s))
    src_table = np.array(list(cal.model["funnel"]["concern_sources"].values()), dtype=float).T
    source = categorical_by_group(
        rng, src_table, age_band_index(kids.birth[ep.child], ep.s, SOURCE_BANDS)
    )
    yield "concerns", pa.table({
        "concern_id": concern_ids,
        "child_id": cid(ep.child[corder]),
        "received_date": dates(ep.s[corder]),
        "source": codes(list(cal.model["funnel"]["concern_sources"]), source[corder]),
    })  # fmt: skip

    has_ird = np.nonzero(ep.ird & (ep.ird_start <= end_day))[0]
    has_ird = has_ird[np.lexsort((crank[has_ird], ep.ird_start[has_ird]))]
    ird_ids = make_ids(code, "irds", len(has_ird))
    ird_rank = np.full(len(ep.s), -1)
    ird_rank[has_ird] = np.arange(len(has_ird))
    open_ird = ep.ird_end[has_ird] > end_day
    yield "irds", pa.table({
        "ird_id": ird_ids,
        "child_id": cid(ep.child[has_ird]),
        "concern_id": concern_ids.take(pa.array(crank[has_ird])),
        "start_date": dates(ep.ird_start[has_ird]),
        "end_date": dates(ep.ird_end[has_ird], upto=end_day),
        "outcome": codes(IRD_OUTCOMES, ep.ird_outcome[has_ird], open_ird),
        "jii_decision": codes(JII, ep.jii[has_ird]),
    })  # fmt: skip

    has_inv = np.nonzero(ep.inv & (ep.inv_start <= end_day))[0]
    has_inv = has_inv[np.lexsort((crank[has_inv], ep.inv_start[has_inv]))]
    inv_ids = make_ids(code, "investigations", len(has_inv))
    inv_rank = np.full(len(ep.s), -1)
    inv_rank[has_inv] = np.arange(len(has_inv))
    yield "investigations", pa.table({
        "investigation_id": inv_ids,
        "child_id": cid(ep.child[has_inv]),
        "ird_id": ird_ids.take(pa.array(ird_rank[has_inv])),
        "start_date": dates(ep.inv_start[has_inv]),
        "end_date": dates(ep.inv_end[has_inv], upto=end_day),
        "outcome": codes(INV_OUTCOMES, ep.inv_outcome[has_inv], ep.inv_end[has_inv] > end_day),
    })  # fmt: skip

    yield from _meetings_and_registrations(
        cal, rng, core, code, end_day, concern_types, cid, krank, inv_ids, inv_rank
    )


def _meetings_and_registrations(
    cal, rng, core, code, end_day, concern_types, cid, krank, inv_ids, inv_rank
):
    kids, ep, sp, ts = core.kids, core.chains.episodes, core.chains.spells, core.transfer_spells
    spell_child = core.chains.spell_child
    held = np.nonzero(ep.meeting & (ep.meet_day <= end_day))[0]
    own_rev = np.nonzero(sp.review_day <= end_day)[0]
    tr_rev = np.nonzero(ts.review_day <= end_day)[0]
    n_tr = len(core.transfer_day)
    tr_child = core.transfer_child[ts.review_spell[tr_rev]]
    parts = [  # (child, day, type, outcome, episode)
        (ep.child[held], ep.meet_day[held], np.where(ep.pre_birth[held], 1, 0),
         np.where(ep.registered[held], 0, 1), held),
        (spell_child[sp.review_spell[own_rev]], sp.review_day[own_rev], np.full(len(own_rev), 2),
         np.where(sp.review_deregisters[own_rev], 3, 2), np.full(len(own_rev), -1)),
        (tr_child, ts.review_day[tr_rev], np.full(len(tr_rev), 2),
         np.where(ts.review_deregisters[tr_rev], 3, 2), np.full(len(tr_rev), -1)),
        (core.transfer_child, core.transfer_day, np.full(n_tr, 3), np.zeros(n_tr, dtype=np.int64),
         np.full(n_tr, -1)),
    ]  # fmt: skip
    child, day, mtype, outcome, episode = (np.concatenate([p[i] for p in parts]) for i in range(5))
    morder = np.lexsort((mtype, krank[child], day))
    mrank = _rank(morder)
    meeting_ids = make_ids(code, "meetings", len(day))
    birth = kids.birth[child]
    views, attended, advocate = participation(rng, cal, birth[morder], day[morder])
    inv_of = np.where(episode >= 0, inv_rank[np.maximum(episode, 0)], -1)[morder]
    yield "meetings", pa.table({
        "meeting_id": meeting_ids,
        "child_id": cid(child[morder]),
        "investigation_id": inv_ids.take(pa.array(np.maximum(inv_of, 0), mask=inv_of < 0)),
        "meeting_type": codes(MEETING_TYPES, mtype[morder]),
        "meeting_date": dates(day[morder]),
        "outcome": codes(MEETING_OUTCOMES, outcome[morder]),
        "child_views_presented": codes(VIEWS, views),
        "child_attended": codes(YES_NO, attended),
        "advocate_present": codes(YES_NO, advocate),
    })  # fmt: skip

    # Areas of concern and Reporter referrals follow the initial, pre-birth and transfer meetings.
    n_held = len(held)
    first = np.concatenate([np.arange(n_held), len(day) - n_tr + np.arange(n_tr)])
    hit = concern_matrix(rng, cal, birth[first], day[first], concern_types)
    row, col = np.nonzero(hit)
    alpha = _rank(np.argsort(np.array(concern_types)))
    mc_order = np.lexsort((alpha[col], mrank[first[row]]))
    yield "meeting_concerns", pa.table({
        "meeting_id": meeting_ids.take(pa.array(mrank[first[row[mc_order]]])),
        "concern_type": codes(concern_types, col[mc_order]),
    })  # fmt: skip
    m_idx, r_day, grounds = referrals(
        rng,
        cal,
        birth[first],
        kids.eighteenth[child[first]],
        day[first],
        outcome[first] == 0,
        end_day,
    )
    r_child = child[first[m_idx]]
    r_order = np.lexsort((mrank[first[m_idx]], krank[r_child], r_day))
    yield "reporter_referrals", pa.table({
        "referral_id": make_ids(code, "reporter_referrals", len(r_day)),
        "child_id": cid(r_child[r_order]),
        "referral_date": dates(r_day[r_order]),
        "grounds": codes(GROUNDS, grounds[r_order]),
    })  # fmt: skip

    # Registrations: own spells whose registering meeting was held, then transfers in.
    ep_meeting = np.full(len(ep.s), -1)
    ep_meeting[held] = mrank[np.arange(n_held)]
    spell_ep = core.chains.spell_episode
    own = np.nonzero(ep_meeting[spell_ep] >= 0)[0]
    r_child = np.concatenate([spell_child[own], core.transfer_child])
    r_meet = np.concatenate([ep_meeting[spell_ep[own]], mrank[len(day) - n_tr + np.arange(n_tr)]])
    r_start = np.concatenate([sp.start[own], ts.start])
    r_end = np.concatenate([sp.end[own], ts.end])
    r_reason = np.concatenate([sp.reason[own], ts.reason])
    r_core = np.concatenate([sp.core_group[own], ts.core_group])
    order = np.lexsort((krank[r_child], r_start))
    is_open = r_end[order] > end_day
    yield "registrations", pa.table({
        "registration_id": make_ids(code, "registrations", len(order)),
        "child_id": cid(r_child[order]),
        "meeting_id": meeting_ids.take(pa.array(r_meet[order])),
        "start_date": dates(r_start[order]),
        "end_date": dates(r_end[order], upto=end_day),
        "end_reason": codes(END_REASONS, r_reason[order], is_open),
    })  # fmt: skip
    met = np.nonzero(r_core <= end_day)[0]
    met = met[np.argsort(r_meet[met], kind="stable")]
    yield "core_groups", pa.table({
        "meeting_id": meeting_ids.take(pa.array(r_meet[met])),
        "child_id": cid(r_child[met]),
        "first_core_group_date": dates(r_core[met]),
    })  # fmt: skip

"""Full rematch runs: upserts that never duplicate nor undo a review, stale marks, chunks counted once."""

from __future__ import annotations

import io
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from accounts.taxonomy import Segment, Theme
from listings.models import Listing
from matching.models import Match, MatchRun
from matching.reasons import match_reasons
from matching.services import matching
from matching.weights import ALGORITHM_VERSION
from tests.factories import (
    CertificationFactory,
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MatchFactory,
    region,
)

pytestmark = pytest.mark.django_db
Trigger = MatchRun.Trigger


@pytest.fixture
def catalogue() -> dict[str, Listing]:
    """Two battery demands and three suppliers, and a wheel supplier nobody needs."""
    certified = EnterpriseFactory(region=region("320500"))  # Suzhou
    CertificationFactory(enterprise=certified, standard="IATF 16949:2016")
    return {
        "lfp": ListingFactory(
            enterprise=certified,
            title="280Ah LFP 方形电芯",
            category="电芯",
            description="磷酸铁锂方形铝壳电芯 280Ah，循环寿命 6000 次，适用于储能与商用车。",
        ),
        "lfp_local": ListingFactory(
            title="磷酸铁锂电芯 280Ah 储能型",
            category="电芯",
            description="合肥本地生产，月产能 2 万只，可提供样品。",
            price_min=Decimal("360"),
            price_max=Decimal("400"),
        ),
        "ncm": ListingFactory(
            title="21700 三元圆柱电芯 5Ah",
            category="电芯",
            description="NCM811 圆柱电芯，适用于乘用车动力电池包。",
        ),
        "wheel": ListingFactory(
            title="低压铸造铝合金轮毂 18 寸",
            category="轮毂",
            segment=Segment.LIGHTWEIGHT_MATERIALS,
            description="A356 铝合金，轻量化设计，年产 30 万件。",
            price_min=Decimal("600"),
            price_max=Decimal("800"),
        ),
        "cells": DemandListingFactory(
            title="采购磷酸铁锂电芯 280Ah",
            category="电芯",
            description="储能柜项目需采购 280Ah 磷酸铁锂方形电芯，年用量 1 万只。",
        ),
        "pack": DemandListingFactory(
            enterprise=EnterpriseFactory(theme=Theme.VEHICLE_MAKER, region=region("340200")),
            title="求购三元圆柱电芯 21700",
            category="电芯",
            description="乘用车电池包项目，需 21700 三元圆柱电芯，能量密度 ≥ 250Wh/kg。",
        ),
    }


def rows() -> list[tuple[int, int, float, str]]:
    return sorted(Match.objects.values_list("supply_id", "demand_id", "score", "algorithm_version"))


def test_a_rematch_twice_writes_the_same_rows_and_no_duplicates(catalogue: dict[str, Listing]) -> None:
    # Given the catalogue matched once
    first = matching.rematch_run_inline(trigger=Trigger.COMMAND, chunk_size=2)
    written = rows()

    # When it is matched again
    second = matching.rematch_run_inline(trigger=Trigger.COMMAND, chunk_size=2)

    # Then the matches are the same rows, once each
    assert rows() == written
    assert len({(s, d) for s, d, _score, _version in written}) == len(written)
    pair = (catalogue["lfp"].pk, catalogue["cells"].pk)
    assert pair in {(s, d) for s, d, _score, _version in written}
    # and the battery cells rank the LFP cells first, the wheels far below
    scores = {(s, d): score for s, d, score, _version in written}
    cells = catalogue["cells"].pk
    assert scores[(catalogue["lfp"].pk, cells)] > 0.6 and scores[(catalogue["lfp_local"].pk, cells)] > 0.6
    assert scores.get((catalogue["wheel"].pk, cells), 0.0) < 0.3
    # and each run is recorded as done over every published listing, in chunks of two
    for run in (first, second):
        assert (run.status, run.listings_total, run.listings_done) == (MatchRun.Status.DONE, 6, 6)
        assert (run.chunks_total, run.chunks_done, sorted(run.chunks_finished)) == (3, 3, [0, 1, 2])
        assert run.matches_written >= len(written)
        assert run.finished_at is not None and run.errors == []


def test_an_admin_decision_survives_a_rematch_with_an_updated_score(
    catalogue: dict[str, Listing], staff: User
) -> None:
    # Given an approved match with an old score, a reviewer and a note
    reviewed_at = timezone.now()
    match = MatchFactory(
        supply=catalogue["lfp"],
        demand=catalogue["cells"],
        score=0.1,
        algorithm_version="0.9",
        status=Match.Status.APPROVED,
        reviewed_by=staff,
        reviewed_at=reviewed_at,
        review_note="已电话确认供货能力",
        contacted_at=reviewed_at,
    )

    # When the catalogue is rematched
    matching.rematch_run_inline(trigger=Trigger.COMMAND)

    # Then the score is the engine's, and the review and funnel are as the admin left them
    match.refresh_from_db()
    assert match.score > 0.5
    assert match.algorithm_version == ALGORITHM_VERSION
    assert any(reason.reason == "same category: 电芯" for reason in match_reasons(match, "en"))
    assert (match.status, match.reviewed_by, match.reviewed_at) == (Match.Status.APPROVED, staff, reviewed_at)
    assert (match.review_note, match.contacted_at, match.stale) == ("已电话确认供货能力", reviewed_at, False)
    assert Match.objects.filter(supply=catalogue["lfp"], demand=catalogue["cells"]).count() == 1


def test_matches_of_a_listing_that_left_the_catalogue_become_stale(
    catalogue: dict[str, Listing], staff: User
) -> None:
    # Given the catalogue matched, and one of the matches approved
    matching.rematch_run_inline(trigger=Trigger.COMMAND)
    approved = Match.objects.get(supply=catalogue["lfp"], demand=catalogue["cells"])
    Match.objects.filter(pk=approved.pk).update(
        status=Match.Status.APPROVED, reviewed_by=staff, reviewed_at=timezone.now()
    )
    others = Match.objects.exclude(supply=catalogue["lfp"]).exclude(demand=catalogue["lfp"])
    assert others.exists()

    # When the supplier closes the listing (without the signal: the rematch alone must find it)
    Listing.objects.filter(pk=catalogue["lfp"].pk).update(status=Listing.Status.CLOSED)
    run = matching.rematch_run_inline(trigger=Trigger.COMMAND)

    # Then its matches are stale, the approved one still approved; the others are fresh
    approved.refresh_from_db()
    assert (approved.status, approved.stale) == (Match.Status.APPROVED, True)
    assert run.matches_staled == Match.objects.filter(supply=catalogue["lfp"]).count()
    assert not others.filter(stale=True).exists()
    # and a rerun does not propose it again nor count it stale twice
    assert matching.rematch_run_inline(trigger=Trigger.COMMAND).matches_staled == 0


def test_a_stale_match_is_fresh_again_when_both_listings_are_published(catalogue: dict[str, Listing]) -> None:
    # Given a match marked stale while its supply was back in review
    match = MatchFactory(supply=catalogue["lfp"], demand=catalogue["cells"], stale=True)

    # When the pair is proposed again with both listings published
    matching.rematch_run_inline(trigger=Trigger.COMMAND)

    # Then it is fresh
    match.refresh_from_db()
    assert match.stale is False


def test_a_redelivered_chunk_is_not_counted_twice(
    catalogue: dict[str, Listing], django_capture_on_commit_callbacks: Any
) -> None:
    # Given a run of two chunks, not yet dispatched
    with django_capture_on_commit_callbacks(execute=False) as dispatch:
        run = matching.rematch_start(trigger=Trigger.ADMIN, chunk_size=3)
    assert len(dispatch) == 2  # one task per chunk
    ids = sorted(listing.pk for listing in catalogue.values())
    first, second = ids[:3], ids[3:]

    # When the first chunk is delivered twice (the worker died before acknowledging it), then the second
    written = matching.rematch_chunk(run_id=run.pk, chunk_number=0, listing_ids=first)
    again = matching.rematch_chunk(run_id=run.pk, chunk_number=0, listing_ids=first)
    matching.rematch_chunk(run_id=run.pk, chunk_number=1, listing_ids=second)
    late = matching.rematch_chunk(run_id=run.pk, chunk_number=0, listing_ids=first)

    # Then each chunk counts once and the run is done
    run.refresh_from_db()
    assert written > 0 and again == 0 and late == 0
    assert (run.chunks_done, run.listings_done, run.status) == (2, 6, MatchRun.Status.DONE)
    assert sorted(run.chunks_finished) == [0, 1]


def test_a_failing_chunk_is_recorded_and_the_run_ends_failed(
    catalogue: dict[str, Listing], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a chunk that breaks (a bug, a bad row) among chunks that work
    real = matching._match_chunk

    def flaky(listing_ids: list[int]) -> int:
        if catalogue["ncm"].pk in listing_ids:
            raise ValueError("broken listing")
        return real(listing_ids)

    monkeypatch.setattr(matching, "_match_chunk", flaky)

    # When the catalogue is rematched
    run = matching.rematch_run_inline(trigger=Trigger.COMMAND, chunk_size=2)

    # Then the other chunks did their work, and the run failed with the chunk's error and listings
    assert (run.status, run.chunks_done, run.listings_done) == (MatchRun.Status.FAILED, 3, 6)
    [error] = run.errors
    assert error["error"] == "ValueError: broken listing"
    assert catalogue["ncm"].pk in error["listing_ids"]
    assert Match.objects.filter(demand=catalogue["cells"]).exists()


def test_an_empty_catalogue_makes_a_done_run() -> None:
    run = matching.rematch_run_inline(trigger=Trigger.COMMAND)

    assert (run.status, run.chunks_total, run.listings_total) == (MatchRun.Status.DONE, 0, 0)
    assert run.finished_at is not None


def test_the_command_rematches_and_prints_its_summary(catalogue: dict[str, Listing]) -> None:
    # When an operator runs the command
    out, err = io.StringIO(), io.StringIO()
    call_command("rematch", "--chunk-size", "4", stdout=out, stderr=err)

    # Then its progress bar went through the listings
    assert "6/6" in err.getvalue()
    # and it printed the run's figures, which are the recorded run's
    run = MatchRun.objects.get()
    text = out.getvalue()
    assert f"Rematch run {run.pk}: done" in text
    assert "listings matched:     6 of 6 in 2 chunk(s)" in text
    assert f"match rows written:   {run.matches_written}" in text
    assert "matches marked stale: 0" in text
    assert "duration:" in text
    assert run.trigger == Trigger.COMMAND
    assert Match.objects.filter(supply=catalogue["lfp"], demand=catalogue["cells"]).exists()


def test_the_command_can_hand_the_chunks_to_workers_and_wait(
    catalogue: dict[str, Listing], monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    # Given workers (here: tasks run in-process when the run commits, as with no broker)
    from matching.management.commands import rematch as command

    def start_and_commit(**kwargs: Any) -> MatchRun:
        with django_capture_on_commit_callbacks(execute=True):
            return matching.rematch_start(**kwargs)

    monkeypatch.setattr(command, "rematch_start", start_and_commit)

    # When the operator asks for the workers
    out = io.StringIO()
    call_command("rematch", "--async", stdout=out, stderr=io.StringIO())

    # Then the run was done by the chunk tasks and summarised
    run = MatchRun.objects.get()
    assert (run.status, run.listings_done) == (MatchRun.Status.DONE, 6)
    assert f"Rematch run {run.pk}: done" in out.getvalue()


def test_the_command_refuses_a_chunk_size_below_one() -> None:
    with pytest.raises(CommandError, match="chunk-size"):
        call_command("rematch", "--chunk-size", "0", stdout=io.StringIO(), stderr=io.StringIO())


# --- a run in one process, scoring a chunk while the one before it is written --------------------------


@pytest.fixture
def pipelined(transactional_db: None, loaded_regions: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL runs are pipelined: SQLite takes one writer at a time")


def _spy_writer_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that wrote chunks."""
    names: list[str] = []
    real = matching._write_chunk

    def spy(*args: Any) -> int:
        names.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(matching, "_write_chunk", spy)
    return names


@pytest.mark.django_db(transaction=True)
def test_a_pipelined_run_writes_what_a_run_chunk_after_chunk_writes(
    pipelined: None, catalogue: dict[str, Listing], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the catalogue matched chunk after chunk (inside a transaction, as a test or a caller's block)
    with transaction.atomic():
        sequential = matching.rematch_run_inline(trigger=Trigger.COMMAND, chunk_size=2)
    expected = rows()
    Match.objects.all().delete()
    writers = _spy_writer_threads(monkeypatch)

    # When it is rematched outside any transaction, as the command and the bench run it
    heard: list[tuple[int, int]] = []
    run = matching.rematch_run_inline(
        trigger=Trigger.COMMAND, chunk_size=2, progress=lambda done, total: heard.append((done, total))
    )

    # Then a second thread wrote the chunks, and the rows and counts are the same
    assert len(writers) == 3 and all(name.startswith("rematch-writer") for name in writers)
    assert rows() == expected
    assert (run.status, run.chunks_done, run.listings_done, run.matches_written) == (
        MatchRun.Status.DONE,
        3,
        6,
        sequential.matches_written,
    )
    assert heard == [(0, 6), (2, 6), (4, 6), (6, 6)]


@pytest.mark.django_db(transaction=True)
def test_a_pipelined_run_records_a_chunk_that_fails_to_score_and_one_that_fails_to_be_written(
    pipelined: None, catalogue: dict[str, Listing], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a chunk that cannot be scored and one whose write fails
    real_score, real_upsert = matching._score_chunk, matching.matches_upsert
    writes = []

    def score(listing_ids: list[int]) -> Any:
        if catalogue["ncm"].pk in listing_ids:
            raise ValueError("broken listing")
        return real_score(listing_ids)

    def upsert(pairs: Any, version: str) -> int:
        writes.append(version)
        if len(writes) == 2:
            raise ValueError("broken write")
        return real_upsert(pairs, version)

    monkeypatch.setattr(matching, "_score_chunk", score)
    monkeypatch.setattr(matching, "matches_upsert", upsert)

    # When the catalogue is rematched
    run = matching.rematch_run_inline(trigger=Trigger.COMMAND, chunk_size=2)

    # Then every chunk was recorded, the two errors with their listings, and the first chunk's matches
    # were written
    assert (run.status, run.chunks_done, run.listings_done) == (MatchRun.Status.FAILED, 3, 6)
    assert sorted(error["error"] for error in run.errors) == [
        "ValueError: broken listing",
        "ValueError: broken write",
    ]
    assert catalogue["ncm"].pk in next(e["listing_ids"] for e in run.errors if "listing" in e["error"])
    assert Match.objects.filter(supply=catalogue["lfp"]).exists()

"""Organisation profiles: CBS size classes, tags, and checked updates that store all or nothing."""

from __future__ import annotations

import pytest

from dia_scan import storage
from dia_scan.common import organisations
from dia_scan.core import permits
from dia_scan.core.errors import ServiceError
from dia_scan.core.records import Round


@pytest.mark.parametrize(
    ("inhabitants", "expected"),
    [
        (0, "< 20k"),
        (19_999, "< 20k"),
        (20_000, "20-50k"),
        (49_999, "20-50k"),
        (50_000, "50-100k"),
        (99_999, "50-100k"),
        (100_000, "100-250k"),
        (249_999, "100-250k"),
        (250_000, ">= 250k"),
        (950_000, ">= 250k"),
    ],
)
def test_size_class_follows_the_cbs_classes(inhabitants, expected):
    assert organisations.size_class_for(inhabitants) == expected


def test_size_class_strings_match_the_demo():
    # the demo content already uses these; they are stored, so they must never change
    assert {"< 20k", "20-50k", "100-250k"} <= set(organisations.SIZE_CLASSES)
    assert set(organisations.SIZE_CLASS_LABELS) == set(organisations.SIZE_CLASSES)
    with pytest.raises(ServiceError):
        organisations.size_class_for(-1)


def test_tags_are_trimmed_lowercased_and_unique():
    assert organisations.parse_tags("  Kernen, stedelijk ,, KERNEN,  krimp   regio ") == [
        "kernen",
        "stedelijk",
        "krimp regio",
    ]
    assert organisations.parse_tags("") == []
    with pytest.raises(ServiceError, match="te lang"):
        organisations.parse_tags("x" * 41)
    with pytest.raises(ServiceError, match="hoogstens 10"):
        organisations.parse_tags(",".join(f"tag{i}" for i in range(11)))


COORDINATOR = permits.issue_coordinator("anna")


def _permit(db, organisation_id: int):
    """A facilitator's permit for a new round of the organisation."""
    return permits.issue_round(Round(1, organisation_id, "quickscan-gemeente", 1, "Ronde", "KX7M4RPA", 5))


def test_profile_round_trip(db, organisation_id):
    profile = organisations.get_profile(db, organisation_id)
    assert (profile.name, profile.type, profile.province, profile.size_class, profile.tags) == (
        "Testgemeente",
        "gemeente",
        "Utrecht",
        "20-50k",
        (),
    )
    updated = organisations.update_profile(
        db,
        _permit(db, organisation_id),
        organisation_id,
        type="waterschap",
        province="Zeeland",
        size_class=">= 250k",
        tags=["Delta", "delta"],
    )
    assert (updated.type, updated.province, updated.size_class, updated.tags) == (
        "waterschap",
        "Zeeland",
        ">= 250k",
        ("delta",),
    )
    assert organisations.type_label(updated) == "Waterschap"
    assert organisations.size_label(updated) == "250.000 inwoners of meer"
    assert organisations.list_profiles(db) == [updated]
    cleared = organisations.update_profile(
        db,
        _permit(db, organisation_id),
        organisation_id,
        type="gemeente",
        province=None,
        size_class="",
        tags=None,
    )
    assert (cleared.province, cleared.size_class, cleared.tags, organisations.size_label(cleared)) == (
        None,
        None,
        (),
        "onbekend",
    )


@pytest.mark.parametrize(
    "change",
    [
        {"type": "stadsdeel"},
        {"province": "Vlaanderen"},
        {"size_class": "groot"},
        {"tags": ["x" * 50]},
    ],
)
def test_a_refused_update_changes_nothing(db, organisation_id, change):
    fields = {"type": "gemeente", "province": "Utrecht", "size_class": "50-100k", "tags": ["nieuw"]} | change
    with pytest.raises(ServiceError):
        organisations.update_profile(db, _permit(db, organisation_id), organisation_id, **fields)
    assert storage.get_organisation(db, organisation_id).size_class == "20-50k"
    assert storage.get_organisation(db, organisation_id).tags == ()


def test_unknown_organisation(db):
    with pytest.raises(ServiceError, match="niet gevonden"):
        organisations.get_profile(db, 999)
    with pytest.raises(ServiceError):
        organisations.update_profile(
            db, COORDINATOR, 999, type="gemeente", province=None, size_class=None, tags=[]
        )


def test_all_tags(db):
    storage.insert_organisation(db, "A", tags=["b", "a"])
    storage.insert_organisation(db, "B", tags=["c", "a"])
    assert organisations.all_tags(organisations.list_profiles(db)) == ["a", "b", "c"]

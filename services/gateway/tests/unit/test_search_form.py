"""The search form's days become whole-day ranges in the UI time zone."""

from zoneinfo import ZoneInfo

import pytest

from services.gateway.presentation.search_form import NotADay, SearchForm, api_params

BERLIN = ZoneInfo("Europe/Berlin")


def test_filled_fields_become_api_parameters():
    form = SearchForm(q=" Korb ", created_from="2026-11-01", closed_to="2026-07-31", escalated=True, cursor="abc")
    filled = form.filled()
    assert filled == {"q": "Korb", "created_from": "2026-11-01", "closed_to": "2026-07-31", "escalated": "1"}
    assert api_params(filled, BERLIN) == {
        "q": "Korb",
        "created_from": "2026-11-01T00:00:00+01:00",
        "closed_to": "2026-07-31T23:59:59.999999+02:00",  # summer time
        "escalated": "true",
    }
    assert SearchForm().filled() == {}


def test_a_day_that_is_not_one_is_named():
    with pytest.raises(NotADay) as refused:
        api_params({"changed_to": "31.07.2026"}, BERLIN)
    assert refused.value.value == "31.07.2026"

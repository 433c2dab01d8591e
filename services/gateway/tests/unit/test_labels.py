"""Every history type tickets writes has words of its own in English and German; other codes stay as they are.

The test reads the tickets service's own list of history types (tests may import other services; the
gateway's code does not), so a new type without a label fails here.
"""

import re

import pytest

from services.gateway.presentation.i18n import load_translations
from services.gateway.presentation.labels import HISTORY, label
from services.tickets.ticketing.domain.history import HistoryType

TRANSLATIONS = load_translations()


@pytest.mark.parametrize("kind", [t.value for t in HistoryType])
def test_every_history_type_tickets_writes_is_worded_in_english_and_german(kind):
    assert kind in HISTORY, f"history type {kind} has no label in services/gateway/labels.py"
    english, german = label(kind, TRANSLATIONS["en"].gettext), label(kind, TRANSLATIONS["de"].gettext)
    assert english == HISTORY[kind] and not re.search(r"[a-z][A-Z]", english)  # words, not a CamelCase code
    assert german and german != english, f"history type {kind} has no German label"


def test_no_label_for_a_history_type_tickets_no_longer_writes():
    assert set(HISTORY) == {t.value for t in HistoryType}


@pytest.mark.parametrize(
    ("code", "english", "german"),
    [
        ("Forward", "Forwarded", "Weitergeleitet"),
        ("TagAdd", "Tag added", "Schlagwort hinzugefügt"),
        ("TagRemove", "Tag removed", "Schlagwort entfernt"),
        ("SystemRouting", "Routed by the system", "Vom System zugeordnet"),
        ("pending reminder", "pending reminder", "warten zur Erinnerung"),
        ("Eigener Status", "Eigener Status", "Eigener Status"),
        (None, "", ""),
    ],
)
def test_labels(code, english, german):
    assert label(code, TRANSLATIONS["en"].gettext) == english
    assert label(code, TRANSLATIONS["de"].gettext) == german

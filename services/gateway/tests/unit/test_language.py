import pytest

from services.gateway.presentation.language import accepted_languages, choose_language

SUPPORTED = {"de", "en"}


def test_accept_language_is_ranked_by_quality():
    assert accepted_languages("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5") == ["fr-CH", "fr", "en", "de"]
    assert accepted_languages("de;q=0, en") == ["en"]
    assert accepted_languages(None) == []
    assert accepted_languages("en;q=abc, de") == ["de"]


@pytest.mark.parametrize(
    ("agent", "header", "expected"),
    [
        ("en", "de-DE,de;q=0.9", "en"),  # the agent's own setting wins
        ("de_DE", "en", "de"),
        ("", "fr, en-GB;q=0.8, de;q=0.5", "en"),  # else the first supported browser language
        (None, "fr, it", "de"),  # else the configured default
        ("xx-invalid", None, "de"),
        (None, "EN-us", "en"),
    ],
)
def test_choose_language(agent, header, expected):
    assert choose_language(agent, header, "de", SUPPORTED) == expected

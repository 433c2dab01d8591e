"""Every text the UI shows has a German translation, with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from services.gateway.presentation.i18n import LOCALE_DIR, load_translations

GATEWAY = Path(__file__).parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _messages() -> set[str]:
    found = extract_from_dir(
        GATEWAY,
        method_map=[("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")],
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def test_every_message_is_translated_to_german():
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    messages = _messages()
    assert "Log in" in messages  # the extraction itself works
    missing = sorted(m for m in messages if not (catalog.get(m) and catalog.get(m).string))
    assert missing == []
    for message in messages:
        assert set(PLACEHOLDER.findall(catalog.get(message).string)) == set(PLACEHOLDER.findall(message))


def test_catalogs_compile_at_start():
    translations = load_translations()
    assert set(translations) >= {"de", "en"}
    assert translations["de"].gettext("Log out") == "Abmelden"
    assert translations["en"].gettext("Log out") == "Log out"

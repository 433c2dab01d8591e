"""UI translations from the ``.po`` catalogs under ``locale/``, compiled in memory at start.

Message ids are English, so English needs no catalog; no ``.mo`` file is ever
written or committed. Extract new strings with ``pybabel extract -F
services/gateway/babel.cfg -o services/gateway/locale/messages.pot services/gateway``
and merge them with ``pybabel update -i … -d services/gateway/locale``.
"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent.parent / "locale"
SOURCE_LANGUAGE = "en"


def load_translations(locale_dir: Path = LOCALE_DIR) -> dict[str, gettext.NullTranslations]:
    """One translations object per language: English (the message ids) plus every catalog."""
    translations: dict[str, gettext.NullTranslations] = {SOURCE_LANGUAGE: gettext.NullTranslations()}
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/messages.po")):
        language = po_path.parent.parent.name
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        compiled = BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        translations[language] = gettext.GNUTranslations(compiled)
    return translations

"""The Sportverein Neudorf: the reference story's set-up, as data (loaded by ``admin.load_demo``).

Every queue has its own group, sub-queues included, so that a role can be given
``Vorstand::Schatzmeister`` without ``Vorstand``.
"""

from __future__ import annotations

QUEUES: dict[str, str] = {
    "Allgemein": "allgemein",
    "Vorstand": "vorstand",
    "Vorstand::Schatzmeister": "schatzmeister",
    "Abteilung Tennis": "tennis",
    "Abteilung Tennis::Jugend": "jugend",
    "Abteilung Tennis::Senioren": "tennis",
    "Abteilung Fußball": "fussball",
    "Abteilung Fußball::Jugend": "jugend",
    "Abteilung Fußball::Senioren": "fussball",
    "Öffentlichkeitsarbeit": "oeffentlichkeit",
    "Öffentlichkeitsarbeit::Presse": "presse",
    "Materialwart": "material",
}
SPAM_GROUP = "spam"
"""The group of the spam queue (``UMLAUF_SPAM_QUEUE``, default ``Spam``; OTRS ships "Junk").

Mail an upstream filter flagged lands there rather than in the inbox; it gets no
auto-response and no system address. The board (and the admin) sorts it."""
AREA_GROUPS = sorted({*QUEUES.values(), SPAM_GROUP})

ADDRESSES: dict[str, tuple[str, str]] = {
    "info@neudorf.example": ("Sportverein Neudorf", "Allgemein"),
    "vorstand@neudorf.example": ("Sportverein Neudorf – Vorstand", "Vorstand"),
    "kasse@neudorf.example": ("Sportverein Neudorf – Kasse", "Vorstand::Schatzmeister"),
    "tennis@neudorf.example": ("Sportverein Neudorf – Tennis", "Abteilung Tennis"),
    "fussball@neudorf.example": ("Sportverein Neudorf – Fußball", "Abteilung Fußball"),
    "presse@neudorf.example": ("Sportverein Neudorf – Presse", "Öffentlichkeitsarbeit::Presse"),
    "material@neudorf.example": ("Sportverein Neudorf – Materialwart", "Materialwart"),
}

SALUTATION = "Guten Tag {{ customer.name }},"
SIGNATURE = "Mit sportlichen Grüßen\nSportverein Neudorf e. V.\n{{ queue.name }}"
# kind -> (subject, body); an empty subject answers under the sender's subject.
AUTO_RESPONSES: dict[str, tuple[str, str]] = {
    "new": (
        "",
        "vielen Dank für Ihre Nachricht an den Sportverein Neudorf. Wir haben sie unter der Nummer "
        "{{ ticket.number }} erfasst und melden uns so bald wie möglich.\n\n"
        "Bitte lassen Sie bei Antworten die Angabe [Ticket#{{ ticket.number }}] im Betreff stehen.",
    ),
    "follow_up": (
        "",
        "vielen Dank für Ihre weitere Nachricht zu Ihrem Anliegen „{{ ticket.title }}“. Wir haben sie "
        "dem Vorgang {{ ticket.number }} hinzugefügt; wer ihn bearbeitet, meldet sich bei Ihnen.",
    ),
    "reject": (
        "Vorgang abgeschlossen: {{ ticket.title }}",
        "Ihr Anliegen {{ ticket.number }} ist bereits abgeschlossen. Ihre Nachricht haben wir aufbewahrt, "
        "der Vorgang wird dafür aber nicht wieder geöffnet.\n\n"
        "Haben Sie ein neues Anliegen, schreiben Sie uns bitte ohne die Vorgangsnummer im Betreff.",
    ),
    "new_after_closed": (
        "Neuer Vorgang: {{ ticket.title }}",
        "Ihr früheres Anliegen ist bereits abgeschlossen. Wir haben Ihre Nachricht deshalb als neuen "
        "Vorgang {{ ticket.number }} erfasst und mit dem alten verknüpft; wir melden uns so bald wie möglich.",
    ),
}

# role -> {group: [permissions]}; "rw" implies every other permission.
ROLES: dict[str, dict[str, list[str]]] = {
    "Vorstand": {group: ["rw"] for group in AREA_GROUPS},
    # The bookkeeper works the treasurer's queue and hands tickets on to the press office.
    "Buchhaltung": {"schatzmeister": ["rw"], "presse": ["move_into"]},
    "Empfang": {
        "allgemein": ["rw"],
        **{g: ["move_into"] for g in ("vorstand", "tennis", "fussball", "oeffentlichkeit", "material")},
    },
    # The equipment manager asks the departments in child tickets split off into their queues.
    "Materialwart": {
        "material": ["rw"],
        "fussball": ["move_into", "create", "note"],
        "tennis": ["move_into", "create", "note"],
    },
    # The press office writes articles together with the youth departments.
    "Presse": {"presse": ["rw"], "oeffentlichkeit": ["rw"], "jugend": ["create", "note"]},
    "Jugend": {"jugend": ["rw"], "presse": ["ro", "note"]},
    # The auditors check the books once a year: they read the treasurer's queue, nothing more.
    "Kassenprüfung": {"schatzmeister": ["ro"]},
}

# login -> (name, email, roles, description)
AGENTS: dict[str, tuple[str, str, list[str], str]] = {
    "admin": ("Administrator", "admin@neudorf.example", [], "admin group, rw on every queue"),
    "vorstand": ("Vera Vorstand", "vorstand@mitglieder.neudorf.example", ["Vorstand"], "the board: every queue"),
    "buchhaltung": (
        "Bernd Buchhaltung",
        "buchhaltung@mitglieder.neudorf.example",
        ["Buchhaltung"],
        "bookkeeper: Vorstand::Schatzmeister only",
    ),
    "empfang": (
        "Emma Empfang",
        "empfang@mitglieder.neudorf.example",
        ["Empfang"],
        "the inbox Allgemein; may move tickets on",
    ),
    "materialwart": ("Max Materialwart", "materialwart@mitglieder.neudorf.example", ["Materialwart"], "Materialwart"),
    "presse": ("Paula Presse", "presse@mitglieder.neudorf.example", ["Presse"], "Öffentlichkeitsarbeit and Presse"),
    "jugend": ("Jana Jugend", "jugend@neudorf.example", ["Jugend"], "youth departments; reads Presse"),
    "kassenpruefer": (
        "Karl Kassenprüfer",
        "pruefung@neudorf.example",
        ["Kassenprüfung"],
        "auditor: reads Vorstand::Schatzmeister, changes nothing",
    ),
}

# login, name, email, company; customers log in to the portal with demo_password(login)
CUSTOMERS: list[tuple[str, str, str, str | None]] = [
    ("spender", "Sam Spender", "spender@example.org", None),
    ("baeckerei", "Berta Bäcker", "berta@baeckerei-neudorf.example", "Bäckerei Neudorf"),
]


def demo_password(login: str) -> str:
    return f"neudorf-{login}"


def receipt_pdf() -> bytes:
    """A one-page PDF "Spendenquittung" (a valid file: objects, cross-reference table, trailer)."""
    text = b"BT /F1 18 Tf 72 760 Td (Spendenquittung - Sportverein Neudorf e. V.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# Standard answers: name -> (kind, text, queues, attachments as (filename, content_type, content)).
TEMPLATES: dict[str, tuple[str, str, list[str], list[tuple[str, str, bytes]]]] = {
    "Dank für das Spendenangebot": (
        "answer",
        "vielen Dank für Ihr Angebot! Wir prüfen, ob wir die Spende brauchen können, und melden uns "
        "unter der Nummer {{ ticket.number }}.",
        ["Allgemein", "Materialwart"],
        [],
    ),
    "Rückfrage Größe": (
        "answer",
        "danke für Ihre Nachricht zu „{{ ticket.title }}“. Damit wir planen können: Welche Größe und "
        "wie viele Stück sind es genau?",
        ["Allgemein", "Materialwart", "Abteilung Fußball", "Abteilung Tennis"],
        [],
    ),
    "Spendenquittung": (
        "answer",
        "anbei erhalten Sie die Spendenquittung zu Ihrer Spende ({{ ticket.number }}). Herzlichen Dank!",
        ["Vorstand::Schatzmeister"],
        [("Spendenquittung.pdf", "application/pdf", receipt_pdf())],
    ),
}

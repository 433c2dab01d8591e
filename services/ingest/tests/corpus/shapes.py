# ruff: noqa: E501  (mail as it is written: long literal lines are the data)
"""What mail programs and servers really send: Outlook, Gmail, Apple Mail, Thunderbird, DSNs, auto-replies…"""

from __future__ import annotations

import base64

from services.ingest.tests.corpus.sample import Sample, crlf, headers

PNG = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")).decode()


def _s(name: str, source: str, **expect: object) -> Sample:
    return Sample(name, crlf(source), **expect)  # type: ignore[arg-type]


def outlook() -> list[Sample]:
    related = (
        headers(
            "AW: Spende Basketballkorb",
            "outlook-1",
            "Thread-Topic: Spende Basketballkorb",
            "Thread-Index: AQHZx1234567890abcdefABCDEF==",
            "X-MS-Has-Attach: yes",
            "X-MS-Exchange-Organization-SCL: -1",
            "Content-Language: de-DE",
            'Content-Type: multipart/related; boundary="_004_rel_"; type="multipart/alternative"',
            sender='"Müller, Hans" <hans.mueller@firma.example>',
        )
        + '\n--_004_rel_\nContent-Type: multipart/alternative; boundary="_000_alt_"\n\n'
        '--_000_alt_\nContent-Type: text/plain; charset="iso-8859-1"\nContent-Transfer-Encoding: quoted-printable\n\n'
        "Hallo zusammen,=0D=0Ader Korb ist gr=F6=DFer als gedacht.\n\n"
        '--_000_alt_\nContent-Type: text/html; charset="iso-8859-1"\nContent-Transfer-Encoding: quoted-printable\n\n'
        '<html xmlns:o=3D"urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head>'
        '<body><p class=3D"MsoNormal">Hallo zusammen,<o:p></o:p></p><img src=3D"cid:image001.png@01DA0000.00000000">'
        "</body></html>\n--_000_alt_--\n\n"
        '--_004_rel_\nContent-Type: image/png; name="image001.png"\nContent-ID: <image001.png@01DA0000.00000000>\n'
        f'Content-Disposition: inline; filename="image001.png"\nContent-Transfer-Encoding: base64\n\n{PNG}\n--_004_rel_--\n'
    )
    tnef = (
        headers("Protokoll", "outlook-tnef", 'Content-Type: multipart/mixed; boundary="tnef"')
        + "\n--tnef\nContent-Type: text/plain; charset=us-ascii\n\nSiehe Anhang.\n"
        '--tnef\nContent-Type: application/ms-tnef; name="winmail.dat"\nContent-Transfer-Encoding: base64\n'
        'Content-Disposition: attachment; filename="winmail.dat"\n\neJ8+IgEAAQaQCAAEAAAAAAABAAEAAQeQBgAIAAAA5AQAAAAAAADoAAEIgAcAGAAAAElQTS5NaWNyb3NvZnQgTWFpbC5Ob3RlADEIAQ2ABAACAAAAAgACAAEFgAMADgAAAOcHCwAcAAoAAAAAAAYAVwEBIIADAA4AAADnBwsAHAAKAAAAAAAGAFcBAQmAAQAhAAAA\n--tnef--\n'
    )
    return [
        _s(
            "outlook related+alternative, inline cid image",
            related,
            subject="AW: Spende Basketballkorb",
            text="der Korb ist größer als gedacht",
            attachment_names=("image001.png",),
        ),
        _s("outlook winmail.dat", tnef, text="Siehe Anhang.", attachment_names=("winmail.dat",)),
    ]


def gmail_apple_thunderbird() -> list[Sample]:
    gmail = (
        headers(
            "Re: Training am Samstag",
            "gmail-1",
            "In-Reply-To: <x@neudorf.example>",
            "References: <a@neudorf.example> <x@neudorf.example>",
            'Content-Type: multipart/alternative; boundary="000000000000abc"',
        )
        + '\n--000000000000abc\nContent-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: quoted-printable\n\n'
        "Ich komme gerne!\n\nAm Fr., 27. Nov. 2026 um 18:00 Uhr schrieb Verein <info@neudorf.example>:\n> Training?\n"
        '\n--000000000000abc\nContent-Type: text/html; charset="UTF-8"\nContent-Transfer-Encoding: quoted-printable\n\n'
        '<div dir=3D"ltr">Ich komme gerne!</div><br><div class=3D"gmail_quote"><blockquote class=3D"gmail_quote">'
        "Training?</blockquote></div>\n--000000000000abc--\n"
    )
    apple = (
        headers(
            "Fotos vom Turnier",
            "apple-1",
            "X-Mailer: Apple Mail (2.3774.200.91.1.1)",
            'Content-Type: multipart/alternative; boundary="Apple-Mail=_1234-ABCD"',
        )
        + "\n--Apple-Mail=_1234-ABCD\nContent-Transfer-Encoding: quoted-printable\n"
        "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\n"
        "Hier sind die Fotos vom Turnier. Viele Gr=C3=BC=C3=9Fe  \naus Neudorf\n"
        "\n--Apple-Mail=_1234-ABCD\nContent-Transfer-Encoding: 7bit\nContent-Type: text/html; charset=us-ascii\n\n"
        '<html><head><meta http-equiv="content-type" content="text/html; charset=us-ascii"></head>'
        '<body style="overflow-wrap: break-word;">Hier sind die Fotos.</body></html>\n--Apple-Mail=_1234-ABCD--\n'
    )
    thunderbird = (
        headers(
            "Mitgliedsbeitrag",
            "tb-1",
            "User-Agent: Mozilla Thunderbird",
            "Content-Type: text/plain; charset=UTF-8; format=flowed",
            "Content-Transfer-Encoding: 8bit",
        )
        + "\nGuten Tag, \nich möchte meinen Beitrag per Lastschrift zahlen. \n\n-- \nMax Mustermann\n"
    )
    return [
        _s("gmail reply", gmail, subject="Re: Training am Samstag", text="Ich komme gerne!"),
        _s("apple mail flowed", apple, subject="Fotos vom Turnier", text="Hier sind die Fotos"),
        _s("thunderbird flowed 8bit", thunderbird, text="ich möchte meinen Beitrag"),
    ]


def machines() -> list[Sample]:
    dsn = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: info@neudorf.example\n"
        "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn-1@corpus.example>\nAuto-Submitted: auto-replied\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="dsn"\n\n'
        "--dsn\nContent-Type: text/plain\n\nThis is the mail system at host mx.example.org.\n"
        "--dsn\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; nobody@example.org\nAction: failed\nStatus: 5.1.1\n"
        "--dsn\nContent-Type: text/rfc822-headers\n\nFrom: info@neudorf.example\nSubject: [Ticket#2026112810000011] Danke\n"
        "--dsn--\n"
    )
    ooo = (
        headers(
            "Abwesenheitsnotiz: Spende",
            "ooo-1",
            "Auto-Submitted: auto-replied",
            "X-Autoreply: yes",
            "Content-Type: text/plain; charset=utf-8",
        )
        + "\nIch bin bis Montag nicht im Büro.\n"
    )
    exchange_ooo = (
        headers(
            "Automatische Antwort: Training",
            "ooo-2",
            "X-Auto-Response-Suppress: All",
            "Auto-Submitted: auto-generated",
            "Content-Type: text/plain",
        )
        + "\nOut of office.\n"
    )
    list_mail = (
        headers(
            "[Kreisliga] Spielplan",
            "list-1",
            "List-Id: Kreisliga <kreisliga.lists.example>",
            "Precedence: list",
            "Content-Type: text/plain",
        )
        + "\nDer Spielplan ist da.\n"
    )
    calendar = (
        headers("Einladung: Vorstandssitzung", "cal-1", 'Content-Type: multipart/mixed; boundary="cal"')
        + "\n--cal\nContent-Type: text/plain; charset=utf-8\n\nEinladung zur Sitzung.\n"
        "--cal\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\n\nBEGIN:VCALENDAR\nMETHOD:REQUEST\n"
        "BEGIN:VEVENT\nUID:sitzung-1@neudorf.example\nDTSTART:20261201T190000Z\nSUMMARY:Vorstandssitzung\nEND:VEVENT\n"
        'END:VCALENDAR\n--cal\nContent-Type: application/ics; name="invite.ics"\n'
        'Content-Disposition: attachment; filename="invite.ics"\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n--cal--\n'
    )
    smime = (
        headers(
            "Signiert",
            "smime-1",
            'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"',
        )
        + "\n--sig\nContent-Type: text/plain; charset=utf-8\n\nDiese Nachricht ist signiert.\n"
        '--sig\nContent-Type: application/pkcs7-signature; name="smime.p7s"\nContent-Transfer-Encoding: base64\n'
        'Content-Disposition: attachment; filename="smime.p7s"\n\nMIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAKCAMIIB\n'
        "--sig--\n"
    )
    smime_encrypted = (
        headers(
            "Verschlüsselt",
            "smime-2",
            'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
            "Content-Transfer-Encoding: base64",
            'Content-Disposition: attachment; filename="smime.p7m"',
        )
        + "\nMIAGCSqGSIb3DQEHA6CAMIACAQAxggFAMIIBPAIBADAkMBYxFDASBgNVBAMMC2V4YW1wbGUub3Jn\n"
    )
    pgp = (
        headers(
            "PGP", "pgp-1", 'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="pgp"'
        )
        + "\n--pgp\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n--pgp\n"
        'Content-Type: application/octet-stream; name="encrypted.asc"\n\n-----BEGIN PGP MESSAGE-----\n\nhQEMA\n'
        "-----END PGP MESSAGE-----\n--pgp--\n"
    )
    forwarded = (
        headers("Fwd: Anfrage Presse", "fwd-1", 'Content-Type: multipart/mixed; boundary="fwd"')
        + "\n--fwd\nContent-Type: text/plain\n\nSiehe unten.\n--fwd\nContent-Type: message/rfc822\n\n"
        "From: presse@zeitung.example\nSubject: Anfrage Presse\nMessage-ID: <inner@zeitung.example>\n\n"
        "Wir schreiben einen Artikel.\n--fwd--\n"
    )
    return [
        _s("DSN", dsn, flags=frozenset({"is_bounce", "auto_submitted"})),
        _s("out of office", ooo, flags=frozenset({"auto_submitted"}), text="nicht im Büro"),
        _s("exchange auto reply", exchange_ooo, flags=frozenset({"auto_submitted"})),
        _s("mailing list", list_mail, flags=frozenset({"is_list"})),
        _s("calendar invite", calendar, text="Einladung zur Sitzung."),
        _s("S/MIME signed", smime, text="Diese Nachricht ist signiert.", attachment_names=("smime.p7s",)),
        _s("S/MIME encrypted", smime_encrypted, attachment_names=("smime.p7m",)),
        _s("PGP/MIME", pgp),
        _s("forwarded message/rfc822", forwarded, text="Siehe unten."),
    ]


def oddities() -> list[Sample]:
    rfc2231 = (
        headers("Anhang mit Umlaut", "rfc2231", 'Content-Type: multipart/mixed; boundary="b"')
        + "\n--b\nContent-Type: text/plain\n\nAnbei.\n--b\nContent-Type: application/pdf\n"
        "Content-Disposition: attachment; filename*=UTF-8''Spendenquittung%20M%C3%BCller.pdf\n\n%PDF-1.4\n--b--\n"
    )
    encoded_word_name = (
        headers("Anhang 2047", "rfc2047name", 'Content-Type: multipart/mixed; boundary="b"')
        + "\n--b\nContent-Type: text/plain\n\nAnbei.\n--b\nContent-Type: application/pdf; "
        'name="=?iso-8859-1?Q?Ma=DFe.pdf?="\nContent-Disposition: attachment; filename="=?iso-8859-1?Q?Ma=DFe.pdf?="\n\n'
        "%PDF\n--b--\n"
    )
    many_to = (
        headers("An alle", "many-to", "Content-Type: text/plain").replace(
            "To: info@neudorf.example", "To: " + ", ".join(f"mitglied{i}@example.org" for i in range(500))
        )
        + "\nRundschreiben.\n"
    )
    return [
        _s("RFC 2231 file name", rfc2231, attachment_names=("Spendenquittung Müller.pdf",)),
        _s("RFC 2047 file name", encoded_word_name, attachment_names=("Maße.pdf",)),
        _s("500 recipients", many_to, text="Rundschreiben."),
        _s(
            "bare LF",
            "From: a@example.org\nSubject: LF only\nMessage-ID: <lf@corpus.example>\n\nNur LF.\n",
            subject="LF only",
        ),
        Sample("bare LF on the wire", b"From: a@example.org\nSubject: raw LF\nMessage-ID: <lf2@corpus.example>\n\nx\n"),
        _s("no headers but From", "From: b@example.org\n\nKein Betreff, keine ID.\n", text="Kein Betreff"),
        _s("no From at all", "Subject: Wer bin ich\n\nAnonym.\n", text="Anonym."),
        _s(
            "invalid date",
            headers("Datum kaputt", "baddate").replace("Sat, 28 Nov 2026 10:00:00 +0100", "gestern") + "\nx\n",
        ),
        _s(
            "raw UTF-8 headers (SMTPUTF8)",
            headers("Grüße ohne Kodierung", "utf8hdr", sender="Jörg <jörg@bücher.example>")
            + "Content-Type: text/plain; charset=utf-8\n\nHallo.\n",
            subject="Grüße ohne Kodierung",
        ),
        _s("emoji subject", headers("=?utf-8?B?8J+PgCBTcGVuZGUg8J+OiQ==?=", "emoji") + "\nx\n", subject="🏀 Spende 🎉"),
        _s("10,000 character subject", headers("Sehr " * 2000, "longsubject") + "\nx\n"),
        _s("200,000 character line", headers("Lange Zeile", "longline") + "\n" + "x" * 200_000 + "\n"),
        _s("empty body", headers("Leer", "empty") + "\n"),
        _s(
            "unknown charset",
            headers(
                "Unbekannt",
                "x-unknown",
                "Content-Type: text/plain; charset=x-unknown-42",
                "Content-Transfer-Encoding: 8bit",
            )
            + "\nGrüße\n",
        ),
        _s(
            "lying charset (latin-1 declared utf-8)",
            headers("Lüge", "lying", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit")
            + "\n",
            text=None,
        ),
        _s(
            "unknown transfer encoding",
            headers("x-uuencode", "uuenc", "Content-Type: text/plain", "Content-Transfer-Encoding: x-uuencode")
            + "\nbegin 644 a\n`\nend\n",
        ),
        _s(
            "broken base64",
            headers("Kaputt", "b64", "Content-Type: text/plain", "Content-Transfer-Encoding: base64")
            + "\nSGFsbG8gV2VsdA=!!==*\n",
        ),
        _s(
            "missing closing boundary",
            headers("Offen", "noclose", 'Content-Type: multipart/mixed; boundary="b"')
            + "\n--b\nContent-Type: text/plain\n\nOhne Ende.\n",
            text="Ohne Ende.",
        ),
        _s(
            "boundary never appears",
            headers("Nie", "nobound", 'Content-Type: multipart/mixed; boundary="zzz"') + "\nText ohne Teile.\n",
        ),
        _s(
            "multipart without boundary", headers("Ohne", "noboundparam", "Content-Type: multipart/mixed") + "\nText.\n"
        ),
        _s("duplicate headers", headers("Eins", "dup", "Subject: Zwei", "Message-ID: <dup2@corpus.example>") + "\nx\n"),
        _s("folded headers with tabs", headers("Gefaltet\n\tüber\n drei Zeilen", "folded") + "\nx\n"),
        _s("NUL bytes in body", headers("Null", "nul") + "\nvor\x00nach\n"),
        _s(
            "attachment only",
            headers(
                "Nur Anhang",
                "attonly",
                'Content-Type: application/pdf; name="a.pdf"',
                'Content-Disposition: attachment; filename="a.pdf"',
            )
            + "\n%PDF-1.4\n",
            attachment_names=("a.pdf",),
        ),
        _s(
            "HTML only",
            headers("Nur HTML", "htmlonly", "Content-Type: text/html; charset=utf-8")
            + "\n<p>Nur <b>HTML</b> hier.</p>\n",
            text="Nur HTML hier.",
        ),
        _s("900 small attachments", _many_attachments(900)),
    ]


def _many_attachments(count: int) -> str:
    parts = "".join(
        f'--b\nContent-Type: text/plain; name="f{i}.txt"\nContent-Disposition: attachment; filename="f{i}.txt"\n\n{i}\n'
        for i in range(count)
    )
    return (
        headers("Viele Anhänge", f"attachments-{count}", 'Content-Type: multipart/mixed; boundary="b"')
        + "\n"
        + parts
        + "--b--\n"
    )


def samples() -> list[Sample]:
    found = [*outlook(), *gmail_apple_thunderbird(), *machines(), *oddities()]
    lying = next(i for i, s in enumerate(found) if s.name.startswith("lying charset"))
    raw = found[lying].raw + "Grüße aus Köln\r\n".encode("latin-1")
    found[lying] = Sample(found[lying].name, raw, text="Grüße aus Köln")
    return found

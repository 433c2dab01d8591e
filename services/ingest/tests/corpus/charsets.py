"""One message per charset found in real mail: body and encoded-word subject in that charset."""

from __future__ import annotations

import base64
import quopri
from email.header import Header

from services.ingest.tests.corpus.sample import Sample, crlf, headers

TEXTS = {
    "iso-8859-1": "Grüße aus Köln, die Straße ist naß.",
    "iso-8859-2": "Zażółć gęślą jaźń.",
    "iso-8859-3": "Ĉu vi parolas Esperanton? ĝ ĥ ĵ ŝ ŭ",
    "iso-8859-4": "Sveiki no Rīgas, ļoti labi.",
    "iso-8859-5": "Привет, мир! Спасибо.",
    "iso-8859-6": "مرحبا بالعالم",
    "iso-8859-7": "Καλημέρα κόσμε",
    "iso-8859-8": "שלום עולם",
    "iso-8859-9": "Günaydın İstanbul, ğüşöç.",
    "iso-8859-10": "Hæ Þórður, ŋ ŧ",
    "iso-8859-11": "สวัสดีครับ",
    "iso-8859-13": "Labas rytas, ąčęėįšųūž.",
    "iso-8859-14": "Bore da, ŵ ŷ ẁ.",
    "iso-8859-15": "Der Korb kostet 80 €, œuvre.",
    "iso-8859-16": "Bună ziua, țară și școală.",
    "windows-1250": "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "windows-1251": "Съешь же ещё этих мягких французских булок.",
    "windows-1252": "„Anführung“ – 5 € • … ™",
    "windows-1253": "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.",
    "windows-1254": "Pijamalı hasta yağız şoföre çabucak güvendi.",
    "windows-1255": "דג סקרן שט בים מאוכזב",
    "windows-1256": "نص حكيم له سر قاطع",
    "windows-1257": "Ąžuolas, ēka, ķēniņš.",
    "windows-1258": "Đà và Ơn, ư ơ.",
    "koi8-r": "Широкая электрификация южных губерний.",
    "koi8-u": "Ґанок, їжак і Європа.",
    "cp866": "Привет из DOS.",
    "cp850": "Señor Müller, ¿qué tal?",
    "macintosh": "Crème brûlée, naïve.",
    "tis-620": "ภาษาไทย",
    "shift_jis": "こんにちは、世界。寄付のお知らせ。",
    "euc-jp": "バスケットゴールを寄付します。",
    "iso-2022-jp": "お問い合わせありがとうございます。",
    "gb2312": "你好，世界。我想捐赠一个篮球架。",
    "gbk": "谢谢您的捐赠。",
    "gb18030": "篮球架已经送到了。",
    "big5": "您好，世界。謝謝。",
    "euc-kr": "안녕하세요, 세계.",
    "utf-7": "Grüße, 80 € und 寄付.",
    "utf-16": "UTF-16 mit BOM: Grüße 寄付",
    "utf-8": "Jürgen spendet 🏀 – merci!",
}


def _sample(charset: str, text: str, encoding: str) -> Sample:
    body = text.encode(charset)
    if encoding == "base64":
        payload = base64.encodebytes(body).decode("ascii")
    elif encoding == "quoted-printable":
        payload = quopri.encodestring(body).decode("ascii")
    else:
        payload = body.decode("latin-1")  # 8bit: the bytes as they are
    subject = f"{text[:20].strip()} ({charset})"
    try:
        encoded_subject = Header(subject, charset).encode()
    except (UnicodeError, LookupError):
        encoded_subject = Header(subject, "utf-8").encode()
    head = headers(
        encoded_subject,
        f"charset-{charset}",
        f'Content-Type: text/plain; charset="{charset}"',
        f"Content-Transfer-Encoding: {encoding}",
    )
    raw = crlf(head) + b"\r\n" + payload.replace("\n", "\r\n").encode("latin-1") + b"\r\n"
    return Sample(f"charset {charset}", raw, subject=subject, text=text)


def samples() -> list[Sample]:
    found = []
    for charset, text in TEXTS.items():
        if charset in ("utf-16", "utf-7", "iso-2022-jp"):
            encoding = "base64" if charset == "utf-16" else "7bit"
        elif charset in ("utf-8", "iso-8859-1", "windows-1252"):
            encoding = "quoted-printable"
        else:
            encoding = "8bit" if len(found) % 2 else "base64"
        found.append(_sample(charset, text, encoding))
    return found

"""Ticket numbers: pluggable generators in the OTRS formats, and the subject parser.

A generator is pure: it turns (day, system id, counter) into a number. Where the
counter comes from — a row in the database incremented inside the creating
transaction — is the repository's business; ``counter_key`` tells it which counter
to use (one per day for the date formats, one overall for AutoIncrement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class NumberGenerator(Protocol):
    def counter_key(self, day: date) -> str:
        """The counter this day's numbers draw from."""
        ...

    def make(self, day: date, counter: int) -> str: ...

    def belongs_here(self, number: str) -> bool:
        """True when ``number`` could have been made by this system (its system id)."""
        ...


def check_digit(digits: str) -> int:
    """OTRS DateChecksum: weights 1,2,1,2… over all digits; 10 - sum mod 10; 10 becomes 1."""
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(digits))
    check = 10 - total % 10
    return 1 if check == 10 else check


@dataclass(frozen=True)
class DateChecksum:
    """``YYYYMMDD`` + system id (2 digits) + daily counter (5 digits) + check digit."""

    system_id: int

    def counter_key(self, day: date) -> str:
        return day.strftime("%Y%m%d")

    def make(self, day: date, counter: int) -> str:
        digits = f"{day:%Y%m%d}{self.system_id:02d}{counter:05d}"
        return f"{digits}{check_digit(digits)}"

    def belongs_here(self, number: str) -> bool:
        return (
            len(number) >= 16
            and number[8:10] == f"{self.system_id:02d}"
            and check_digit(number[:-1]) == int(number[-1])
        )


@dataclass(frozen=True)
class DateNumber:
    """``YYYYMMDD`` + system id + daily counter, no check digit (OTRS "Date")."""

    system_id: int

    def counter_key(self, day: date) -> str:
        return day.strftime("%Y%m%d")

    def make(self, day: date, counter: int) -> str:
        return f"{day:%Y%m%d}{self.system_id:02d}{counter:05d}"

    def belongs_here(self, number: str) -> bool:
        return len(number) >= 15 and number[8:10] == f"{self.system_id:02d}"


@dataclass(frozen=True)
class AutoIncrement:
    """System id + an ever-growing counter, at least 5 digits (OTRS "AutoIncrement")."""

    system_id: int

    def counter_key(self, day: date) -> str:
        return "auto"

    def make(self, day: date, counter: int) -> str:
        return f"{self.system_id:02d}{counter:05d}"

    def belongs_here(self, number: str) -> bool:
        return len(number) >= 7 and number.startswith(f"{self.system_id:02d}")


GENERATORS: dict[str, type[DateChecksum] | type[DateNumber] | type[AutoIncrement]] = {
    "DateChecksum": DateChecksum,
    "Date": DateNumber,
    "AutoIncrement": AutoIncrement,
}


def generator_for(name: str, system_id: int) -> NumberGenerator:
    try:
        return GENERATORS[name](system_id)
    except KeyError:
        raise ValueError(f"unknown ticket number generator {name!r}; known: {', '.join(GENERATORS)}") from None


def numbers_in_subject(text: str, hook: str, generator: NumberGenerator) -> list[str]:
    """Ticket numbers after the hook (``Ticket#123``, ``Ticket#: 123``, ``Ticket#  123``) in a subject or body.

    Numbers that another system made (another system id) are ignored, so a mail that
    quotes a foreign help desk's hook is not threaded into one of ours.
    """
    pattern = re.compile(re.escape(hook) + r":?\s{0,2}(\d+)", re.IGNORECASE)
    found: list[str] = []
    for match in pattern.finditer(text or ""):
        number = match.group(1)
        if generator.belongs_here(number) and number not in found:
            found.append(number)
    return found


def subject_with_hook(subject: str, hook: str, number: str) -> str:
    """``[Ticket#<number>] <subject>``, without repeating a hook the subject already has."""
    tag = f"[{hook}{number}]"
    if tag.lower() in (subject or "").lower():
        return subject
    return f"{tag} {subject}".rstrip()

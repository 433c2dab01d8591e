"""The benchmark's mail: mixed sizes, every fifth with an attachment, each with a unique subject.

Deterministic (seeded), so two runs send the same bytes. The subject becomes the
ticket's title, which is how the benchmark finds the ticket through the API.
"""

from __future__ import annotations

import random
from email.message import EmailMessage

from bench.vocabulary import text_of
from tests.e2e.mail import donation_mail

#: Body sizes in bytes and how often they occur: mostly short notes, some long mails.
BODY_SIZES = ((300, 5), (3_000, 3), (30_000, 2))

ATTACHMENT_EVERY = 5  # 20 %
ATTACHMENT_SIZES = (20_000, 80_000, 250_000)


def bench_mails(count: int, tag: str, seed: int = 2026) -> list[EmailMessage]:
    """``count`` mails titled ``Bench <tag> <i>``; ``tag`` keeps one run's tickets apart."""
    rng = random.Random(seed)
    sizes = [size for size, weight in BODY_SIZES for _ in range(weight)]
    mails = []
    for i in range(count):
        attachment = rng.randbytes(rng.choice(ATTACHMENT_SIZES)) if i % ATTACHMENT_EVERY == 0 else None
        mails.append(
            donation_mail(
                subject=title(tag, i),
                sender=f"mitglied{i}@example.org",
                body=text_of(rng, sizes[i % len(sizes)]),
                attachment=attachment,
            )
        )
    return mails


def title(tag: str, i: int) -> str:
    return f"Bench {tag} {i:05d}"

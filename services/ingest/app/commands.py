"""What the intake asks of ingest: keep these raw bytes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StoreRaw:
    """Raw bytes as an intake received them, and where they came from, as routing will need to know.

    With ``unless_known`` (imports and mail accounts, which may fetch the same message
    again) bytes stored before are skipped.
    """

    raw: bytes
    source: str
    envelope_from: str | None = None
    envelope_to: list[str] = field(default_factory=list)
    unless_known: bool = False
    account_id: int | None = None
    trusted: bool = False
    queue: str | None = None
    import_state: str | None = None

"""History: every change of a ticket, by whom, when, old → new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class HistoryType(StrEnum):
    NEW_TICKET = "NewTicket"
    FOLLOW_UP = "FollowUp"
    FOLLOW_UP_REJECTED = "FollowUpRejected"
    SEND_AUTO_REPLY = "SendAutoReply"
    SEND_ANSWER = "SendAnswer"
    FORWARD = "Forward"
    ADD_NOTE = "AddNote"
    MOVE = "Move"
    LOCK = "Lock"
    UNLOCK = "Unlock"
    OWNER_UPDATE = "OwnerUpdate"
    RESPONSIBLE_UPDATE = "ResponsibleUpdate"
    STATE_UPDATE = "StateUpdate"
    FOLLOW_UP_STATE = "FollowUpStateUpdate"
    """A state change a customer's follow-up made: the queue's follow-up state, or a reopen."""
    PRIORITY_UPDATE = "PriorityUpdate"
    TITLE_UPDATE = "TitleUpdate"
    TYPE_UPDATE = "TypeUpdate"
    CUSTOMER_UPDATE = "CustomerUpdate"
    SET_PENDING_TIME = "SetPendingTime"
    LINK = "Link"
    UNLINK = "Unlink"
    MERGED = "Merged"
    SPLIT = "Split"
    SUBSCRIBE = "Subscribe"
    UNSUBSCRIBE = "Unsubscribe"
    ARCHIVE = "Archive"
    RESTORE = "Restore"
    TAG_ADD = "TagAdd"
    TAG_REMOVE = "TagRemove"
    ROUTING = "SystemRouting"
    """Why an inbound mail went where it went: ingest's rules, the recipient, the threading decision."""


@dataclass(frozen=True)
class HistoryEntry:
    type: HistoryType
    actor: str
    created_at: datetime
    old: str | None = None
    new: str | None = None
    note: str | None = None

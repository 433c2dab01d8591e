"""Who may do what to a ticket: the queue's group permissions plus the lock.

Checked before every action. A caller who may not even read the ticket learns
nothing (:class:`NotFound`); one who may read it but lacks the permission gets
:class:`Forbidden`; a ticket locked by someone else is :class:`LockedByOther` unless
the caller holds ``rw`` on its queue.
"""

from __future__ import annotations

from services.tickets.directory.domain.permissions import Permission, PermissionSet
from services.tickets.errors import Forbidden, LockedByOther, NotFound
from services.tickets.ticketing.domain.model import Ticket


def require(permissions: PermissionSet, group_id: int, needed: Permission, *, what: str = "ticket") -> None:
    if not permissions.can_read(group_id):
        raise NotFound(f"no such {what}")
    if not permissions.allows(group_id, needed):
        raise Forbidden(f"this needs the {needed.value!r} permission on the queue")


def require_target(permissions: PermissionSet, group_id: int, needed: Permission) -> None:
    """A queue the ticket goes into: ``move_into`` is enough, reading it is not required."""
    if not permissions.allows(group_id, needed):
        raise Forbidden(f"this needs the {needed.value!r} permission on the target queue")


def require_unlocked_for(
    ticket: Ticket, agent_id: int, permissions: PermissionSet, group_id: int, *, holder: str | None = None
) -> None:
    """``holder`` is the login of the lock's owner, to name in the refusal."""
    if ticket.locked and ticket.owner_id != agent_id and not permissions.allows(group_id, Permission.RW):
        raise LockedByOther(f"ticket {ticket.number} is locked by {holder or 'another agent'}", holder=holder)

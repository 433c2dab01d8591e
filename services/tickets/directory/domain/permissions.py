"""OTRS queue permissions: an agent holds permission types on groups, directly or
through roles; every queue belongs to exactly one group.

A sub-queue has its own group and inherits nothing from its parent: the
bookkeeper may work ``Vorstand::Schatzmeister`` without seeing ``Vorstand``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Permission(StrEnum):
    RO = "ro"
    MOVE_INTO = "move_into"
    CREATE = "create"
    NOTE = "note"
    OWNER = "owner"
    PRIORITY = "priority"
    RW = "rw"


ADMIN_GROUP = "admin"


@dataclass(frozen=True)
class Grant:
    group_id: int
    permission: Permission


@dataclass(frozen=True)
class PermissionSet:
    """What one agent may do, per group id; ``rw`` implies every other type."""

    by_group: Mapping[int, frozenset[Permission]] = field(default_factory=dict)
    is_admin: bool = False

    @classmethod
    def resolve(cls, direct: Iterable[Grant], via_roles: Iterable[Grant], admin_group_id: int | None) -> PermissionSet:
        merged: dict[int, set[Permission]] = {}
        for grant in (*direct, *via_roles):
            merged.setdefault(grant.group_id, set()).add(grant.permission)
        by_group = {group: frozenset(perms) for group, perms in merged.items()}
        is_admin = admin_group_id is not None and Permission.RW in by_group.get(admin_group_id, frozenset())
        return cls(by_group=by_group, is_admin=is_admin)

    def allows(self, group_id: int, permission: Permission) -> bool:
        held = self.by_group.get(group_id, frozenset())
        return Permission.RW in held or permission in held

    def can_read(self, group_id: int) -> bool:
        return self.allows(group_id, Permission.RO)

    def readable_groups(self) -> set[int]:
        return {group for group in self.by_group if self.can_read(group)}

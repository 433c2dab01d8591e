from services.tickets.directory.domain.permissions import Grant, Permission, PermissionSet

VORSTAND, SCHATZMEISTER, ADMIN = 1, 2, 9


def test_rw_implies_every_type():
    perms = PermissionSet.resolve([Grant(SCHATZMEISTER, Permission.RW)], [], ADMIN)
    assert all(perms.allows(SCHATZMEISTER, p) for p in Permission)
    assert perms.can_read(SCHATZMEISTER)


def test_a_sub_queue_group_gives_nothing_on_the_parent_group():
    perms = PermissionSet.resolve([], [Grant(SCHATZMEISTER, Permission.RW)], ADMIN)
    assert not perms.can_read(VORSTAND)
    assert perms.readable_groups() == {SCHATZMEISTER}


def test_move_into_alone_does_not_let_one_read():
    perms = PermissionSet.resolve([Grant(VORSTAND, Permission.MOVE_INTO)], [], ADMIN)
    assert perms.allows(VORSTAND, Permission.MOVE_INTO)
    assert not perms.can_read(VORSTAND)
    assert perms.readable_groups() == set()


def test_direct_and_role_grants_add_up():
    perms = PermissionSet.resolve([Grant(VORSTAND, Permission.RO)], [Grant(VORSTAND, Permission.NOTE)], ADMIN)
    assert perms.allows(VORSTAND, Permission.RO) and perms.allows(VORSTAND, Permission.NOTE)
    assert not perms.allows(VORSTAND, Permission.OWNER)


def test_admin_is_rw_on_the_admin_group():
    assert PermissionSet.resolve([Grant(ADMIN, Permission.RW)], [], ADMIN).is_admin
    assert not PermissionSet.resolve([Grant(ADMIN, Permission.RO)], [], ADMIN).is_admin
    assert not PermissionSet.resolve([Grant(ADMIN, Permission.RW)], [], None).is_admin

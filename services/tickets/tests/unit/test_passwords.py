import pytest

from services.tickets.errors import Invalid
from services.tickets.identity.domain.passwords import check_new_password


@pytest.mark.parametrize("password", ["", "kurz", "123456789", "vorstand", " Vorstand  ", "VORSTAND"])
def test_too_short_or_the_login_is_refused(password: str) -> None:
    with pytest.raises(Invalid):
        check_new_password("vorstand", password)


def test_the_login_is_refused_even_when_long_enough() -> None:
    with pytest.raises(Invalid, match="login"):
        check_new_password("kassenpruefer", "KassenPruefer")


@pytest.mark.parametrize("password", ["ein-neues-kennwort", "vorstand-2026", "0123456789"])
def test_long_enough_and_not_the_login_passes(password: str) -> None:
    check_new_password("vorstand", password)

import pytest

from services.gateway.domain.csrf import CsrfRefused, check_origin, check_token, login_form_token

SITE = ["http://127.0.0.1:8080"]


def test_same_origin_passes():
    check_origin("http://127.0.0.1:8080", None, SITE)
    check_origin(None, "http://127.0.0.1:8080/login?next=/queues", SITE)


@pytest.mark.parametrize(
    ("origin", "referer"),
    [
        ("http://evil.example", None),
        ("http://evil.example", "http://127.0.0.1:8080/login"),  # Origin wins over a forged-looking Referer
        ("null", None),
        ("https://127.0.0.1:8080", None),  # another scheme is another origin
        ("http://127.0.0.1:8081", None),
        (None, "http://evil.example/page"),
        (None, None),
        (None, "not a url"),
    ],
)
def test_foreign_or_missing_origin_is_refused(origin, referer):
    with pytest.raises(CsrfRefused):
        check_origin(origin, referer, SITE)


def test_trusted_extra_origin():
    check_origin("https://helpdesk.neudorf.example", None, [*SITE, "https://helpdesk.neudorf.example/"])


def test_token_must_match_exactly():
    check_token("abc", "abc")
    for expected, submitted in [("abc", "abd"), ("abc", None), (None, "abc"), ("", ""), ("abc", "")]:
        with pytest.raises(CsrfRefused):
            check_token(expected, submitted)


def test_login_token_is_bound_to_cookie_and_secret():
    token = login_form_token("cookie", "secret")
    assert token == login_form_token("cookie", "secret")
    assert token != login_form_token("other-cookie", "secret")
    assert token != login_form_token("cookie", "other-secret")
    assert token != "cookie"

from starlette.requests import Request

from services.gateway.entrypoints.proxy import _request_headers


def _request(headers: dict[str, str]) -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": "https",
            "path": "/api/v1/queues",
            "query_string": b"",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("203.0.113.7", 50000),
            "server": ("gateway", 443),
        }
    )


def test_forwarded_headers_are_the_gateways_own_and_secrets_of_the_browser_stay_behind():
    sent = _request_headers(
        _request(
            {
                "Authorization": "Bearer abc",
                "Accept": "application/json",
                "Cookie": "umlauf_session=secret",
                "X-Forwarded-For": "10.0.0.1",
                "X-Umlauf-Identity": "forged",
                "Connection": "keep-alive",
                "Content-Length": "12",
            }
        ),
        {"X-Umlauf-Identity": "signed-by-tickets"},
    )
    assert sent == {
        "authorization": "Bearer abc",
        "accept": "application/json",
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-proto": "https",
        "x-umlauf-identity": "signed-by-tickets",
    }

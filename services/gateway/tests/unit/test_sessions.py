from datetime import UTC, datetime, timedelta

from services.gateway.domain.sessions import Agent, SessionPolicy, open_session, session_key

NOW = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)
POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8))
AGENT = Agent(
    login="buchhaltung", name="Bea Buch", email="buchhaltung@mitglieder.neudorf.example", language="de", is_admin=False
)


def test_a_session_stores_the_hash_of_its_id_not_the_id():
    session = open_session("cookie-value", "tickets-token", AGENT, NOW, POLICY, None)
    assert session.key == session_key("cookie-value")
    assert "cookie-value" not in session.key
    assert session.csrf_token and session.csrf_token != "cookie-value"


def test_idle_expiry_and_touch_keeps_it_alive():
    session = open_session("id", "t", AGENT, NOW, POLICY, None)
    assert not session.is_expired(NOW + timedelta(minutes=29), POLICY)
    assert session.is_expired(NOW + timedelta(minutes=30), POLICY)
    touched = session.touched(NOW + timedelta(minutes=29))
    assert not touched.is_expired(NOW + timedelta(minutes=50), POLICY)


def test_absolute_expiry_even_when_used_all_the_time():
    session = open_session("id", "t", AGENT, NOW, POLICY, None)
    busy = session.touched(NOW + timedelta(hours=7, minutes=59))
    assert not busy.is_expired(NOW + timedelta(hours=7, minutes=59, seconds=59), POLICY)
    assert busy.is_expired(NOW + timedelta(hours=8), POLICY)


def test_a_session_ends_no_later_than_its_tickets_token():
    session = open_session("id", "t", AGENT, NOW, POLICY, NOW + timedelta(hours=1))
    assert session.expires_at == NOW + timedelta(hours=1)
    later = open_session("id", "t", AGENT, NOW, POLICY, NOW + timedelta(days=30))
    assert later.expires_at == NOW + timedelta(hours=8)


def test_touch_is_written_at_most_once_a_minute():
    session = open_session("id", "t", AGENT, NOW, POLICY, None)
    assert not session.needs_touch(NOW + timedelta(seconds=59), POLICY)
    assert session.needs_touch(NOW + timedelta(seconds=60), POLICY)

from services.notify.domain.loop_protection import inbound_reason, recipient_reason
from services.notify.domain.model import SuppressReason
from shared.contracts.tickets import InboundFlags

X_LOOP = "umlauf@neudorf.example"


def test_a_plain_mail_from_a_person_may_be_answered() -> None:
    flags = InboundFlags(envelope_from="donor@example.org")
    assert inbound_reason(flags, x_loop=X_LOOP) is None
    assert recipient_reason("donor@example.org", ["info@neudorf.example"]) is None


def test_mail_without_envelope_information_may_be_answered() -> None:
    """A web form or phone ticket has no SMTP envelope: None is 'unknown', not a bounce."""
    assert inbound_reason(InboundFlags(envelope_from=None), x_loop=X_LOOP) is None


def test_auto_submitted_mail_gets_no_reply() -> None:
    flags = InboundFlags(envelope_from="ooo@example.org", auto_submitted=True)
    assert inbound_reason(flags, x_loop=X_LOOP) is SuppressReason.AUTO_SUBMITTED


def test_bounces_get_no_reply() -> None:
    for flags in (
        InboundFlags(envelope_from=""),
        InboundFlags(envelope_from="<>"),
        InboundFlags(envelope_from="  "),
        InboundFlags(envelope_from="donor@example.org", is_bounce=True),
        InboundFlags(envelope_from="MAILER-DAEMON@mx.example.org"),
        InboundFlags(envelope_from="<postmaster@mx.example.org>"),
    ):
        assert inbound_reason(flags, x_loop=X_LOOP) is SuppressReason.BOUNCE, flags


def test_list_mail_and_list_addresses_get_no_reply() -> None:
    assert inbound_reason(InboundFlags(envelope_from="a@example.org", is_list=True), x_loop=X_LOOP) is (
        SuppressReason.LIST
    )
    assert inbound_reason(InboundFlags(envelope_from="owner-club@lists.example"), x_loop=X_LOOP) is (
        SuppressReason.BOUNCE
    )
    assert recipient_reason("club-request@lists.example", []) is SuppressReason.BOUNCE


def test_mail_carrying_our_x_loop_gets_no_reply() -> None:
    flags = InboundFlags(envelope_from="a@example.org", x_loop=["other", " UMLAUF@neudorf.example "])
    assert inbound_reason(flags, x_loop=X_LOOP) is SuppressReason.X_LOOP
    assert inbound_reason(InboundFlags(envelope_from="a@example.org", x_loop=["other"]), x_loop=X_LOOP) is None


def test_our_own_addresses_get_no_reply_whatever_the_case() -> None:
    assert recipient_reason("Info@Neudorf.example", ["info@neudorf.example"]) is SuppressReason.OWN_ADDRESS


def test_a_recipient_that_is_no_address_gets_no_reply() -> None:
    assert recipient_reason("", []) is SuppressReason.NO_RECIPIENT
    assert recipient_reason("nobody", []) is SuppressReason.NO_RECIPIENT

from datetime import date

import pytest

from services.tickets.ticketing.domain.numbering import (
    AutoIncrement,
    DateChecksum,
    DateNumber,
    check_digit,
    generator_for,
    numbers_in_subject,
    subject_with_hook,
)

FIRST_OF_THE_DAY = "2026112810000011"


def test_the_first_ticket_of_2026_11_28_with_system_id_10():
    assert DateChecksum(10).make(date(2026, 11, 28), 1) == FIRST_OF_THE_DAY


def test_check_digit_weights_alternate_and_ten_becomes_one():
    # 2*1 + 0*2 + 2*1 + 6*2 + ... = 39 -> 10 - 9 = 1
    assert check_digit("202611281000001") == 1
    assert check_digit("1") == 9  # 1*1 = 1
    assert check_digit("01") == 8  # 1*2 = 2
    assert check_digit("55") == 5  # 5*1 + 5*2 = 15
    assert check_digit("0000000005") == 1  # 5*2 = 10: 10 - 0 = 10, and 10 becomes 1


def test_counter_is_padded_to_five_digits_and_resets_with_the_day():
    gen = DateChecksum(10)
    assert gen.make(date(2026, 11, 28), 42)[10:15] == "00042"
    assert gen.counter_key(date(2026, 11, 28)) != gen.counter_key(date(2026, 11, 29))


def test_other_generators():
    assert DateNumber(7).make(date(2026, 1, 2), 3) == "202601020700003"
    assert AutoIncrement(10).make(date(2026, 1, 2), 3) == "1000003"
    assert AutoIncrement(10).counter_key(date(2026, 1, 2)) == AutoIncrement(10).counter_key(date(2027, 1, 2))
    assert isinstance(generator_for("Date", 10), DateNumber)
    with pytest.raises(ValueError, match="unknown ticket number generator"):
        generator_for("Random", 10)


@pytest.mark.parametrize(
    "subject",
    [
        f"Re: [Ticket#{FIRST_OF_THE_DAY}] Basketballkorb",
        f"AW: Ticket#:{FIRST_OF_THE_DAY} Basketballkorb",
        f"Ticket#: {FIRST_OF_THE_DAY}",
        f"ticket#  {FIRST_OF_THE_DAY} (case does not matter)",
    ],
)
def test_parser_finds_the_hook(subject):
    assert numbers_in_subject(subject, "Ticket#", DateChecksum(10)) == [FIRST_OF_THE_DAY]


def test_parser_ignores_three_spaces_other_hooks_and_other_system_ids():
    gen = DateChecksum(10)
    assert numbers_in_subject(f"Ticket#   {FIRST_OF_THE_DAY}", "Ticket#", gen) == []
    assert numbers_in_subject(f"Vorgang#{FIRST_OF_THE_DAY}", "Ticket#", gen) == []
    foreign = DateChecksum(11).make(date(2026, 11, 28), 1)
    assert numbers_in_subject(f"[Ticket#{foreign}]", "Ticket#", gen) == []
    assert numbers_in_subject(f"[Ticket#{foreign}]", "Ticket#", DateChecksum(11)) == [foreign]


def test_parser_rejects_a_wrong_check_digit():
    assert numbers_in_subject("[Ticket#2026112810000012]", "Ticket#", DateChecksum(10)) == []


def test_subject_hook_is_not_repeated():
    assert subject_with_hook("Spende", "Ticket#", "1") == "[Ticket#1] Spende"
    assert subject_with_hook("Re: [Ticket#1] Spende", "Ticket#", "1") == "Re: [Ticket#1] Spende"

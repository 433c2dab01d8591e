from shared.redelivery import delivery_number, retry_delay, should_retry


def test_first_delivery_carries_no_count() -> None:
    assert delivery_number({}, redelivered=False) == 1
    assert delivery_number(None, redelivered=False) == 1


def test_quorum_queue_count_is_the_number_of_earlier_deliveries() -> None:
    assert delivery_number({"x-delivery-count": 1}, redelivered=True) == 2
    assert delivery_number({"x-delivery-count": 4}, redelivered=True) == 5


def test_redelivered_without_count_is_at_least_the_second() -> None:
    assert delivery_number({}, redelivered=True) == 2
    assert delivery_number({"x-delivery-count": "junk"}, redelivered=True) == 2


def test_the_last_allowed_delivery_is_not_retried() -> None:
    assert [should_retry(n, 3) for n in (1, 2, 3, 4)] == [True, True, False, False]
    assert should_retry(1, 1) is False


def test_retry_delay_doubles_and_is_capped() -> None:
    assert [retry_delay(n, 0.5, cap=3.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 3.0]

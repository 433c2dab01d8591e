from shared.rabbit_topology import Topology, default_prefix


def test_names_follow_the_prefix() -> None:
    topology = Topology("umlauf.events", prefix="umlauf", max_deliveries=4)
    assert topology.queue("tickets") == "umlauf.tickets"
    assert topology.dead_letter_queue("tickets") == "umlauf.tickets.dlq"
    assert topology.dead_letter_exchange == "umlauf.dlx"
    assert topology.exchange_arguments() == {"alternate-exchange": "umlauf.unrouted"}


def test_consumer_queue_is_quorum_with_dead_lettering_to_its_own_dlq() -> None:
    arguments = Topology("x.events", prefix="x", max_deliveries=4).queue_arguments("notify")
    assert arguments["x-queue-type"] == "quorum"
    assert arguments["x-dead-letter-exchange"] == "x.dlx"
    assert arguments["x-dead-letter-routing-key"] == "x.notify"
    # a backstop that does not change with max_deliveries (arguments of a queue are fixed)
    assert arguments["x-delivery-limit"] == 20
    assert Topology("x.events", prefix="x", max_deliveries=30).queue_arguments("notify")["x-delivery-limit"] == 30
    # at-least-once dead-lettering requires reject-publish overflow (RabbitMQ >= 3.10)
    assert arguments["x-dead-letter-strategy"] == "at-least-once"
    assert arguments["x-overflow"] == "reject-publish"


def test_default_prefix_is_the_exchange_without_its_last_word() -> None:
    assert default_prefix("umlauf.events") == "umlauf"
    assert default_prefix("e2e1234.events") == "e2e1234"
    assert default_prefix("events") == "events"

from services.tickets.ticketing.adapters.fts_terms import fts5_query, index_text, stems


def test_german_plural_with_umlaut_meets_the_singular():
    assert "basketballkorb" in stems("Basketballkörbe")
    assert "basketballkorb" in stems("Basketballkorb")


def test_english_stems_are_indexed_too():
    assert "donat" in index_text("Donations")


def test_query_needs_every_word_and_quotes_terms():
    assert fts5_query("Spenden Korb") == '("spend" OR "spenden") AND ("korb")'
    assert fts5_query('" * - ') is None
    assert fts5_query("NEAR OR") == '("near") AND ("or")'  # operators become plain, quoted words

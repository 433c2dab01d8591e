"""Forward, tags and the standard-answer picker of the ticket zoom, against the real tickets service:
the ticket changes, the history names the step in the agent's language, bad input is refused beside the form."""

import html
import re

from services.gateway.tests.service.actions_support import history_types, number_in, submit
from services.gateway.tests.system import log_in


def _template_id(page: str, name: str) -> str:
    found = re.search(rf'<option value="(\d+)"[^>]*>{re.escape(name)}</option>', page)
    assert found, f"template {name!r} not offered"
    return found.group(1)


def _reply_text(page: str) -> str:
    found = re.search(r'<textarea name="body_text" rows="8" required>(.*?)</textarea>', page, re.S)
    assert found, "no reply text area"
    return html.unescape(found.group(1))


async def _history_row(browser, number: str, kind: str) -> str:
    page = (await browser.get(f"/tickets/{number}/history")).text
    found = re.search(rf'<tr data-type="{kind}">(.*?)</tr>', page, re.S)
    assert found, f"no {kind} in the history"
    return found.group(1)


async def test_forward_sends_the_article_to_a_colleague_and_keeps_it_internal(system):
    number = await number_in(system, "Vorstand::Schatzmeister")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        page = (await browser.get(f"/tickets/{number}")).text
        assert "Fwd: Spendenquittung bitte" in page and "quittung.pdf" in page  # what the mail will carry
        article_id = re.search(r'name="article_id" value="(\d+)"', page.split('id="action-forward"')[1]).group(1)
        data = {"to": "kassenpruefer@example.org", "body_text": "Bitte prüfen.", "article_id": article_id}
        response = await submit(browser, number, "forward", data)
        assert response.status_code == 303 and response.headers["location"] == f"/tickets/{number}"
        page = (await browser.get(f"/tickets/{number}")).text
        forwarded = page.split('id="article-')[-1]  # the newest article
        assert "Bitte prüfen." in forwarded and "---- Forwarded message ----" in forwarded
        assert "kassenpruefer@example.org" in forwarded and "intern" in forwarded
        assert "quittung.pdf" in forwarded  # the forwarded article's attachment went along
        assert "Forward" in await history_types(browser, number)
        assert "Weitergeleitet" in await _history_row(browser, number, "Forward")


async def test_forward_to_nobody_or_an_unknown_article_is_refused_beside_the_form(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        response = await submit(browser, number, "forward", {"to": " ; ", "article_id": "1"})
        assert response.status_code == 422
        assert 'data-action="forward"' in response.text
        assert "Geben Sie mindestens eine Adresse ein" in response.text
        response = await submit(browser, number, "forward", {"to": "a@example.org", "article_id": "999999"})
        assert response.status_code == 404 and 'data-action="forward"' in response.text
        response = await submit(browser, number, "forward", {"to": "kein Empfänger", "article_id": "1"})
        assert response.status_code == 422 and 'data-action="forward"' in response.text
        assert (await browser.get(f"/tickets/{number}?forward=999999")).status_code == 404
        assert "Forward" not in await history_types(browser, number)


async def test_forward_link_of_an_article_chooses_it(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        await submit(browser, number, "notes", {"subject": "Maße", "body_text": "Korb 45 cm."})
        page = (await browser.get(f"/tickets/{number}")).text
        first = re.search(r'href="/tickets/\d+\?forward=(\d+)#action-forward"', page).group(1)
        page = (await browser.get(f"/tickets/{number}?forward={first}")).text
        assert '<details class="action" id="action-forward" open>' in page
        assert f'name="article_id" value="{first}"' in page
        assert "Fwd: Basketballkorb zu verschenken" in page  # the first article, not the newer note


async def test_tags_are_added_shown_and_removed(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        response = await submit(browser, number, "tags", {"tags": "Sachspende, Basketball ,"})
        assert response.status_code == 303
        page = (await browser.get(f"/tickets/{number}")).text
        assert re.findall(r'<input type="hidden" name="tag" value="([^"]+)">', page) == ["basketball", "sachspende"]
        response = await submit(browser, number, "untag", {"tag": "basketball"})
        assert response.status_code == 303
        page = (await browser.get(f"/tickets/{number}")).text
        assert re.findall(r'<input type="hidden" name="tag" value="([^"]+)">', page) == ["sachspende"]
        assert {"TagAdd", "TagRemove"} <= set(await history_types(browser, number))
        assert "Schlagwort hinzugefügt" in await _history_row(browser, number, "TagAdd")
        assert "Schlagwort entfernt" in await _history_row(browser, number, "TagRemove")


async def test_an_empty_or_too_long_tag_is_refused_beside_the_form(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        response = await submit(browser, number, "tags", {"tags": " , "})
        assert response.status_code == 422 and "Geben Sie ein Schlagwort ein." in response.text
        response = await submit(browser, number, "tags", {"tags": "x" * 101})
        assert response.status_code == 422 and 'data-action="tags"' in response.text
        response = await submit(browser, number, "untag", {})
        assert response.status_code == 422 and 'data-action="untag"' in response.text
        assert "TagAdd" not in await history_types(browser, number)


async def test_picking_a_standard_answer_fills_the_reply_and_sends_it(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "empfang")
        page = (await browser.get(f"/tickets/{number}")).text
        assert "Spendenquittung</option>" not in page  # a template of another queue is not offered
        chosen = _template_id(page, "Dank für das Spendenangebot")
        page = (await browser.get(f"/tickets/{number}?template={chosen}")).text
        assert '<details class="action" id="action-reply" open' in page
        assert f'<input type="hidden" name="template_id" value="{chosen}">' in page
        text = _reply_text(page)
        assert "vielen Dank für Ihr Angebot! Wir prüfen, ob wir die Spende brauchen können" in text
        assert f"melden uns unter der Nummer {number}." in text  # rendered for this ticket
        assert "{{" not in text
        response = await submit(browser, number, "reply", {"body_text": text, "template_id": chosen})
        assert response.status_code == 303
        page = (await browser.get(f"/tickets/{number}")).text
        assert "vielen Dank für Ihr Angebot!" in page.split('id="article-')[-1]
        assert "Antwort gesendet" in await _history_row(browser, number, "SendAnswer")


async def test_a_standard_answer_with_a_file_attaches_it_to_the_reply(system):
    number = await number_in(system, "Vorstand::Schatzmeister")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        chosen = _template_id((await browser.get(f"/tickets/{number}")).text, "Spendenquittung")
        page = (await browser.get(f"/tickets/{number}?template={chosen}")).text
        assert "Angehängt aus der Vorlage: Spendenquittung.pdf" in page
        response = await submit(browser, number, "reply", {"body_text": _reply_text(page), "template_id": chosen})
        assert response.status_code == 303
        newest = (await browser.get(f"/tickets/{number}")).text.split('id="article-')[-1]
        assert "Spendenquittung.pdf" in newest and "anbei erhalten Sie die Spendenquittung" in newest


async def test_a_standard_answer_of_another_queue_is_refused(system):
    allgemein = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        receipt = _template_id(
            (await browser.get(f"/tickets/{await number_in(system, 'Vorstand::Schatzmeister')}")).text,
            "Spendenquittung",
        )
        response = await browser.get(f"/tickets/{allgemein}?template={receipt}")
        assert response.status_code == 404 and 'data-action="reply"' in response.text
        assert "Diese Vorlage gibt es für die Queue dieses Tickets nicht." in response.text
        assert 'name="template_id"' not in response.text
        response = await submit(browser, allgemein, "reply", {"body_text": "Hallo", "template_id": receipt})
        assert response.status_code == 404 and 'data-action="reply"' in response.text
        assert (await browser.get(f"/tickets/{allgemein}?template=abc")).status_code == 422


async def test_a_reading_auditor_may_neither_tag_nor_forward(system):
    number = await number_in(system, "Vorstand::Schatzmeister")
    async with system.browser() as browser:
        await log_in(browser, "kassenpruefer")  # ro on the treasurer's queue
        page = (await browser.get(f"/tickets/{number}")).text
        article_id = re.search(r'name="article_id" value="(\d+)"', page.split('id="action-forward"')[1]).group(1)
        attempts = [
            ("tags", {"tags": "geprüft"}),
            ("forward", {"to": "revision@example.org", "article_id": article_id}),
        ]
        for action, data in attempts:
            response = await submit(browser, number, action, data)
            assert response.status_code == 403, action
            assert f'data-action="{action}"' in response.text
            assert "Das dürfen Sie in dieser Queue nicht." in response.text
        assert not {"TagAdd", "Forward"} & set(await history_types(browser, number))

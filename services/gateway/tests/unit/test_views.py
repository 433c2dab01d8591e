from services.gateway.adapters.tickets_models import Queue
from services.gateway.presentation.views import mail_document, paginate, queue_tree, safe_next


def q(id_, name, parent=None):
    return Queue(id=id_, name=name, parent_id=parent, depth=name.count("::"))


def test_sub_queues_nest_under_their_parent():
    tree = queue_tree([q(2, "Vorstand"), q(3, "Vorstand::Schatzmeister", 2), q(1, "Allgemein")])
    assert [(n.label, [c.label for c in n.children]) for n in tree] == [
        ("Allgemein", []),
        ("Vorstand", ["Schatzmeister"]),
    ]


def test_a_sub_queue_whose_parent_is_hidden_is_a_root_with_its_full_name():
    tree = queue_tree([q(3, "Vorstand::Schatzmeister", 2), q(1, "Allgemein")])
    assert [(n.label, n.children) for n in tree] == [("Allgemein", []), ("Vorstand::Schatzmeister", [])]


def test_pagination():
    p = paginate(page=2, size=25, total=60)
    assert (p.offset, p.previous, p.next, p.pages, p.first_item, p.last_item) == (25, 1, 3, 3, 26, 50)
    assert paginate(page=99, size=25, total=60).page == 3
    assert paginate(page=0, size=25, total=0) == paginate(page=1, size=25, total=0)
    assert paginate(page=1, size=25, total=0).pages == 1


def test_mail_html_loses_scripts_and_remote_images_but_keeps_embedded_ones():
    doc = mail_document(
        '<p onclick="x()">Hallo<script>alert(1)</script><img src="https://tracker.example/p.gif">'
        '<img src="data:image/png;base64,iVBORw0KGgo="><a href="https://neudorf.example">Link</a></p>'
    )
    assert "script" not in doc.lower().replace("content-security-policy", "")
    assert "onclick" not in doc
    assert "tracker.example" not in doc
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in doc
    assert "default-src 'none'" in doc
    assert 'rel="noopener noreferrer nofollow"' in doc


def test_redirect_after_login_stays_on_the_site():
    assert safe_next("/tickets/2026112810000011") == "/tickets/2026112810000011"
    for bad in ["https://evil.example/", "//evil.example/", "/\\evil.example", "", None, "queues"]:
        assert safe_next(bad) == "/queues"

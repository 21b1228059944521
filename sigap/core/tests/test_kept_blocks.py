"""``{% kept %}`` (sigap.core.kept_blocks): the shell's blocks are the engine's own HTML, filled per request, and
nothing personal is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.template import Context, engines
from django.test import Client, override_settings

from conftest import login_verified, make_user
from sigap.accounts.models import Role
from sigap.core import kept_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept_yet() -> None:
    kept_blocks.forget()


def test_two_users_of_one_role_and_unit_share_the_header_but_each_reads_their_own_name(personas: Any) -> None:
    first = make_user("cm_one", personas.kukar, Role.CASE_MANAGER, full_name="Rina <Utami> & Co")
    second = make_user("cm_two", personas.kukar, Role.CASE_MANAGER, full_name="Dewi Lestari")
    pages = []
    for user in (first, second):
        client = Client()
        login_verified(client, user)
        pages.append(client.get("/kasus/").content.decode())
    assert 'class="user-menu-name">Rina &lt;Utami&gt; &amp; Co</span>' in pages[0]
    assert 'class="user-menu-name">Dewi Lestari</span>' in pages[1]
    assert "Rina" not in pages[1] and "Dewi" not in pages[0]
    headers = [key for key in kept_blocks._kept if key[0] == "header"]
    assert len(headers) == 1  # one role, one unit, one language, one menu state: one kept header
    kept_text = "".join(kept_blocks._kept.values())
    assert "Rina" not in kept_text and "Dewi" not in kept_text  # names are filled per request, never kept


def test_each_page_gets_its_own_csrf_token_and_path(personas: Any) -> None:
    client = personas.client("head")
    first = client.get("/kasus/?state=ASESMEN&x=%22%3E%3Cscript%3E").content.decode()
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    second = client.get("/tugas/").content.decode()
    assert 'name="next" type="hidden" value="/kasus/?state=ASESMEN&amp;x=%22%3E%3Cscript%3E"' in first
    assert 'name="next" type="hidden" value="/tugas/"' in second
    # Each response masks the token afresh (BREACH): the kept header carries no token of its own.
    tokens = [page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for page in (first, second)]
    assert tokens[0] != tokens[1]
    assert all(t not in "".join(kept_blocks._kept.values()) for t in tokens)
    assert token is None or token not in "".join(kept_blocks._kept.values())


def test_a_key_that_misses_a_value_fails_under_the_test_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    block = '{% load sigap_shell %}{% kept "language_switch" %}{{ secret }}{% endkept %}'
    template = engines["django"].from_string(block)

    class Request:
        def get_full_path(self) -> str:
            return "/"

    context = {"csrf_token": "tok3n", "request": Request()}
    assert template.render({**context, "secret": "one"}) == "one"
    # The key (language, prefix) does not name ``secret``: the kept "one" differs from the fresh "two".
    with pytest.raises(AssertionError, match="language_switch"):
        template.render({**context, "secret": "two"})
    # Outside the test profile the kept HTML is served: the check is what makes a forgotten value visible.
    monkeypatch.setattr(settings, "TESTING", False)  # no setting_changed: that would forget the kept block
    assert template.render({**context, "secret": "two"}) == "one"


def test_a_page_with_a_restored_draft_is_rendered_afresh() -> None:
    block = engines["django"].from_string('{% load sigap_shell %}{% kept "session" %}{{ csrf_token }}{% endkept %}')
    assert block.render({"csrf_token": "abc", "kept_draft": {"fields": {}}, "session_idle_seconds": 1800}) == "abc"
    assert kept_blocks._kept == {}
    assert block.render({"csrf_token": "abc", "session_idle_seconds": 1800}) == "abc"
    assert len(kept_blocks._kept) == 1


def test_an_autoescape_off_render_is_kept_apart() -> None:
    template = (
        engines["django"]
        .from_string('{% load sigap_shell %}{% kept "session" %}{{ session_idle_seconds }}{% endkept %}')
        .template
    )
    for autoescape in (True, False):
        context = Context({"csrf_token": "abc", "session_idle_seconds": 1800}, autoescape=autoescape)
        template.render(context)
    assert len(kept_blocks._kept) == 2


def test_a_changed_setting_forgets_the_kept_blocks() -> None:
    """A test that overrides a setting (the URLs, the templates, the translations) must not leave a block rendered
    under it for the tests after it."""
    block = engines["django"].from_string('{% load sigap_shell %}{% kept "session" %}{{ csrf_token }}{% endkept %}')
    block.render({"csrf_token": "abc", "session_idle_seconds": 1800})
    assert len(kept_blocks._kept) == 1
    with override_settings(SIGAP_SESSION_WARNING_SECONDS=30):
        assert kept_blocks._kept == {}


def test_a_filled_value_holding_a_stand_in_s_text_stays_as_it_is() -> None:
    """Values are written in one pass: a path that carries the text of another stand-in (the CSRF token's) is not
    rewritten into that value."""
    html = f"<a>{kept_blocks.stand_in(0)}</a><b>{kept_blocks.stand_in(1)}</b>"
    filled = kept_blocks.fill(html, [f"/x/{kept_blocks.stand_in(1)}", "SECRET"])
    assert filled == f"<a>/x/{kept_blocks.stand_in(1)}</a><b>SECRET</b>"

"""The case page's repeated parts written in Python (issue #22): ``{% case_person_rows %}``, ``{% case_consent_items %}``.

Through the template engine a person's row cost ~500 Python calls (its ``{% if %}`` nodes, two includes, four
``{% url %}``) and a consent ~400; here each is one string join, the same HTML byte for byte
(``sigap/cases/tests/test_golden_pages.py`` compares whole pages in every case state, both languages and each
persona). What a row *may* show (a child's pseudonym, a masked NIK, no address) is decided before, in
``rules.disclosure.persons_shown``; this only writes it. Every value is escaped as ``{{ value }}`` escapes it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sigap.cases.rules.disclosure import PersonShown
from sigap.core.dates import day_writer
from sigap.core.links import kept_reverse
from sigap.core.templatetags.sigap_phone import phone as phone_text
from sigap.core.templatetags.sigap_urls import url_state

register = template.Library()

CALLS_ALLOWED = "TELEPON_BOLEH"


def phone_html(phone: str, calls: str, calls_label: str) -> str:
    """``includes/phone.html`` (a ``tel:`` link only when the safe-contact rule allows calls), as it renders."""
    if calls == CALLS_ALLOWED:
        return f'\n<a href="tel:{conditional_escape(phone)}">{conditional_escape(phone_text(phone))}</a>\n'
    rule = calls_label if calls else _("Do not call: no safe-contact rule recorded")
    return (
        f"\n<span data-no-call>{conditional_escape(phone_text(phone))}</span> "
        f'<span class="badge text-bg-warning text-wrap text-start">{conditional_escape(rule)}</span>\n'
    )


def _person_actions(shown: PersonShown, case: Any, is_head: bool, urls: tuple[Any, Any]) -> str:
    """``cases/_person_actions.html`` for an open case its reader manages (``urls``: ``url_state`` of the page)."""
    link, (env, app) = shown.link, urls
    name = conditional_escape(shown.name)
    edit = kept_reverse("cases:case_person_edit", (), {"case_id": case.pk, "link_id": link.pk}, app, env)
    out = []
    if shown.school_level_missing:
        out.append(
            f'<div class="mt-1 school-level-missing"><a href="{edit}#id_education">'
            f"{conditional_escape(_('School level not recorded yet: record it'))}</a></div>"
        )
    remove = kept_reverse("cases:case_person_remove", (), {"case_id": case.pk, "link_id": link.pk}, app, env)
    out.append(
        '<div class="mt-1 person-actions">\n'
        f'  <a class="link-secondary" href="{edit}">{conditional_escape(_("Correct"))}'
        f'<span class="visually-hidden"> {name}</span></a>\n'
        f'  · <a class="link-danger" href="{remove}">{conditional_escape(_("Remove"))}'
        f'<span class="visually-hidden"> {name}</span></a>\n  '
    )
    if is_head:
        merge = kept_reverse("cases:person_merge_search", (), {"person_id": link.person_id}, app, env)
        out.append(
            f'· <a class="link-secondary" href="{merge}?kasus={case.pk}">{conditional_escape(_("Merge…"))}'
            f'<span class="visually-hidden"> {name}</span></a>'
        )
    out.append("\n</div>")
    return "".join(out)


@register.simple_tag(takes_context=True)
def case_person_rows(context: template.Context) -> SafeString:
    """The persons table's rows (``<tr>`` each), or its one "No persons recorded yet." row."""
    persons: list[PersonShown] = context["persons"]
    if not persons:
        return mark_safe(  # noqa: S308 - a translation, escaped
            f'<tr><td colspan="4" class="text-body-secondary">{conditional_escape(_("No persons recorded yet."))}</td></tr>'
        )
    case, actions = context["case"], context["actions"]
    day = day_writer()
    manage = actions["can_manage"] and case.is_open
    calls, calls_label = case.contact_calls, None
    urls = url_state(context)
    out = []
    for shown in persons:
        person = shown.link.person
        name: str
        if shown.name_is_pseudonym:
            name = f'<span class="text-body-secondary">{conditional_escape(shown.name)}</span>'
        elif shown.name:
            name = conditional_escape(shown.name)
        else:
            name = f"<em data-unnamed>{conditional_escape(_('name not known yet'))}</em>"
        born: str
        if shown.birth_date:
            born = conditional_escape(day(shown.birth_date))
        elif person.birth_year and not shown.name_is_pseudonym:
            born = f"{'± ' if person.age_estimated else ''}{person.birth_year}"
        else:
            born = "—"
        details = []
        if shown.nik:
            details.append(f"{conditional_escape(_('NIK'))} {conditional_escape(shown.nik)}<br>")
        if shown.phone:
            if calls_label is None:
                calls_label = case.get_contact_calls_display()
            details.append(f"{phone_html(shown.phone, calls, calls_label)}<br>")
        if shown.address:
            details.append(conditional_escape(shown.address))
        if shown.village:
            details.append(f" · {conditional_escape(shown.village)}")
        details.append(f"\n{_person_actions(shown, case, actions['is_head'], urls) if manage else ''}\n")
        out.append(
            f"\n    <tr><td>{conditional_escape(shown.link.get_role_display())}</td><td>{name}</td>\n"
            f"      <td>{born}</td>\n"
            f'      <td class="small">{"".join(details)}</td></tr>\n        '
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def case_consent_items(context: template.Context) -> SafeString:
    """The consent list's items (``<li>`` each), or its one "No consent recorded yet." item."""
    consents = context["casework"]["consents"]
    if not consents:
        return mark_safe(  # noqa: S308 - a translation, escaped
            f'<li class="text-body-secondary">{conditional_escape(_("No consent recorded yet."))}</li>'
        )
    case, can_manage = context["case"], context["actions"]["can_manage"]
    env, app = url_state(context)
    day = day_writer()
    out = []
    for consent in consents:
        agency = f" ({conditional_escape(consent.agency)})" if consent.agency else ""
        victim: str
        if consent.victim_label:
            victim = conditional_escape(consent.victim_label)
        else:
            victim = f"<em data-unnamed>{conditional_escape(_('name not known yet'))}</em>"
        if consent.withdrawn_on:
            state = (
                f'<span class="badge text-bg-secondary">{conditional_escape(_("Withdrawn"))} '
                f"{conditional_escape(day(consent.withdrawn_on))}</span>\n      "
            )
        elif consent.problem:
            state = (
                f'<span class="badge text-bg-danger">{conditional_escape(_("Not valid"))}</span> '
                f'<span class="small">{conditional_escape(consent.problem)}</span>\n      '
            )
        elif can_manage:
            action = kept_reverse(
                "cases:consent_withdraw", (), {"case_id": case.pk, "consent_id": consent.pk}, app, env
            )
            state = (
                f'<form method="post" action="{action}" class="d-inline">{CsrfTokenNode().render(context)}'
                f'<button class="btn btn-link btn-sm p-0" type="submit">{conditional_escape(_("Record withdrawal"))}'
                "</button></form>"
            )
        else:
            state = ""
        out.append(
            f'<li class="mb-1">{conditional_escape(consent.get_scope_display())}{agency} · {victim} · '
            f"{conditional_escape(consent.get_given_by_display())} · {conditional_escape(consent.get_method_display())}"
            f" · {conditional_escape(day(consent.given_on))}\n      {state}</li>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped

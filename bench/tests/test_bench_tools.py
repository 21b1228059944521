"""The benchmark's own helpers: percentiles, the report, the not-built list, the baseline view."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from bench.report import NOT_BUILT, report_md
from bench.stats import Stats, pct


def test_percentiles_pick_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert pct(values, 50) == 51.0 and pct(values, 95) == 95.0 and pct(values, 99) == 99.0
    assert Stats(samples=[3.0, 1.0, 2.0]).summary()["p50"] == 2.0


def test_report_shows_ratios_and_says_every_page_is_measured() -> None:
    result = _result(
        [{"name": "case list", **PAGE, "queries": 4, "floor": {"p50": 1.0, "p95": 2.0}, "seq_scans": []}],
        throughput={"per_second": 50.0, "threads": 4, "requests": 500, "p95_ms": 90.0},
    )
    text = report_md(result)
    assert "| case list | 10.0 | 20.0 | 30.0 | 1.0 / 2.0 (4) | 10.0× | 0.0 | 0.91× | none |" in text  # 20 / (20 + 2)
    # Every page the issue names is built and measured now: nothing is listed as "not built".
    assert NOT_BUILT == [] and "Not built yet" not in text


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.urls")
def test_the_baseline_view_is_behind_the_access_policy(personas) -> None:  # type: ignore[no-untyped-def]
    assert personas.client("head").get("/bench/ping/").status_code == 200
    assert personas.client("intake").get("/bench/ping/").status_code == 403
    assert personas.client("anonymous").get("/bench/ping/").status_code == 302


def test_the_contract_evaluation_scenario_gets_the_busiest_experts_period(personas) -> None:  # type: ignore[no-untyped-def]
    from bench.scenarios import contract_period_ensure
    from sigap.cases.tests.factories import make_case
    from sigap.contracts.models import ContractPeriod

    make_case(personas)  # the expert persona is on its team: the busiest expert of Kukar
    period_id = contract_period_ensure(personas.kukar)
    period = ContractPeriod.objects.get(pk=period_id)
    assert period.contract.expert.user == personas["expert"]
    assert contract_period_ensure(personas.kukar) == period_id  # idempotent
    client = personas.client("head")
    assert client.get(f"/kontrak/periode/{period_id}/").status_code == 200


@pytest.mark.django_db
def test_synthetic_staff_is_made_once_with_an_active_membership(personas) -> None:  # type: ignore[no-untyped-def]
    from bench.scenarios import synthetic_staff_ensure
    from sigap.accounts.models import Membership, Role, User

    unit = personas["head"].membership.unit
    made = synthetic_staff_ensure("syn_test_partner", "Petugas Mitra Sintetis", unit, Role.PARTNER)
    again = synthetic_staff_ensure("syn_test_partner", "Petugas Mitra Sintetis", unit, Role.PARTNER)
    assert made.pk == again.pk and not made.has_usable_password()
    assert User.objects.filter(username="syn_test_partner").count() == 1
    assert list(Membership.objects.filter(user=made, is_active=True).values_list("unit_id", "role")) == [
        (unit.pk, Role.PARTNER)
    ]


def test_call_tree_counts_each_call_under_every_template_node_around_it() -> None:
    from django.template import engines

    from bench.call_tree import count_calls

    template = engines["django"].from_string("{% for i in items %}{% if i %}{{ i }}{% endif %}{% endfor %}")
    total, nodes, _functions = count_calls(lambda: template.render({"items": [1, 2, 3, 0]}))
    loop = nodes["?:1 {% for i in items %}"]
    branch = nodes["?:1 {% if i %}"]
    assert total > loop > branch > 0  # inclusive: the loop counts what its branches call, the request more
    assert nodes["?:1 {% i %}"] < branch


def test_statements_sent_together_are_counted_and_explained_apart() -> None:
    """A page sends some SELECTs as one text (D93): the report counts its statements, not its round trips."""
    from bench.measure import selects, statements_of

    together = 'SELECT COUNT(*) FROM (SELECT "id" FROM "cases_case") counted;\nSELECT "id" FROM "cases_case" LIMIT 25'
    assert statements_of(together) == [
        'SELECT COUNT(*) FROM (SELECT "id" FROM "cases_case") counted',
        'SELECT "id" FROM "cases_case" LIMIT 25',
    ]
    assert len(selects([together, "CREATE TEMPORARY TABLE t AS SELECT 1", 'SELECT 1 FROM "cases_plan"'])) == 3


def test_report_gives_the_ratio_of_the_page_framework_and_floor_measured_in_blocks() -> None:
    """``measure_in_blocks``'s numbers: the page's p95 over the framework view's + the floor's of the same minutes."""
    in_blocks = {
        "page": {"p50": 9.0, "p95": 12.0},
        "framework": {"p50": 3.0, "p95": 4.0},
        "floor": {"p50": 1.0, "p95": 2.0},
    }
    floor = {"p50": 1.0, "p95": 5.0}  # measured minutes later on its own: not the one the blocks' ratio uses
    result = _result(
        [
            {"name": "case detail", **PAGE, "queries": 4, "floor": floor, "in_blocks": in_blocks},
            {"name": "case list", **PAGE, "queries": 4, "floor": floor},
        ]
    )
    text = report_md(result)
    assert "| case detail | 9.0 / 12.0 | 3.0 / 4.0 | 1.0 / 2.0 | 2.00× |" in text  # 12 / (4 + 2)
    assert "| case list | 9.0" not in text  # not measured in blocks: not in that table


def test_blocks_keep_neither_the_first_round_nor_the_first_request_of_a_block() -> None:
    """Each step is timed warm: the request after another step's block (its caches) and the warm-up are dropped."""
    import time

    from bench.loopback import measure_in_blocks

    calls: list[str] = []

    def step(name: str) -> Any:
        def run() -> None:
            calls.append(name)
            # Slow (20 ms) on the first request of each block, fast otherwise: no slow sample may be kept.
            if len(calls) % 4 == 1:
                time.sleep(0.02)

        return run

    page, framework = measure_in_blocks([step("page"), step("framework")], count=6, seconds=30, block=3)
    assert calls[:8] == ["page"] * 4 + ["framework"] * 4  # blocks of 3 kept + 1 dropped, in turn
    assert len(page.samples) == len(framework.samples) == 6  # rounds 2 and 3; round 1 was the warm-up
    assert max(page.samples + framework.samples) < 15


PAGE = {"http": {"p50": 10.0, "p95": 20.0, "p99": 30.0}}


def _result(pages: list[dict[str, Any]], *, throughput: dict[str, float] | None = None) -> dict[str, Any]:
    """A benchmark result as ``bench.run`` writes it: the framework view first, then ``pages``."""
    return {
        "preset": "10k",
        "db": "sqlite",
        "date": "2026-01-01 00:00 UTC",
        "machine": "2 cores",
        "dataset": {"cases": 10},
        "unit_cases": 5,
        "pages": [{"name": "framework: minimal view", **PAGE, "queries": 0}, *pages],
        "throughput": throughput,
        "worker_rss_mb": [90.0, 91.0],
    }

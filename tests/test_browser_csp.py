"""In Chromium: the pages keep the Content-Security-Policy (no violation, no console error), charts draw."""

import pytest

from conftest import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page):
    problems = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return problems


@pytest.mark.parametrize("path", ["/", "/kinh-phi/", "/thong-tin/", "/tai-khoan/dang-nhap/"])
def test_public_pages_raise_no_csp_violation(page, site, path):
    problems = _watch(page)
    response = page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert not problems, problems


def test_the_budget_execution_chart_draws_for_doit_staff_without_a_csp_violation(page, site):
    problems = _watch(page)
    browser_log_in(page, site, "test.doit_staff")
    page.goto(site + "/kinh-phi/thuc-hien/")
    page.wait_for_load_state("networkidle")
    drawn = page.evaluate("() => { const c = document.getElementById('execution-chart');"
                          " return !!(c && window.Chart && Chart.getChart(c)); }")
    assert drawn, "the chart was not set up from static/js/charts.js"
    assert not problems, problems


def test_an_inline_script_would_be_reported(page, site):
    """The watch is not blind: a script injected inline is refused by the policy and seen."""
    problems = _watch(page)
    page.goto(site + "/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                  " document.body.appendChild(s); }")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.x") is None
    assert any("Content Security Policy" in p for p in problems), problems

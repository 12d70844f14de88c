"""Browser tests: Playwright driving Debian's `chromium` from PATH against the live server.

Never Playwright's own browser download. Without chromium these tests skip, except
where they must run (REQUIRE_BROWSER=1 or CI=true), where they fail instead.

Every page a test visits is watched: console errors (CSP violations among them),
failed or 4xx/5xx requests, and any request to a host other than the live server
(blocked, since pages must make no third-party requests) fail the test.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread from the first browser
# test until the session ends; Django would otherwise refuse ORM calls made here,
# by these tests' factories and by every test that runs after them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
MISSING = "chromium not installed: browser tests skipped"
DESKTOP = {"width": 1280, "height": 900}

# Reports CSP violations to the test, whatever page the browser is on.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`
  );
});
"""


def _browser_required():
    def truthy(name):
        return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}

    return truthy("REQUIRE_BROWSER") or truthy("CI")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Lets the page fixture take a screenshot when the test itself failed.
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        if _browser_required():
            pytest.fail(
                "chromium not installed, and browser tests are required here "
                "(REQUIRE_BROWSER=1 or CI=true): apt-get install chromium",
                pytrace=False,
            )
        pytest.skip(MISSING)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageProblems:
    """What went wrong on the pages of one test, beyond what the test asserts."""

    def __init__(self, origin):
        self.origin = origin
        self.console_errors = []
        self.csp_violations = []
        self.failed_requests = []
        self.error_responses = []
        self.third_party_requests = []
        self.responses = []  # "<status> <url>" of every response, for tests to inspect

    def on_console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_csp_violation(self, description):
        self.csp_violations.append(description)

    def on_request_failed(self, request):
        # Third-party requests are reported on their own. ERR_ABORTED is the browser
        # dropping a request it no longer needs (the tab navigated on, or a script
        # cancelled it, as the admin's autocomplete does while typing), not a fault.
        if self._is_third_party(request.url) or request.failure == "net::ERR_ABORTED":
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(self, response):
        self.responses.append(f"{response.status} {response.url}")
        if response.status >= 400:
            self.error_responses.append(
                f"{response.status} {response.request.method} {response.url}"
            )

    def route(self, route):
        url = route.request.url
        if self._is_third_party(url):
            self.third_party_requests.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _is_third_party(self, url):
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"}:
            return False
        return f"{parts.scheme}://{parts.netloc}" != self.origin

    def summary(self):
        found = {
            "console errors": self.console_errors,
            "CSP violations": self.csp_violations,
            "failed requests": self.failed_requests,
            "error responses": self.error_responses,
            "third-party requests (blocked)": self.third_party_requests,
        }
        return {name: items for name, items in found.items() if items}


@pytest.fixture
def site_url(live_server, transactional_db):
    """The live server's address; its database is the one the test writes to."""
    return live_server.url


@pytest.fixture
def page_problems(site_url):
    return PageProblems(urlsplit(site_url)._replace(path="", query="", fragment="").geturl())


@pytest.fixture
def page(request, browser, site_url, page_problems):
    """A fresh browser tab (own cookies) at desktop size; fails the test if any page
    it showed logged errors, broke a request or reached for another host."""
    context = browser.new_context(viewport=DESKTOP, base_url=site_url, locale="en-US")
    context.set_default_timeout(10_000)
    context.route("**/*", page_problems.route)
    context.expose_function("__reportCspViolation", page_problems.on_csp_violation)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()
    tab.on("console", page_problems.on_console)
    tab.on("requestfailed", page_problems.on_request_failed)
    tab.on("response", page_problems.on_response)
    yield tab
    if getattr(request.node, "browser_test_failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=ARTIFACTS / f"failed-{request.node.name}.png", full_page=True)
    context.close()
    problems = page_problems.summary()
    assert not problems, f"the pages this test visited had problems: {problems}"

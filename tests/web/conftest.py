"""Fixtures for the web application's tests.

- `make_user(role, area="", password=None, device=False)`: an account, optionally with a confirmed
  authenticator device (its secret is `user.totp_key`, raw bytes).
- `sign_in(client, user, verified=True)`: a test client signed in as the user, two-factor step
  done (or, with verified=False, only the password step).
- `browser` (session): the system Chromium (/usr/bin/chromium, or $BAIRN_CHROMIUM) driven by
  Playwright; never a downloaded browser. `page`: a fresh context for each test, run once at a
  desktop and once at a phone-sized viewport, against pytest-django's live server, with axe-core
  (from node_modules) injected into every document.
- `assert_accessible(page, label)`: runs axe (WCAG 2.2 AA tags), saves a full-page screenshot to
  test-artefacts/, and fails on any serious or critical violation or any browser console error
  (a Content-Security-Policy violation is one).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("BAIRN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct-horse-battery-staple-7"

# Test accounts for each role (the CPC analyst is scoped to one council to exercise both kinds).
ROLE_ACCOUNTS = {
    "national_analyst": ("national_analyst", ""),
    "cpc_lead": ("cpc_lead", "CPC-ELML"),
    "cpc_analyst": ("cpc_analyst", "S12000019"),
    "programme_owner": ("programme_owner", ""),
    "administrator": ("administrator", ""),
}


@pytest.fixture
def make_user(db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bairn.web.accounts.models import User

    counter = iter(range(1, 10_000))

    def make(role: str, area: str = "", *, password: str | None = None, device: bool = False):
        user = User(username=f"{role.replace('_', '-')}-{next(counter)}", role=role, area_code=area)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        user.totp_key = None
        if device:
            found = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            user.totp_key = found.bin_key
            user.totp_device = found
        return user

    return make


@pytest.fixture
def sign_in():
    def sign(client, user, *, verified: bool = True):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client.force_login(user)
        if verified:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return sign


def totp_now(key: bytes) -> str:
    """The code an authenticator app shows now for a device key (RFC 6238, 30 s, 6 digits)."""
    from django_otp.oath import TOTP

    return f"{TOTP(key).token():06d}"


def sign_in_with_code(page, user) -> None:
    """In the browser: password, then the authenticator code, as a person signs in."""
    from playwright.sync_api import expect

    page.goto("/accounts/sign-in/")
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile("/accounts/two-factor/"))
    page.get_by_label("Code from your authenticator app").fill(totp_now(user.totp_key))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile("/accounts/$"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; run scripts/system-deps.sh (apt-get "
            "install chromium). The browser tests never download a browser of their own."
        )
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}); run scripts/build-assets.sh (npm ci).")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread; the ORM calls the tests
    # make around it are still synchronous, so Django's async-safety check is relaxed here only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def page(browser, live_server, viewport):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("browser tests need PostgreSQL: run them through scripts/run-tests.sh")
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE))
    opened = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        # A page served with an error status (a 404 page) is logged as a failed load; only the
        # document itself may fail like that, never a script, style sheet or image.
        document = message.location.get("url", "") == opened.url
        if message.type == "error" and not (document and "Failed to load" in message.text):
            errors.append(f"{message.text} ({message.location.get('url', '')})")

    opened.on("console", on_console)
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.bairn_errors = errors
    opened.bairn_viewport = viewport
    yield opened
    context.close()


@pytest.fixture
def assert_accessible(artefacts, request):
    def check(page, label: str) -> None:
        page.wait_for_load_state("load")
        test = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
        shot = artefacts / f"web-{test}-{label}.png"
        page.screenshot(path=str(shot), full_page=True)
        result = page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {
                    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
            }""",
            WCAG_TAGS,
        )
        serious = [v for v in result if v["impact"] in ("serious", "critical")]
        assert not serious, (
            f"Accessibility violations on {page.url} ({label}; screenshot {shot}):\n"
            + "\n".join(
                f"  {v['impact']}: {v['id']} – {v['help']} at {v['nodes']}" for v in serious
            )
        )
        assert not page.bairn_errors, f"Browser errors on {page.url}: {page.bairn_errors}"

    return check


STATISTICS_SEED = 3
STATISTICS_START, STATISTICS_END = dt.date(2014, 8, 1), dt.date(2019, 7, 31)


@pytest.fixture(scope="session")
def statistics_folder(tmp_path_factory) -> Path:
    """A small synthetic extract and store (scale 0.2, August 2014 to July 2019: the 2016
    baseline and five statistics years), indicators computed; built once for the session and
    shared by tests/web/statistics and tests/web/reporting, which must not write to it."""
    from bairn import synth
    from bairn.indicators import compute
    from bairn.store import SourceFile, Store
    from bairn.store.files import read_clean_extract

    folder = tmp_path_factory.mktemp("statistics")
    synth.generate(
        folder / "extract", seed=STATISTICS_SEED, scale=0.2, start=STATISTICS_START,
        end=STATISTICS_END,
    )  # fmt: skip
    with Store(folder / "bairn.duckdb") as store:
        frames = read_clean_extract(folder / "extract")
        store.load(frames, files=[SourceFile("synth", "0" * 64)], version="1.1")
        compute(store)
    return folder


@pytest.fixture(scope="session")
def statistics_store(statistics_folder) -> Path:
    return statistics_folder / "bairn.duckdb"

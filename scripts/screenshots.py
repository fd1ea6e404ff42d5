"""Screenshots for the README, from the demo data, in headless Chromium.

    .venv/bin/python scripts/screenshots.py

Starts the portal on a temporary SQLite database with the demo data (`flask demo`),
serves it on 127.0.0.1, and writes:

    docs/screenshots/resident-complaint.png  the resident's page of the acknowledged
                                             complaint with a contact date coming up,
                                             "How we worked this out" opened for the
                                             stage 1 response date, 1024 px wide
    docs/screenshots/resident-complaint-320.png  the resident's page of the answered
                                             complaint on a 320 px phone: the banner
                                             with the response, the sentence it leads
                                             with, the letters by plain name
    docs/screenshots/resident-letter-320.png the web version of that response letter
    docs/screenshots/staff-queue.png         the staff queue, as a case handler sees it
    docs/screenshots/response-letter.png     page 1 of a stage 1 response letter (PDF)
    docs/screenshots/resident-list-320.png   the resident's list of complaints on a
                                             320 px phone (a card per complaint)
    docs/screenshots/adviser-dashboard.png   the adviser's list of the complaints they
                                             follow, with the residents' names and flags
    docs/screenshots/petition-share-320.png  the lead's petition page on a 320 px phone:
                                             the count, the link with "Copy link", text,
                                             WhatsApp, the poster and the QR code
    docs/screenshots/petition-poster.png     the petition's A4 poster (PDF, page 1)

Pages are 1280 pixels wide (the resident's complaint page 1024, the phone ones 320), full
height. `--resident` writes only the resident's complaint pages; `--queue` only the
staff queue and the adviser's dashboard. Needs Debian's Chromium
and poppler-utils (`pdftoppm`), as the browser tests do.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import Settings  # noqa: E402
from portal.data.db import db  # noqa: E402
from portal.data.models import Complaint, Response, User  # noqa: E402
from portal.demo import DEMO_PASSWORD, load_demo  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
WIDTH = 1280
RESIDENT = "resident@demo.example"
HANDLER = "handler@demo.example"
ADVISER = "advocate@demo.example"


def _demo_app(folder: Path):
    settings = Settings(env="development", secret_key="screenshots",
                        database_url=f"sqlite:///{folder / 'demo.sqlite'}")
    app = create_app(settings)
    with app.app_context():
        flask_migrate.upgrade()
        load_demo()
    return app


def _references(app) -> tuple[str, bytes, str, int]:
    """The resident's acknowledged complaint with an agreed contact date, the bytes of the
    resident's stage 1 response letter, that complaint's reference and the letter's id."""
    with app.app_context():
        resident = db.session.scalar(select(User).where(User.email == RESIDENT))
        mine = db.session.scalars(select(Complaint).where(
            Complaint.resident_id == resident.id)).all()
        [acknowledged] = [c for c in mine if c.status == "stage1" and c.agreed_contacts]
        [responded] = [c for c in mine if c.status == "stage1_responded"]
        letter = db.session.scalar(select(Response).where(
            Response.complaint_id == responded.id, Response.kind == "response"))
        return (acknowledged.reference, letter.document.file.data, responded.reference,
                letter.document_id)


def _sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def _resident_pages(browser, url: str, reference: str, answered: str, letter_id: int):
    """The resident's complaint page at 1024 px, and the answered one and its letter's
    web version on a 320 px phone."""
    context = browser.new_context(base_url=url, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    _sign_in(page, RESIDENT)
    page.goto(f"/complaints/{reference}")
    summaries = page.locator(".govuk-details__summary")
    wanted = summaries.filter(has_text="our answer")
    (wanted if wanted.count() else summaries).first.click()
    page.evaluate("document.activeElement.blur()")  # no focus ring in the picture
    page.mouse.move(1023, 0)  # nor a hover underline
    target = OUT / "resident-complaint.png"
    page.screenshot(path=str(target), full_page=True)
    print(f"wrote {target.relative_to(ROOT)} ({reference})")
    context.close()

    context = browser.new_context(base_url=url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    _sign_in(page, RESIDENT)
    for path, name in ((f"/complaints/{answered}", "resident-complaint-320.png"),
                       (f"/complaints/{answered}/documents/{letter_id}/letter",
                        "resident-letter-320.png")):
        page.goto(path)
        page.mouse.move(319, 0)
        target = OUT / name
        page.screenshot(path=str(target), full_page=True)
        print(f"wrote {target.relative_to(ROOT)} ({answered})")
    context.close()


def petition_shots(browser, url: str, folder: Path) -> None:
    """The lead's petition page on a phone, and its poster (issue 15, item 8)."""
    context = browser.new_context(base_url=url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    _sign_in(page, RESIDENT)
    page.goto("/petitions")
    page.locator("a[href^='/petitions/']").filter(has_text="door entry").first.click()
    page.wait_for_load_state("networkidle")
    page.mouse.move(319, 0)
    target = OUT / "petition-share-320.png"
    page.screenshot(path=str(target), full_page=True)
    print(f"wrote {target.relative_to(ROOT)}")
    poster = page.request.get(page.url + "/poster")
    pdf = folder / "poster.pdf"
    pdf.write_bytes(poster.body())
    context.close()
    target = OUT / "petition-poster.png"
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(target.with_suffix(""))], check=True)
    print(f"wrote {target.relative_to(ROOT)}")


def queue_and_dashboard(browser, url: str) -> None:
    """The staff queue as a case handler sees it (a count on every tab), and the
    adviser's list of the complaints they follow."""
    for email, path, name in ((HANDLER, "/staff", "staff-queue.png"),
                              (ADVISER, "/representing", "adviser-dashboard.png")):
        context = browser.new_context(base_url=url, viewport={"width": WIDTH, "height": 900})
        page = context.new_page()
        _sign_in(page, email)
        page.goto(path)
        page.mouse.move(WIDTH - 1, 0)
        target = OUT / name
        page.screenshot(path=str(target), full_page=True)
        print(f"wrote {target.relative_to(ROOT)}")
        context.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    only_resident = "--resident" in sys.argv[1:]
    only_queue = "--queue" in sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as tmp:
        folder = Path(tmp)
        app = _demo_app(folder)
        reference, letter, answered, letter_id = _references(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_ARGS)
                viewport = {"width": WIDTH, "height": 900}
                if only_queue:
                    queue_and_dashboard(browser, url)
                    browser.close()
                    return 0
                _resident_pages(browser, url, reference, answered, letter_id)
                if only_resident:
                    browser.close()
                    return 0

                context = browser.new_context(base_url=url, viewport=viewport)
                page = context.new_page()
                _sign_in(page, HANDLER)
                page.goto("/staff/contact-tasks")
                page.locator("a[href*='/staff/contact-tasks/']").first.click()
                page.mouse.move(WIDTH - 1, 0)
                target = OUT / "staff-work-list-task.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"wrote {target.relative_to(ROOT)}")
                context.close()

                phone = {"width": 320, "height": 640}
                context = browser.new_context(base_url=url, viewport=phone)
                page = context.new_page()
                _sign_in(page, RESIDENT)
                page.goto("/complaints")
                page.mouse.move(319, 0)
                target = OUT / "resident-list-320.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"wrote {target.relative_to(ROOT)}")
                context.close()

                queue_and_dashboard(browser, url)
                petition_shots(browser, url, folder)
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=5)

        pdf = folder / "response.pdf"
        pdf.write_bytes(letter)
        target = OUT / "response-letter.png"
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(target.with_suffix(""))], check=True)
        print(f"wrote {target.relative_to(ROOT)}")
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

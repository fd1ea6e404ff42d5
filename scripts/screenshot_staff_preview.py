"""The staff preview of a stage 1 response (issue 15, item 9), from the demo data.

    .venv/bin/python scripts/screenshot_staff_preview.py

Signs in as the demo case handler, opens the stage 1 response of one of their complaints,
types a decision and reasons for each issue and an apology, presses "Preview the letter"
and writes docs/screenshots/staff-preview.png (1280 pixels wide, full height). Uses the
demo app and Chromium settings of scripts/screenshots.py.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from playwright.sync_api import sync_playwright  # noqa: E402
from screenshots import CHROMIUM, CHROMIUM_ARGS, HANDLER, OUT, WIDTH, _demo_app, _sign_in  # noqa: E402
from sqlalchemy import select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from portal.data.db import db  # noqa: E402
from portal.data.models import Complaint, User  # noqa: E402


def _handlers_complaint(app) -> str:
    with app.app_context():
        handler = db.session.scalar(select(User).where(User.email == HANDLER))
        return db.session.scalars(select(Complaint.reference).where(
            Complaint.handler_id == handler.id, Complaint.status == "stage1")
            .order_by(Complaint.id)).first()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as tmp:
        app = _demo_app(Path(tmp))
        reference = _handlers_complaint(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_ARGS)
                context = browser.new_context(
                    base_url=f"http://127.0.0.1:{server.server_port}",
                    viewport={"width": WIDTH, "height": 900})
                page = context.new_page()
                _sign_in(page, HANDLER)
                page.goto(f"/staff/complaints/{reference}/stage-1-response")
                for index in range(page.locator("input[name$='-decision']").count() // 3):
                    page.check(f"input[name='issues-{index}-decision'][value='upheld']")
                    page.fill(f"textarea[name='issues-{index}-reasons']",
                              "We found the repair was reported twice and not booked.")
                page.fill("textarea[name='apology']",
                          "We are sorry that the repair was not booked when you first told us.")
                if len(sys.argv) > 1:  # also the form itself, beside the complaint, to look at
                    page.mouse.move(WIDTH - 1, 0)
                    page.screenshot(path=sys.argv[1], full_page=True)
                page.get_by_role("button", name="Preview the letter").click()
                page.wait_for_load_state("networkidle")
                page.mouse.move(WIDTH - 1, 0)
                target = OUT / "staff-preview.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"wrote {target.relative_to(ROOT)} ({reference})")
                context.close()
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

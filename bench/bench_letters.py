"""Benchmark: render the stage 1 response letter (2 issues, 3 actions) to PDF.

Run from the repository root:

    .venv/bin/python bench/bench_letters.py

What it times, in one fresh process, through
`portal.services.correspondence.letters.render_pdf` inside an app context (so Jinja
rendering is included, as in the portal):

- `import weasyprint`, timed on its own (render_pdf does it lazily on its first call);
- first render: the first call after that, which makes the shared FontConfiguration and
  decodes the embedded Atkinson Hyperlegible (the first call in a process pays both);
- first large-print render: the first call with `large_print=True` (a warm-up);
- warm renders: --normal (20) normal renders, then --large (10) large-print renders, each
  timed on its own; median, min and max are reported (garbage collection left on, as in
  the portal).

Size is the PDF's size in KB (1 KB = 1,024 bytes) and pages its page count.
"""

from __future__ import annotations

import argparse
import ctypes.util
import io
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

# Run as a script, sys.path[0] is bench/: make the `portal` package importable.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from portal import create_app  # noqa: E402
from portal.config import Settings  # noqa: E402
from portal.domain import ombudsman  # noqa: E402
from portal.services.correspondence import letters  # noqa: E402

TEMPLATE = "documents/response.html"


def stage1_context(settings: Settings) -> dict:
    """A realistic stage 1 response: 2 issues, an apology, compensation, 3 actions."""
    return {
        "landlord": settings,
        "ombudsman": ombudsman,
        "recipient": {
            "name": "Ann Advocate",
            "address_lines": ["Citizens Advice Riverside", "12 High Street", "London", "E2 2BB"],
        },
        "on_behalf_of": "Jo Resident",
        "reference": "CMP-2026-000123",
        "issued_on": date(2026, 5, 21),
        "received_on": date(2026, 5, 7),
        "stage": 1,
        "stage_name": "Stage 1 response",
        "issues": [
            {
                "summary": "Repair to the bathroom leak took too long",
                "definition": "You told us that you first reported a leak from the bathroom "
                "ceiling on 2 March 2026 and that it was not fixed until 28 April 2026. You "
                "want the leak fixed for good and compensation for the damage.",
                "decision": "upheld",
                "decision_label": "Upheld",
                "reasons": "Our records show the first report on 2 March 2026. Our target "
                "for this kind of repair is 20 working days. We missed two appointments and "
                "did not tell you why.\n\nThe repair took 41 working days, which is far "
                "longer than it should have.",
            },
            {
                "summary": "Staff were rude on the phone",
                "definition": "You told us that a member of our contact centre team was rude "
                "to you on 10 April 2026.",
                "decision": "not_upheld",
                "decision_label": "Not upheld",
                "reasons": "We listened to the recording of the call. The adviser was polite "
                "and explained the next steps clearly.",
            },
        ],
        "apology": "We are sorry that the leak took so long to fix and that we did not keep "
        "you informed.",
        "explanation": "The first two appointments were missed because the contractor had "
        "no roofer available.",
        "compensation": "£150.00",
        "actions": [
            {"description": "Pay £150.00 compensation into your rent account",
             "owner": "Income team", "due_on": date(2026, 6, 4)},
            {"description": "Inspect the ceiling again and redecorate the bathroom",
             "owner": "Repairs team (Sam Patel)", "due_on": date(2026, 6, 18)},
            {"description": "Check the roof above your flat for the cause of the leak",
             "owner": "Contractor: Acme Roofing", "due_on": date(2026, 6, 25)},
        ],
        "learning": "We are changing how we book roofing work so that a missed appointment "
        "is rebooked within 2 working days and the resident is told why.",
        "next_steps": {
            "can_escalate": True,
            "escalate_to": "stage 2",
            "escalate_by": date(2026, 6, 4),
            "escalate_by_explained": "That is 10 working days after the date of this letter.",
            "reasons_required": False,
            "how": "Phone us, email us or use the portal, quoting your reference.",
            "final": False,
            "building_safety_regulator": False,
        },
        "signed_by": {"name": "Priya Shah", "role": "Complaints Officer"},
    }


def render_ms(context: dict, large_print: bool) -> tuple[float, bytes]:
    start = time.perf_counter()
    pdf = letters.render_pdf(TEMPLATE, context, large_print=large_print)
    return (time.perf_counter() - start) * 1000, pdf


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--normal", type=int, default=20, help="warm normal renders (20)")
    parser.add_argument("--large", type=int, default=10, help="warm large-print renders (10)")
    args = parser.parse_args(argv)

    if "weasyprint" in sys.modules:  # the first render must pay the import
        raise SystemExit("weasyprint is already imported: the first render would be wrong")
    settings = Settings(env="test", secret_key="bench", database_url="sqlite://")
    app = create_app(settings)
    context = stage1_context(settings)

    start = time.perf_counter()
    import weasyprint  # what render_pdf's first call does lazily, timed on its own

    import_ms = (time.perf_counter() - start) * 1000
    with app.app_context():
        first_ms, first_pdf = render_ms(context, large_print=False)
        first_large_ms, _ = render_ms(context, large_print=True)
        normal = [render_ms(context, large_print=False) for _ in range(args.normal)]
        large = [render_ms(context, large_print=True) for _ in range(args.large)]

    fonts = "Atkinson Hyperlegible" if letters.font_faces() else "DejaVu Sans (fallback)"
    subset = "yes" if ctypes.util.find_library("harfbuzz-subset") else "no"
    print(f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
          f"{os.cpu_count()} CPUs, libharfbuzz-subset: {subset}, font: {fonts}")
    print(f"import weasyprint:                  {import_ms:8.1f} ms")
    print(f"first render (fonts loaded):        {first_ms:8.1f} ms  "
          f"{len(first_pdf) / 1024:5.1f} KB  {pages(first_pdf)} pages")
    print(f"first call in a process, in all:    {import_ms + first_ms:8.1f} ms")
    print(f"first large-print render:           {first_large_ms:8.1f} ms")
    print()
    print("| letter                 | renders | median ms | min ms | max ms | size KB | pages |")
    print("|------------------------|---------|-----------|--------|--------|---------|-------|")
    for name, runs in (("stage 1, normal", normal), ("stage 1, large print", large)):
        if not runs:
            continue
        times = [ms for ms, _ in runs]
        pdf = runs[-1][1]
        print(f"| {name:<22} | {len(runs):>7} | {statistics.median(times):>9.1f} | "
              f"{min(times):>6.1f} | {max(times):>6.1f} | {len(pdf) / 1024:>7.1f} | "
              f"{pages(pdf):>5} |")


if __name__ == "__main__":
    main()

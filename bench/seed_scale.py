"""Seed a landlord-scale database: N complaints (100,000 by default) in the portal's own
tables, fast, for the scale benchmark (bench/bench_scale.py).

Run from the repository root:

    .venv/bin/python bench/seed_scale.py --database-url sqlite:////tmp/scale.sqlite
    .venv/bin/python bench/seed_scale.py --database-url postgresql+psycopg://... --complaints 5000

The database must be empty (or not exist yet, for SQLite): the schema is made by the
portal's migrations (`flask_migrate.upgrade`, as `flask --app wsgi db upgrade` does), then
every row is written with SQLAlchemy Core bulk inserts (`executemany` in chunks) into the
tables of `portal.data.models`, primary keys chosen here (PostgreSQL sequences are moved
past them afterwards). Deterministic: the same --seed, --complaints and --today give the
same rows.

What it writes, for N complaints (figures at N = 100,000):

- users: 20 staff (1 administrator, 2 customer services, 10 case handlers, 4 reviewers,
  3 complaints managers), 30,000 residents (0.3 per complaint, at least 500: name, email,
  phone, address, postcode, ~20 households a postcode), 30 representatives. Every account
  has the password `bench-password-1`, hashed once with werkzeug's
  `generate_password_hash` (what `services.accounts.users.create_staff` does) and shared.
- complaints over the 3 years before --today, profile hos-code-2024: ~17% open (received,
  stage1, stage1_responded, stage2_requested, stage2, stage2_responded, passed_back: the
  OPEN statuses of portal/domain/lifecycle.py, less the Panel's), the rest closed (after
  stage 1 or stage 2, resolved at first contact), withdrawn or not_accepted, with
  closed_on and closed_reason. Dates are working days from the England calendar: an
  acknowledgement 0-6 working days after receipt, stage 1 responses 4-12 after that,
  ~10% extended, ~22% of responded complaints going to stage 2; open complaints are
  recent, so some are due today and some overdue. Handlers and reviewers assigned.
- issues (1-3 a complaint, with definitions and decisions once acknowledged/responded);
  events (~10 a complaint, so ~1M: the past-tense kinds `events.record(...)` writes, with
  the same summaries and payloads); contact logs and agreed contact dates (some kept,
  some still owed); responses for every responded or refused complaint, each with a
  `response_letter`/`refusal_letter` document. ONE real stage 1 letter is rendered with
  WeasyPrint (bench/bench_letters.py's context), stored once in stored_files by SHA-256,
  and every letter document points at it, as the portal's content addressing allows;
  promised actions on some responses; survey answers on some closed complaints;
  authorities (verified, pending, revoked); the per-year reference counters, so a
  complaint sent afterwards gets the next reference.
- fixtures the benchmark signs in as and searches for, printed and returned (and written
  to --fixtures JSON): a resident (`resident@bench.example`) with 4 complaints (one
  responded, with its letter), an advocate (`advocate@bench.example`, kind
  representative) with verified authorities covering several residents' complaints,
  200 residents `submitter1..200@bench.example` for the concurrent submissions, and a
  case handler `handler1@staff.bench.example`.

After seeding, if the portal has a `flask deadlines rebuild` command (the deadline read
model), it is run on the database; if not, that is said and skipped.

Not written: outbox emails, work-list tasks, petitions, evidence uploads, drafts.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for path in (ROOT, BENCH):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from portal.data.accounts import name_keys, postcode_key  # noqa: E402

# Bump when the rows written here change, so cached databases are made again.
SEED_VERSION = 2
SEED = 20261201
PASSWORD = "bench-password-1"
PROFILE = "hos-code-2024"
CHUNK = 2_000  # complaints per bulk insert round

STAFF = (
    [("administrator", "Ade Administrator", "admin1")]
    + [("customer_services", n, f"services{i}") for i, n in
       enumerate(["Carys Counter", "Dev Desai"], 1)]
    + [("case_handler", n, f"handler{i}") for i, n in enumerate(
        ["Hannah Hughes", "Ibrahim Idris", "Jess Jarvis", "Kwame Kyei", "Lena Lindqvist",
         "Marcus Moore", "Niamh Nolan", "Omar Osei", "Priti Patel", "Rory Reid"], 1)]
    + [("reviewer", n, f"reviewer{i}") for i, n in
       enumerate(["Ruth Rowe", "Sanjay Sethi", "Tess Turner", "Uma Usman"], 1)]
    + [("complaints_manager", n, f"manager{i}") for i, n in
       enumerate(["Maya Mensah", "Neil Norris", "Olu Ogunleye"], 1)]
)

FIRST = ("Aaliyah Abdul Adam Agnieszka Ahmed Aisha Alan Alice Amara Amir Ana Andrew Angela "
         "Anita Ann Barbara Ben Bernadette Bilal Bogdan Brian Carol Catherine Chloe Chris "
         "Claire Colin Dariusz Daniel David Deborah Declan Denise Dimitri Donna Ebony Edward "
         "Eileen Elena Emily Emma Fatima Femi Fiona Francesca Gary George Grace Graham Hassan "
         "Helen Ian Imran Irene Jack Jade James Jamal Janet Jason Jean Joan John Joseph Joy "
         "Julie Karen Kate Kevin Khadija Kofi Laura Leanne Liam Linda Lucy Luke Mandeep "
         "Margaret Maria Mark Mary Michael Mohammed Nadia Natalie Nicola Noor Oliver Pamela "
         "Patricia Paul Peter Precious Rachel Rajesh Rebecca Richard Rita Robert Rosa Ruth "
         "Ryan Samina Sandra Sarah Sean Shanice Sharon Simon Sophie Stephen Susan Tariq Teresa "
         "Thomas Tina Tomasz Tracey Valerie Victoria Wayne Yasmin Yusuf Zainab Zofia").split()
LAST = ("Adams Ahmed Akhtar Ali Allen Anderson Asante Bailey Baker Begum Bell Bennett Boateng "
        "Brown Campbell Carter Chen Clarke Collins Cook Cooper Cox Davies Davis Dixon Doherty "
        "Edwards Evans Fernandes Fisher Fitzgerald Foster Francis Gallagher Garcia Gordon Gray "
        "Green Hall Harris Hassan Hill Hughes Hussain Islam Jackson James Johnson Jones Kaur "
        "Kelly Khan King Kowalski Lee Lewis Lopez Malik Martin Mason Mensah Miah Mitchell Moore "
        "Morgan Morris Murphy Murray Nowak Obi O'Brien Okafor Owusu Palmer Parker Patel Phillips "
        "Powell Price Rahman Reid Richards Roberts Robinson Rodriguez Ryan Santos Scott Shah "
        "Simpson Singh Smith Stewart Taylor Thomas Thompson Turner Walker Walsh Ward Watson "
        "White Williams Wilson Wood Wright Yilmaz Young").split()
STREETS = ("Mill Lane,Orchard Road,Wharf Street,Chestnut Close,Canal Walk,Station Road,"
           "Church Street,Victoria Road,Albert Terrace,Park View,Brook Street,Cedar Grove,"
           "Elm Road,Hawthorn Way,Kingsland Road,Lea Bridge Road,Mare Street,Old Ford Road,"
           "Queens Road,Rye Lane,Peckham Park Road,Walworth Road,Coldharbour Lane,"
           "Harrow Road,Ladbroke Grove,Seven Sisters Road,Holloway Road,Green Lanes,"
           "Tottenham High Road,Commercial Road,Burdett Road,Roman Road,Bow Common Lane").split(",")
BLOCKS = ("Riverside Court,Canal House,Beacon Tower,Clarence House,Fairfield House,"
          "Gateway Court,Heron Point,Jubilee Court,Kestrel House,Linden Court,Meridian House,"
          "Nightingale House,Oak Court,Pelham Tower,Rowan House,Swift House").split(",")
DISTRICTS = ("E1 E2 E3 E5 E8 E9 E14 E15 E16 N1 N4 N7 N15 N16 N17 N19 SE1 SE5 SE8 SE11 SE14 "
             "SE15 SE16 SE17 SW2 SW8 SW9 SW11 W2 W9 W10 W12 NW1 NW5 NW6 NW10").split()
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

CATEGORIES = [("repairs", 45), ("asb_handling", 10), ("staff_conduct", 8), ("rent_charges", 12),
              ("building_safety", 5), ("neighbourhood", 10), ("other", 10)]
CONTACT = [("email", 70), ("phone", 15), ("letter", 10), ("text", 5)]
OPEN_MIX = [("received", 2.0), ("stage1", 8.5), ("stage1_responded", 3.0),
            ("stage2_requested", 0.7), ("stage2", 2.0), ("stage2_responded", 0.5),
            ("passed_back", 0.3)]
CLOSED_MIX = [("closed", 72.0), ("withdrawn", 6.5), ("not_accepted", 4.5)]
ISSUES = {
    "repairs": ["Leak from the bathroom ceiling not fixed", "Boiler broke down again",
                "Damp and mould in the bedroom", "Broken window not repaired",
                "Repair appointments missed", "Kitchen units falling apart",
                "No hot water for two weeks", "Lift out of order for a month"],
    "asb_handling": ["Noise from the flat above not dealt with",
                     "Reports of drug dealing ignored", "Neighbour's dog barking all night"],
    "staff_conduct": ["Staff were rude on the phone", "Officer did not turn up to a visit",
                      "Nobody called me back"],
    "rent_charges": ["Service charge went up without explanation",
                     "Rent account shows arrears I do not owe", "Charged for a repair twice"],
    "building_safety": ["Fire door on the landing does not close",
                        "Smoke alarm not working", "Cladding works not finished"],
    "neighbourhood": ["Rubbish not collected from the bin store",
                      "Communal garden not maintained", "Car park lights broken"],
    "other": ["Letter sent to the wrong address", "Parking permit refused",
              "Transfer application lost"],
}
DETAILS = [
    "I first reported this in the spring and was told someone would come within 20 working "
    "days. Nobody came and I had to phone again three times. Each time I was given a new job "
    "number and told it would be passed on.",
    "My children are sleeping in the living room because of it. I have sent photos and the "
    "surveyor agreed it needed doing, but the works were cancelled without telling me.",
    "The contractor came once, looked, and left saying a different trade was needed. Since "
    "then nothing has happened and I have taken two days off work to wait in.",
    "I have lived here for eleven years and never complained before. I am asking for this "
    "to be taken seriously because it is affecting my health and my neighbour's too.",
    "When I called, the person I spoke to said it was not their department and put the phone "
    "down. I would like an apology and for someone to explain what will happen next.",
]
OUTCOMES = ["Fix it properly and tell me when it will be done.",
            "An apology and compensation for the time I have had to take off work.",
            "A named person to keep me updated until it is finished.",
            "Refund the charge and correct my rent account.",
            "Inspect the whole block and put right what is wrong."]
REASONS = ["Our records show the first report and that we missed our target for this kind "
           "of repair. We did not keep you informed.",
           "We checked the job history and the notes of the calls. The work was done within "
           "our target, but we accept that we did not explain the delay.",
           "We listened to the recording of the call. The adviser was polite and explained "
           "the next steps clearly."]
# Events that tell the resident something: a task on the work list for someone who asked
# for letters, calls or texts (services.correspondence.worklist).
TOLD_BY_TASK = {"complaint_acknowledged": "We have acknowledged your complaint",
                "stage1_responded": "Our response to your complaint",
                "stage2_responded": "Our stage 2 response to your complaint",
                "complaint_closed": "Your complaint is closed"}
DECISIONS = [("upheld", 45), ("partially_upheld", 30), ("not_upheld", 25)]
CONTACT_WORDS = {"phone": "Phone call", "email": "Email", "letter": "Letter",
                 "visit": "Home visit", "meeting": "Meeting", "text": "Text message"}
NOTES = ["Called to introduce myself and talk through the issues.",
         "Visited to see the damage; photos on file.",
         "Updated the resident on the contractor's date.",
         "Left a voicemail asking for a call back.",
         "Resident asked for written updates from now on."]


def long_date(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)

    def pick() -> str:
        return values[bisect.bisect_right(cumulative, rng.random() * total)]

    return pick


# -- the schema and the read model -----------------------------------------------------------


def _app(database_url: str):
    from portal import create_app
    from portal.config import Settings

    return create_app(Settings(env="test", secret_key="bench-seed", database_url=database_url))


def migrate(database_url: str) -> None:
    """The schema, by the portal's migrations (what `flask --app wsgi db upgrade` does)."""
    import flask_migrate

    app = _app(database_url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))


def flask_env(database_url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, PORTAL_ENV="test",
               PORTAL_SECRET_KEY="bench-seed", FLASK_APP="wsgi")
    env.pop("FLASK_DEBUG", None)
    return env


def has_deadlines_rebuild(database_url: str) -> bool:
    """Whether `flask deadlines` is a group with a `rebuild` subcommand."""
    result = subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "deadlines",
                             "--help"], cwd=ROOT, env=flask_env(database_url),
                            capture_output=True, text=True)
    if result.returncode != 0 or "Commands:" not in result.stdout:
        return False
    commands = result.stdout.split("Commands:", 1)[1].split()
    return "rebuild" in commands


def deadlines_rebuild(database_url: str, log=print) -> float | None:
    """Run `flask deadlines rebuild` if the portal has it; seconds taken, or None."""
    if not has_deadlines_rebuild(database_url):
        log("flask deadlines rebuild: not in this version of the portal (no deadline read "
            "model yet), skipped")
        return None
    start = time.perf_counter()
    result = subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "deadlines",
                             "rebuild"], cwd=ROOT, env=flask_env(database_url),
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"flask deadlines rebuild failed:\n{result.stdout}\n{result.stderr}")
    tail = (result.stdout.strip().splitlines() or [""])[-1]
    log(f"flask deadlines rebuild: {seconds:.1f} s  {tail}")
    return seconds


def deadlines_verify(database_url: str, log=print) -> bool | None:
    """Run `flask deadlines verify` (every open complaint's next due date worked out from
    scratch and compared with the stored one); True if none differ, None if the portal
    has no such command."""
    if not has_deadlines_rebuild(database_url):
        return None
    start = time.perf_counter()
    result = subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "deadlines",
                             "verify"], cwd=ROOT, env=flask_env(database_url),
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    tail = (result.stdout.strip().splitlines() or [""])[-1]
    log(f"flask deadlines verify: {seconds:.1f} s, exit {result.returncode}: {tail}")
    return result.returncode == 0


def render_letter(database_url: str) -> bytes:
    """One real stage 1 response letter (the one bench_letters.py renders)."""
    from bench_letters import stage1_context

    from portal.services.correspondence import letters

    app = _app(database_url)
    with app.app_context():
        return letters.render_pdf("documents/response.html",
                                  stage1_context(app.config["PORTAL"]))


# -- working days --------------------------------------------------------------------------


class Days:
    """Working-day arithmetic by index into a list of working days (England)."""

    def __init__(self, today: date) -> None:
        from portal.domain.calendar import WorkingCalendar

        calendar = WorkingCalendar("ENG")
        first, last = today - timedelta(days=4 * 366), today + timedelta(days=400)
        self.ordinals = [o for o in range(first.toordinal(), last.toordinal() + 1)
                         if calendar.is_working_day(date.fromordinal(o))]
        self.today = today

    def index(self, d: date) -> int:
        """The index of the last working day on or before d."""
        return bisect.bisect_right(self.ordinals, d.toordinal()) - 1

    def add(self, d: date, n: int) -> date:
        """n working days after (before, n < 0) the last working day on or before d."""
        return date.fromordinal(self.ordinals[self.index(d) + n])


# -- the seeder ------------------------------------------------------------------------------


class Seeder:
    def __init__(self, complaints: int, seed: int, today: date, now: datetime) -> None:
        self.n = complaints
        self.rng = random.Random(seed)
        self.today = today
        self.now = now
        self.days = Days(today)
        self.residents = max(500, round(complaints * 0.3))
        self.ids: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.staff: dict[str, list[int]] = {}
        self.names: dict[int, str] = {}

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def instant(self, d: date, lo: int = 8, hi: int = 17) -> datetime:
        """An instant on date d (UTC, daytime)."""
        return datetime(d.year, d.month, d.day, self.rng.randint(lo, hi - 1),
                        self.rng.randint(0, 59), self.rng.randint(0, 59), tzinfo=UTC)

    def at(self, d: date, lo: int = 8, hi: int = 17) -> datetime:
        """An instant on date d, never after the time of seeding. Nothing drawn from the
        random stream depends on that time, so the rows are the same all day."""
        earlier = self.now - timedelta(minutes=self.rng.randint(1, 120))
        return min(self.instant(d, lo, hi), earlier)

    # -- people --------------------------------------------------------------------------

    def people(self, password_hash: str) -> tuple[list[dict], dict]:
        rng = self.rng
        rows = []
        created = self.now - timedelta(days=5 * 365)

        def user(email, name, kind, role=None, phone=None, address=None, postcode=None):
            uid = self.next_id("users")
            name_key, surname_key = name_keys(name)  # what the ORM's insert hook would write
            rows.append({"id": uid, "email": email, "password_hash": password_hash,
                         "name": name, "kind": kind, "staff_role": role, "phone": phone,
                         "address": address, "postcode": postcode, "name_key": name_key,
                         "surname_key": surname_key, "postcode_key": postcode_key(postcode),
                         "email_verified_at": created, "is_active": True,
                         "session_version": 1, "created_at": created})
            self.names[uid] = name
            return uid

        for role, name, local in STAFF:
            self.staff.setdefault(role, []).append(
                user(f"{local}@staff.bench.example", name, "staff", role))
        postcodes = sorted({f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}"
                            f"{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
                            for _ in range(max(50, self.residents // 20))})
        fixture_postcode = "SE15 4QN"
        self.resident_ids = []
        self.resident_postcode = {}
        for i in range(self.residents):
            if i == 0:
                name, email = "Morwenna Quillfeather", "resident@bench.example"
                postcode = fixture_postcode
            else:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                email = (f"submitter{i}@bench.example" if i <= 200 else
                         f"{name.lower().replace(' ', '.').replace(chr(39), '')}.{i}"
                         "@residents.example")
                # a few neighbours share the fixture's postcode, as a postcode's households do
                postcode = fixture_postcode if i % 997 == 0 else rng.choice(postcodes)
            if rng.random() < 0.6:
                address = (f"Flat {rng.randint(1, 120)}, {rng.choice(BLOCKS)}, "
                           f"{rng.randint(1, 200)} {rng.choice(STREETS)}, London")
            else:
                address = f"{rng.randint(1, 300)} {rng.choice(STREETS)}, London"
            phone = f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.7 else None
            uid = user(email, name, "resident", phone=phone, address=address,
                       postcode=postcode)
            self.resident_ids.append(uid)
            self.resident_postcode[uid] = postcode
        self.representatives = [user("advocate@bench.example", "Sam Okonkwo-Bench",
                                     "representative")]
        for i in range(2, 31):
            self.representatives.append(user(
                f"representative{i}@bench.example",
                f"{rng.choice(FIRST)} {rng.choice(LAST)}", "representative"))
        self.counts["users"] = len(rows)
        fixtures = {"resident_id": self.resident_ids[0], "postcode": fixture_postcode,
                    "name": "Morwenna Quillfeather", "surname": "Quillfeather"}
        return rows, fixtures

    # -- complaint plans: status and dates ----------------------------------------------------

    def plan(self, status: str | None = None, resident: int | None = None) -> dict:
        rng, add, today = self.rng, self.days.add, self.today
        if status is None:
            status = (self.pick_open() if rng.random() < 0.17 else self.pick_closed())
        p = {"status": status, "stage": 1, "resident": resident or rng.choice(self.resident_ids),
             "closed_reason": None, "closed_on": None, "path": status}
        d = dict.fromkeys(("acknowledged_on", "stage1_extended_to", "stage1_sent_on",
                           "stage2_requested_on", "stage2_acknowledged_on",
                           "stage2_extended_to", "stage2_sent_on"))
        p.update(d)

        def stage1_before(sent: date) -> None:
            p["stage1_sent_on"] = sent
            p["acknowledged_on"] = add(sent, -rng.randint(4, 12))
            p["received_on"] = add(p["acknowledged_on"], -rng.randint(0, 5))
            if rng.random() < 0.10:
                p["stage1_extended_to"] = add(add(p["acknowledged_on"], 10), rng.randint(2, 10))

        def stage2_before(acknowledged: date) -> None:
            p["stage2_acknowledged_on"] = acknowledged
            p["stage2_requested_on"] = add(acknowledged, -rng.randint(0, 5))
            stage1_before(add(p["stage2_requested_on"], -rng.randint(1, 20)))
            p["stage"] = 2

        if status == "received":
            p["received_on"] = add(today, -rng.randint(0, 7))
        elif status == "stage1":
            p["acknowledged_on"] = add(today, -rng.randint(0, 14))
            p["received_on"] = add(p["acknowledged_on"], -rng.randint(0, 5))
            if rng.random() < 0.12:
                p["stage1_extended_to"] = add(add(p["acknowledged_on"], 10), rng.randint(2, 10))
        elif status == "stage1_responded":
            stage1_before(add(today, -rng.randint(0, 25)))
        elif status == "stage2_requested":
            p["stage2_requested_on"] = add(today, -rng.randint(0, 7))
            stage1_before(add(p["stage2_requested_on"], -rng.randint(1, 20)))
            p["stage"] = 2
        elif status == "stage2":
            stage2_before(add(today, -rng.randint(0, 24)))
            if rng.random() < 0.10:
                p["stage2_extended_to"] = add(add(p["stage2_acknowledged_on"], 20),
                                              rng.randint(2, 20))
        elif status in ("stage2_responded", "passed_back"):
            p["stage2_sent_on"] = add(today, -rng.randint(0, 20))
            stage2_before(add(p["stage2_sent_on"], -rng.randint(8, 22)))
        else:
            for _ in range(20):  # a closed path that ended before today
                self.closed_path(p, status)
                if p["closed_on"] < today:
                    break
            else:
                raise RuntimeError("could not place a closed complaint")
        p["order"] = self.instant(p["received_on"], 0, 24)
        p["received_at"] = min(p["order"], self.now - timedelta(minutes=1))
        return p

    def closed_path(self, p: dict, status: str) -> None:
        rng, add = self.rng, self.days.add
        for key in ("acknowledged_on", "stage1_extended_to", "stage1_sent_on",
                    "stage2_requested_on", "stage2_acknowledged_on", "stage2_extended_to",
                    "stage2_sent_on"):
            p[key] = None
        p["stage"] = 1
        received = self.today - timedelta(days=rng.randint(3, 3 * 365))
        p["received_on"] = received
        if status == "not_accepted":
            p["closed_on"] = add(received, rng.randint(1, 6))
            p["closed_reason"], p["path"] = "not_accepted", "refused"
            return
        if status == "withdrawn":
            p["closed_reason"], p["path"] = "withdrawn", "withdrawn"
            if rng.random() < 0.5:
                p["closed_on"] = add(received, rng.randint(0, 4))
            else:
                p["acknowledged_on"] = add(received, rng.randint(1, 5))
                p["closed_on"] = add(p["acknowledged_on"], rng.randint(1, 10))
            return
        if rng.random() < 0.15:
            p["acknowledged_on"] = p["closed_on"] = add(received, rng.randint(0, 3))
            p["closed_reason"], p["path"] = "resolved_first_contact", "first_contact"
            return
        p["acknowledged_on"] = add(received, rng.randint(0, 6))
        if rng.random() < 0.10:
            p["stage1_extended_to"] = add(add(p["acknowledged_on"], 10), rng.randint(2, 10))
            p["stage1_sent_on"] = add(p["acknowledged_on"], rng.randint(8, 18))
        else:
            p["stage1_sent_on"] = add(p["acknowledged_on"], rng.randint(4, 12))
        if rng.random() < 0.78:
            p["closed_on"] = add(p["stage1_sent_on"], rng.randint(1, 25))
            p["closed_reason"] = rng.choice(("resident_satisfied", "closed_by_staff",
                                             "resident_satisfied", "closed_by_staff",
                                             "no_reply"))
            p["path"] = "closed_stage1"
            return
        p["stage"] = 2
        p["stage2_requested_on"] = add(p["stage1_sent_on"], rng.randint(1, 20))
        p["stage2_acknowledged_on"] = add(p["stage2_requested_on"], rng.randint(1, 6))
        if rng.random() < 0.08:
            p["stage2_extended_to"] = add(add(p["stage2_acknowledged_on"], 20),
                                          rng.randint(2, 20))
        p["stage2_sent_on"] = add(p["stage2_acknowledged_on"], rng.randint(12, 22))
        p["closed_on"] = add(p["stage2_sent_on"], rng.randint(1, 30))
        p["closed_reason"] = rng.choice(("closed_by_staff", "resident_satisfied"))
        p["path"] = "closed_stage2"

    # -- rows for one complaint --------------------------------------------------------------

    def rows(self, cid: int, reference: str, p: dict, out: dict[str, list]) -> dict:
        rng, add, today = self.rng, self.days.add, self.today
        resident = p["resident"]
        handlers = self.staff["case_handler"] + self.staff["complaints_manager"][:1]
        handler = rng.choice(handlers) if p["acknowledged_on"] else None
        reviewer = rng.choice(self.staff["reviewer"]) if p["stage2_acknowledged_on"] else None
        manager = rng.choice(self.staff["complaints_manager"])
        category = self.pick_category()
        contact = self.pick_contact()
        adjustments = ["large_print"] if rng.random() < 0.05 else []
        events: list[tuple] = []  # (at, kind, actor, summary, payload, internal)

        def event(at, kind, actor, summary, internal=False, **payload):
            events.append((at, kind, actor, summary,
                           {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                            for k, v in payload.items()}, internal))

        # issues
        n_issues = rng.choice((1, 1, 1, 2, 2, 3))
        issue_ids = []
        decided = p["stage1_sent_on"] is not None
        decided2 = p["stage2_sent_on"] is not None
        for position in range(1, n_issues + 1):
            iid = self.next_id("issues")
            issue_ids.append(iid)
            summary = rng.choice(ISSUES[category])
            outcome = rng.choice(OUTCOMES)
            out["issues"].append({
                "id": iid, "complaint_id": cid, "position": position, "summary": summary,
                "details": rng.choice(DETAILS),
                "happened_on": p["received_on"] - timedelta(days=rng.randint(5, 200)),
                "aware_on": None, "outcome_wanted": outcome,
                "definition": (f"{summary}.\n\nThe outcome you are looking for: {outcome}"
                               if p["acknowledged_on"] else None),
                "decision": self.pick_decision() if decided else None,
                "reasons": rng.choice(REASONS) if decided else None,
                "stage2_unresolved": None, "stage2_outcome_wanted": None,
                "stage2_definition": summary if p["stage2_acknowledged_on"] else None,
                "stage2_decision": self.pick_decision() if decided2 else None,
                "stage2_reasons": rng.choice(REASONS) if decided2 else None,
            })

        event(p["received_at"], "complaint_submitted",
              resident, f"Complaint received with {n_issues} issue"
              f"{'s' if n_issues > 1 else ''}", issues=n_issues, screening=[])
        if rng.random() < 0.3:
            event(self.at(add(p["received_on"], rng.randint(0, 3))), "information_added",
                  resident, "Added more information", text="Some more detail.", files=[])

        if p["path"] == "refused":
            self.letter(cid, reference, manager, p["closed_on"], "refusal", out, event)
        if p["acknowledged_on"]:
            ack_actor = rng.choice((handler, manager, *self.staff["customer_services"]))
            event(self.at(p["acknowledged_on"]), "complaint_acknowledged", ack_actor,
                  "Complaint acknowledged and logged at stage 1. Case handler: "
                  f"{self.names[handler]}", handler_id=handler)
        # stage 1 casework: contacts and agreed dates between acknowledgement and response
        if p["acknowledged_on"] and p["path"] not in ("first_contact",):
            end = p["stage1_sent_on"] or min(p["closed_on"] or today, today)
            self.casework(cid, p["acknowledged_on"], end, handler, out, event,
                          is_open=p["stage1_sent_on"] is None and p["closed_on"] is None)
            if rng.random() < 0.08:
                other = rng.choice([h for h in handlers if h != handler])
                event(self.at(p["acknowledged_on"]), "handler_changed", manager,
                      f"Case handler changed to {self.names[other]}. Reason: workload",
                      handler_id=other, previous=self.names[handler], reason="workload")
                handler = other
        if p["stage1_extended_to"]:
            when = add(p["acknowledged_on"], rng.randint(3, 9))
            if when < today:
                event(self.at(when), "stage1_extended", handler,
                      f"Stage 1 response date extended to {long_date(p['stage1_extended_to'])}."
                      " Reason: we are waiting for a surveyor's report",
                      new_on=p["stage1_extended_to"], previous=add(p["acknowledged_on"], 10),
                      reason="we are waiting for a surveyor's report")
        if p["stage1_sent_on"]:
            self.letter(cid, reference, handler, p["stage1_sent_on"], "stage1", out, event,
                        issue_ids=issue_ids)
        if p["stage2_requested_on"]:
            event(self.at(p["stage2_requested_on"]), "stage2_requested", resident,
                  "You asked for a review (stage 2)", late=False, reasons_given=False,
                  reopened=False, text=None)
        if p["stage2_acknowledged_on"]:
            event(self.at(p["stage2_acknowledged_on"]), "stage2_acknowledged", reviewer,
                  f"Review (stage 2) acknowledged. Reviewer: {self.names[reviewer]}",
                  reviewer_id=reviewer)
            end = p["stage2_sent_on"] or today
            self.casework(cid, p["stage2_acknowledged_on"], end, reviewer, out, event,
                          is_open=p["stage2_sent_on"] is None, least=1, most=4)
            if p["stage2_extended_to"]:
                when = add(p["stage2_acknowledged_on"], rng.randint(5, 15))
                if when < today:
                    event(self.at(when), "stage2_extended", reviewer,
                          "Stage 2 response date extended to "
                          f"{long_date(p['stage2_extended_to'])}. Reason: an independent "
                          "inspection is booked", new_on=p["stage2_extended_to"],
                          reason="an independent inspection is booked")
        if p["stage2_sent_on"]:
            self.letter(cid, reference, reviewer, p["stage2_sent_on"], "stage2", out, event,
                        issue_ids=issue_ids)
            if p["status"] == "passed_back" or (p["path"] == "closed_stage2"
                                                and rng.random() < 0.2):
                event(self.at(add(p["stage2_sent_on"], 1)), "stage2_passed_back", reviewer,
                      f"Passed back to {self.names[handler]}, your case handler, to complete "
                      "the actions the review agreed with you. The complaint will then be "
                      "closed", handler_id=handler, note="Complete the repair")
        # the end
        closed_on, reason = p["closed_on"], p["closed_reason"]
        if reason == "withdrawn":
            event(self.at(closed_on), "complaint_withdrawn", resident,
                  "The complaint was withdrawn", reason="")
        elif reason == "resolved_first_contact":
            handler = handler or manager
            event(self.at(closed_on), "complaint_resolved_first_contact", handler,
                  "Resolved at first contact: booked the repair for the next day",
                  what_was_done="booked the repair for the next day")
        elif reason == "resident_satisfied":
            event(self.at(closed_on), "complaint_closed", resident,
                  "Closed: you told us you are satisfied", reason="resident_satisfied")
        elif reason == "closed_by_staff":
            event(self.at(closed_on), "complaint_closed", handler or manager,
                  "Complaint closed. Reason: the actions agreed are done",
                  reason="the actions agreed are done")
        elif reason == "no_reply":
            event(self.at(closed_on, 6, 7), "complaint_closed", None,
                  "Complaint closed: we sent our stage 1 response on "
                  f"{long_date(p['stage1_sent_on'])} and did not hear back.",
                  reason="no_reply")
        if reason in ("resident_satisfied", "closed_by_staff") and rng.random() < 0.3:
            satisfied = reason == "resident_satisfied" or rng.random() < 0.4
            when = self.at(add(closed_on, rng.randint(0, 5)))
            out["survey_responses"].append({
                "id": self.next_id("survey_responses"), "complaint_id": cid,
                "satisfied": satisfied, "answers": {"kept_informed": "agree"},
                "created_at": when})
            event(when, "survey_answered", resident, "You told us you were "
                  + ("" if satisfied else "not ") + "satisfied with how we handled your "
                  "complaint", satisfied=satisfied)

        if contact != "email":  # told through the staff work list: a task done per letter
            name = self.names[resident]
            services = self.staff["customer_services"]
            for at, kind, *_ in [e for e in events if e[1] in TOLD_BY_TASK]:
                day = add(at.date(), rng.randint(0, 2))
                if day > today:
                    continue
                when = self.at(day)
                subject = TOLD_BY_TASK[kind]
                if contact == "letter":
                    event(when, "contact_task_done", rng.choice(services),
                          f"Letter posted: {subject}", method="letter", to=name,
                          outcome=None)
                else:
                    words = f"Phoned {name}" if contact == "phone" else f"Text sent to {name}"
                    event(when, "contact_task_done", rng.choice(services),
                          f"{words}: told them", internal=True, method=contact, to=name,
                          subject=subject)
        # In the order things happened: by day, then as written above (cause before
        # effect); instants made non-decreasing so ids and times agree.
        order = sorted(range(len(events)), key=lambda i: (events[i][0].date(), i))
        previous = None
        for i in order:
            at, kind, actor, summary, payload, internal = events[i]
            if previous is not None and at <= previous:
                at = previous + timedelta(seconds=20)
            previous = at
            out["events"].append({"id": self.next_id("events"), "complaint_id": cid, "at": at,
                                  "actor_id": actor, "kind": kind, "internal": internal,
                                  "summary": summary, "payload": payload})
        return {
            "id": cid, "reference": reference, "resident_id": resident,
            "submitted_by_id": resident, "status": p["status"], "stage": p["stage"],
            "category": category, "profile": PROFILE, "contact_method": contact,
            "contact_times": None,
            "contact_phone": "07700 900123" if contact in ("phone", "text") else None,
            "adjustments": adjustments, "adjustments_detail": None, "vulnerability": None,
            "screening": [], "handler_id": handler, "reviewer_id": reviewer,
            "received_at": p["received_at"], "received_on": p["received_on"],
            "acknowledged_on": p["acknowledged_on"],
            "stage1_extended_to": p["stage1_extended_to"],
            "stage1_sent_on": p["stage1_sent_on"],
            "stage2_requested_on": p["stage2_requested_on"],
            "stage2_acknowledged_on": p["stage2_acknowledged_on"],
            "stage2_extended_to": p["stage2_extended_to"],
            "stage2_sent_on": p["stage2_sent_on"], "closed_on": closed_on,
            "closed_reason": reason, "stage2_reasons": None, "stage2_outcome_wanted": None,
            "stage2_late": False, "stage2_late_reason": None, "stage2_late_decision": None,
            "stage2_declined_on": None, "panel_requested_on": None, "panel_meeting_on": None,
            "panel_met_on": None, "panel_members": [], "panel_sent_on": None,
            "escalated_to_bsr_on": None, "petition_id": None, "joined_into_id": None,
            "councillor_enquiry": False, "version": 1 + len(events),
        }

    def casework(self, cid, start: date, end: date, actor, out, event, *, is_open: bool,
                 least: int = 2, most: int = 6) -> None:
        """Contacts logged and contact dates agreed between start and end."""
        rng, add, today = self.rng, self.days.add, self.today
        span = max(0, self.days.index(end) - self.days.index(start))
        for _ in range(rng.randint(least, most)):
            day = add(start, rng.randint(0, span)) if span else start
            if day > today:
                continue
            method = rng.choice(("phone", "phone", "email", "visit", "letter"))
            shared = rng.random() < 0.7
            at = self.at(day)
            out["contact_logs"].append({
                "id": self.next_id("contact_logs"), "complaint_id": cid, "happened_at": at,
                "method": method, "notes": rng.choice(NOTES), "shared": shared, "by_id": actor})
            event(at, "contact_logged", actor, f"{CONTACT_WORDS[method]} recorded"
                  + ("" if shared else " (internal note)"), internal=not shared, method=method)
        if rng.random() < (0.45 if is_open else 0.35):
            agreed_on = add(start, rng.randint(0, max(0, span // 2)))
            if agreed_on > today:
                return
            due = (add(today, rng.randint(-3, 8)) if is_open
                   else add(agreed_on, rng.randint(1, 5)))
            due = max(due, agreed_on)
            method = rng.choice(("phone", "phone", "email", "visit"))
            at = self.at(agreed_on)
            out["agreed_contacts"].append({
                "id": self.next_id("agreed_contacts"), "complaint_id": cid, "due_on": due,
                "method": method, "agreed_at": at, "agreed_by_id": actor})
            event(at, "contact_date_agreed", actor,
                  f"Next contact agreed: {CONTACT_WORDS[method].lower()} by {long_date(due)}",
                  due_on=due, method=method)
            if not is_open and agreed_on < due <= today:  # kept: a contact on the day
                kept = self.at(due)
                out["contact_logs"].append({
                    "id": self.next_id("contact_logs"), "complaint_id": cid,
                    "happened_at": kept, "method": method, "notes": rng.choice(NOTES),
                    "shared": True, "by_id": actor})
                event(kept, "contact_logged", actor, f"{CONTACT_WORDS[method]} recorded",
                      method=method)

    def letter(self, cid, reference, actor, on: date, kind: str, out, event,
               issue_ids=()) -> None:
        """A response (or refusal) and its letter document, pointing at the one stored PDF."""
        rng = self.rng
        at = self.at(on)
        doc_kind, file, stage = {
            "stage1": ("response_letter", "stage-1-response", 1),
            "stage2": ("response_letter", "stage-2-response", 2),
            "refusal": ("refusal_letter", "refusal", 1),
        }[kind]
        document = self.next_id("documents")
        out["documents"].append({
            "id": document, "complaint_id": cid, "draft_id": None, "kind": doc_kind,
            "filename": f"{reference}-{file}.pdf", "content_type": "application/pdf",
            "file_id": 1, "internal": False, "uploaded_by_id": actor, "created_at": at})
        response = self.next_id("responses")
        if kind == "refusal":
            content = {"reasons": ["over_12_months"], "detail": "Made long after the problem."}
        else:
            content = {"issues": [{"id": i, "decision": "upheld"} for i in issue_ids],
                       "apology": "We are sorry.", "explanation": "", "compensation": None,
                       "learning": "We are changing how we book repairs.", "actions": []}
        out["responses"].append({
            "id": response, "complaint_id": cid, "stage": stage,
            "kind": "refusal" if kind == "refusal" else "response", "issued_at": at,
            "issued_by_id": actor, "content": content, "document_id": document,
            "large_print_document_id": None})
        if kind == "refusal":
            event(at, "complaint_refused", actor, "Not accepted as a complaint: Made more "
                  "than 12 months after the problem", reasons=["over_12_months"], detail="",
                  document_id=document)
            return
        actions = rng.choice((0, 0, 0, 1, 2))
        for n in range(actions):
            due = self.days.add(on, rng.randint(5, 30))
            out["actions"].append({
                "id": self.next_id("actions"), "complaint_id": cid, "response_id": response,
                "description": f"Complete the repair (action {n + 1})",
                "owner": "Repairs team", "due_on": due,
                "done_on": due if due < self.today and rng.random() < 0.8 else None})
        name = "Stage 1 response" if stage == 1 else "Stage 2 response"
        event(at, f"stage{stage}_responded", actor, f"{name} sent. Upheld", stage=stage,
              response_document_id=document, decisions={}, compensation=None,
              actions=actions)

    # -- authorities ---------------------------------------------------------------------

    def authorities(self, by_resident: dict[int, list[int]], manager: int) -> list[dict]:
        rng = self.rng
        rows = []
        decided = self.now - timedelta(days=30)
        expires = self.today + timedelta(days=365)

        def authority(rep, resident, scope, complaint=None, status="verified"):
            rows.append({
                "id": self.next_id("authorities"), "representative_id": rep,
                "resident_id": resident, "resident_name": self.names[resident],
                "resident_email": None, "resident_address": None,
                "resident_postcode": self.resident_postcode[resident],
                "relationship_kind": "advocate", "organisation": "Citizens Advice Riverside",
                "scope": scope, "complaint_id": complaint,
                "expires_on": expires if scope == "all" else None, "status": status,
                "method": "letter", "letter_document_id": None, "correspondence_to": "both",
                "decided_by_id": manager if status != "pending" else None,
                "decided_at": decided if status != "pending" else None,
                "rejection_reason": None,
                "revoked_at": decided if status == "revoked" else None,
                "revoked_by_id": manager if status == "revoked" else None,
                "created_at": decided - timedelta(days=5)})

        advocate = self.representatives[0]
        for resident in self.advocate_residents:
            authority(advocate, resident, "all")
        authority(advocate, self.advocate_single[0], "complaint",
                  complaint=self.advocate_single[1])
        with_complaints = [r for r, cs in by_resident.items() if cs]
        for rep in self.representatives[1:]:
            for _ in range(10):
                resident = rng.choice(with_complaints)
                status = rng.choice(("verified", "verified", "verified", "pending", "revoked"))
                if rng.random() < 0.5:
                    authority(rep, resident, "all", status=status)
                else:
                    authority(rep, resident, "complaint",
                              complaint=rng.choice(by_resident[resident]), status=status)
        return rows

    # -- pickers (set up once) ----------------------------------------------------------------

    def setup_pickers(self) -> None:
        rng = self.rng
        self.pick_open = _weighted(rng, OPEN_MIX)
        self.pick_closed = _weighted(rng, CLOSED_MIX)
        self.pick_category = _weighted(rng, CATEGORIES)
        self.pick_contact = _weighted(rng, CONTACT)
        self.pick_decision = _weighted(rng, DECISIONS)


TABLE_ORDER = ["issues", "events", "contact_logs", "agreed_contacts", "documents",
               "responses", "actions", "survey_responses"]


def seed(database_url: str, complaints: int = 100_000, *, seed_value: int = SEED,
         today: date | None = None, log=print) -> dict:
    """Migrate the (empty) database and seed it; returns the fixtures."""
    from sqlalchemy import create_engine, func, insert, select, text
    from werkzeug.security import generate_password_hash

    from portal.data import models as m
    from portal.domain.calendar import london_date

    timings: dict[str, float] = {}
    started = time.perf_counter()
    now = datetime.now(UTC)
    today = today or london_date(now)
    if today != london_date(now):
        now = datetime(today.year, today.month, today.day, 18, 0, tzinfo=UTC)

    engine = create_engine(database_url)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        from sqlalchemy import inspect

        if "complaints" in inspect(conn).get_table_names():
            if conn.scalar(select(func.count()).select_from(m.Complaint.__table__)):
                raise SystemExit(f"{database_url} already has complaints: seed an empty one")

    step = time.perf_counter()
    migrate(database_url)
    timings["migrate"] = time.perf_counter() - step

    step = time.perf_counter()
    pdf = render_letter(database_url)
    timings["render one letter"] = time.perf_counter() - step

    seeder = Seeder(complaints, seed_value, today, now)
    seeder.setup_pickers()
    password_hash = generate_password_hash(PASSWORD)
    step = time.perf_counter()
    users, fixtures = seeder.people(password_hash)

    # Plans, with the fixtures' complaints forced: the resident's 4, the advocate's residents'.
    plans = [seeder.plan("stage1_responded", fixtures["resident_id"]),
             seeder.plan("stage1", fixtures["resident_id"]),
             seeder.plan("closed", fixtures["resident_id"]),
             seeder.plan("received", fixtures["resident_id"])]
    seeder.advocate_residents = seeder.resident_ids[201:204]
    for resident in seeder.advocate_residents:
        plans += [seeder.plan("stage1", resident), seeder.plan("stage1_responded", resident),
                  seeder.plan("closed", resident)]
    single = seeder.resident_ids[204]
    plans.append(seeder.plan("stage2", single))
    forced = len(plans)
    plans += [seeder.plan() for _ in range(complaints - forced)]
    # The fixtures' complaints are mixed in; everything numbered in the order received.
    plans.sort(key=lambda p: p["order"])
    timings["plan"] = time.perf_counter() - step

    counters: dict[int, int] = {}
    by_resident: dict[int, list[int]] = {}
    totals = dict.fromkeys(["complaints", *TABLE_ORDER], 0)
    conn = engine.connect()
    if sqlite:
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
        conn.exec_driver_sql("PRAGMA journal_mode=MEMORY")
        conn.exec_driver_sql("PRAGMA cache_size=-200000")
        conn.commit()
    tables = {t: m.Complaint.metadata.tables[t] for t in
              ["users", "stored_files", "complaints", "authorities", "counters", *TABLE_ORDER]}
    insert_seconds = 0.0
    try:
        step = time.perf_counter()
        with conn.begin():
            conn.execute(insert(tables["users"]), users)
            conn.execute(insert(tables["stored_files"]), [{
                "id": 1, "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf),
                "data": pdf, "created_at": now}])
        insert_seconds += time.perf_counter() - step
        generate_seconds = 0.0
        fixture_refs: dict[int, list[str]] = {}
        interesting = {fixtures["resident_id"], single, *seeder.advocate_residents}
        page_document = None
        for start in range(0, complaints, CHUNK):
            step = time.perf_counter()
            out = {t: [] for t in TABLE_ORDER}
            rows = []
            for offset, p in enumerate(plans[start:start + CHUNK]):
                cid = start + offset + 1
                year = p["received_on"].year
                counters[year] = counters.get(year, 0) + 1
                reference = f"CMP-{year}-{counters[year]:06d}"
                documents_before = len(out["documents"])
                rows.append(seeder.rows(cid, reference, p, out))
                by_resident.setdefault(p["resident"], []).append(cid)
                if p["resident"] in interesting:
                    fixture_refs.setdefault(p["resident"], []).append((reference, p["status"]))
                    if (p["resident"] == fixtures["resident_id"]
                            and p["status"] == "stage1_responded"):
                        page_document = (reference, out["documents"][documents_before]["id"])
                    if p["resident"] == single:
                        seeder.advocate_single = (single, cid)
            generate_seconds += time.perf_counter() - step
            step = time.perf_counter()
            with conn.begin():
                conn.execute(insert(tables["complaints"]), rows)
                totals["complaints"] += len(rows)
                for table in TABLE_ORDER:
                    if out[table]:
                        conn.execute(insert(tables[table]), out[table])
                        totals[table] += len(out[table])
            insert_seconds += time.perf_counter() - step
            done = start + len(rows)
            if done % 20_000 == 0 or done == complaints:
                log(f"  {done:,} complaints, {totals['events']:,} events "
                    f"({time.perf_counter() - started:.0f} s)")
        step = time.perf_counter()
        authorities = seeder.authorities(by_resident, seeder.staff["complaints_manager"][0])
        with conn.begin():
            conn.execute(insert(tables["authorities"]), authorities)
            conn.execute(insert(tables["counters"]), [
                {"name": f"complaint-{year}", "value": value}
                for year, value in sorted(counters.items())])
            if not sqlite:
                for table in ["users", "stored_files", "complaints", "authorities",
                              *TABLE_ORDER]:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
        insert_seconds += time.perf_counter() - step
        totals["authorities"] = len(authorities)
        timings["generate rows"] = generate_seconds
        timings["bulk insert"] = insert_seconds
    finally:
        conn.close()
    if not sqlite:
        step = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
        timings["vacuum analyze"] = time.perf_counter() - step
    engine.dispose()

    step = time.perf_counter()
    rebuilt = deadlines_rebuild(database_url, log)
    if rebuilt is not None:
        timings["deadlines rebuild"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started

    resident_refs = fixture_refs[fixtures["resident_id"]]
    advocate_refs = [ref for r in seeder.advocate_residents for ref, _ in fixture_refs[r]]
    advocate_refs.append(fixture_refs[single][0][0])
    result = {
        "seed_version": SEED_VERSION, "seed": seed_value, "complaints": complaints,
        "today": today.isoformat(), "password": PASSWORD,
        "staff": {"email": "handler1@staff.bench.example", "role": "case_handler"},
        "manager": {"email": "manager1@staff.bench.example"},
        "resident": {"email": "resident@bench.example", "name": fixtures["name"],
                     "postcode": fixtures["postcode"],
                     "complaints": [{"reference": r, "status": s} for r, s in resident_refs],
                     "page_reference": page_document[0], "document_id": page_document[1]},
        "advocate": {"email": "advocate@bench.example", "covers": advocate_refs},
        "search": {"reference": page_document[0], "postcode": fixtures["postcode"],
                   "name": fixtures["surname"]},
        "submitters": [f"submitter{i}@bench.example" for i in range(1, 201)],
        "rows": {"users": len(users), **totals},
        "timings": {k: round(v, 2) for k, v in timings.items()},
    }
    open_count = sum(1 for p in plans if p["status"] not in ("closed", "withdrawn",
                                                                 "not_accepted"))
    result["rows"]["open complaints"] = open_count
    log(f"seeded {complaints:,} complaints ({open_count:,} open, "
        f"{100 * open_count / complaints:.1f}%) in {timings['total']:.1f} s: "
        + ", ".join(f"{k} {v:,}" for k, v in result["rows"].items()))
    log("  timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    log(f"  events per complaint: {totals['events'] / complaints:.1f}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True,
                        help="e.g. sqlite:////tmp/scale.sqlite or postgresql+psycopg://...")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the day the data is seeded for (default: today, London)")
    parser.add_argument("--fixtures", type=Path, help="write the fixtures here as JSON")
    args = parser.parse_args(argv)
    if args.complaints < 50:
        parser.error("--complaints must be at least 50")
    result = seed(args.database_url, args.complaints, seed_value=args.seed, today=args.today)
    if args.fixtures:
        args.fixtures.write_text(json.dumps(result, indent=2))
    print(json.dumps({k: result[k] for k in ("resident", "advocate", "search", "staff")},
                     indent=2))


if __name__ == "__main__":
    main()

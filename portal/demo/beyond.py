"""Beyond stage 1 in the demo: a review under way and a final response with actions
(stage 2), a representative acting with verified authority and one still being checked,
and petitions, one submitted and one collecting signatures.

Every step goes through the same services a person's click would (review, casework,
representation, petitions), on the day the scenario says, as the package docstring
describes. A stage 2 step is taken by Rita Evans, the reviewer, who had no part in stage 1
(Code 6.13: the service refuses anyone who had).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Action, Complaint
from portal.data.representation import Authority, Petition
from portal.demo._builder import ActingFor, Builder, letter_pdf
from portal.demo._people import REPRESENTATIVES
from portal.services.actions import tracking
from portal.services.records.documents import check_upload
from portal.services.representation import casework as staff_representation
from portal.services.representation import petitions
from portal.services.responses import respond as responses
from portal.services.review import casework as review_casework
from portal.services.review import ombudsman
from portal.services.review import request as review
from portal.services.stage1 import restrictions, safeguarding


class Beyond(Builder):
    # stage 2 -------------------------------------------------------------------------------

    def ask_for_review(self, complaint: Complaint, day, who: str, reasons: str, outcome: str,
                       issues: list[tuple[str, str]]) -> None:
        """The resident asks for a review, with their reasons (required by some profiles,
        never by the Code) and what is still unresolved on each issue."""
        request = review.ReviewRequest(
            reasons=reasons, outcome=outcome,
            issues=[review.IssueAnswer(issue.id, unresolved, wanted) for issue, (unresolved,
                    wanted) in zip(complaint.issues, issues, strict=True)])
        with self.on(complaint, day, 19, 45):
            review.request_review(complaint, self.people[who], request, on=day)

    def acknowledge_review(self, complaint: Complaint, day, definitions: list[str]) -> None:
        with self.on(complaint, day, 10, 15):
            review_casework.acknowledge_stage2(
                self.people["reviewer"], complaint, **self.versions(complaint), on=day,
                reviewer_id=self.people["reviewer"].id,
                definitions={i.id: d for i, d in zip(complaint.issues, definitions,
                                                     strict=True)})

    def final_response(self) -> None:
        complaint = self.submit("marek", self.ago(46), category="repairs", issues=[
            {"summary": "Leak through the bathroom ceiling",
             "details": "Every time it rains, water comes through my bathroom ceiling from "
                        "the roof. The ceiling is stained and the paint is peeling off.",
             "days_before": 70,
             "outcome_wanted": "Repair the roof and then the ceiling."},
            {"summary": "Mould in the bathroom",
             "details": "Black mould has grown around the window and on the ceiling where "
                        "the water comes in.", "days_before": 30,
             "outcome_wanted": "Treat the mould and stop it coming back."},
        ], hour=18)
        self.acknowledge(complaint, self.ago(45), by="services", handler="handler2",
                         definitions=[
                             "Rain comes through your bathroom ceiling from the roof. You "
                             "want the roof repaired, then the ceiling.",
                             "Mould has grown in your bathroom where the water comes in. "
                             "You want it treated and stopped from coming back."])
        self.contact(complaint, self.ago(43), by="handler2", method="phone",
                     notes="Called Mr Nowak. A surveyor will inspect the roof on the next "
                           "rainy day.", hour=10)
        self.respond(complaint, self.ago(36), by="handler2", decisions=[
            ("not_upheld", "Our surveyor inspected the roof on the day of the heaviest rain "
                           "and found no defect. The stain may be from an old leak."),
            ("partially_upheld", "There is mould around the window. It is caused by "
                                 "condensation, and we have sent you advice on ventilation."),
        ], explanation="We found no fault with the roof. We will look again if the leak "
                       "comes back.")
        self.ask_for_review(
            complaint, self.ago(33), "marek",
            reasons="It rained on Sunday and the water came through again. Your surveyor "
                    "looked at the roof from the street and never came up to the flat.",
            outcome="Send someone onto the roof, and fix the ceiling once it is dry.",
            issues=[("The leak is still happening.", "A roofer on the roof, not a look from "
                                                     "the ground."),
                    ("The mould is where the water comes in, not from condensation.",
                     "Treat it after the leak is fixed.")])
        self.acknowledge_review(complaint, self.ago(31), definitions=[
            "Rain still comes through your bathroom ceiling, and you do not accept our "
            "survey, which was done from the ground. You want a roofer to inspect the roof "
            "itself and the ceiling repaired once it is dry.",
            "The mould in your bathroom is where the water comes in, not from condensation "
            "as we said. You want it treated once the leak is fixed."])
        self.contact(complaint, self.ago(28), by="reviewer", method="visit",
                     notes="Visited Mr Nowak with a roofer. Three slipped tiles above the "
                           "bathroom, and the felt beneath them is torn.", hour=11)
        self.respond(complaint, self.ago(24), by="reviewer", stage=2, hour=16, decisions=[
            ("upheld", "The roofer found slipped tiles and torn felt right above your "
                       "bathroom. Our first survey should have inspected the roof itself."),
            ("upheld", "The mould is from the leak, not from condensation. Our stage 1 "
                       "response was wrong to say otherwise."),
        ], apology="We are sorry that we did not believe you the first time, and that you "
                   "had to live with the leak for longer because of it.",
            explanation="The roof is being repaired and the bathroom ceiling will be "
                        "repaired and repainted once it has dried out.",
            compensation=Decimal("250"),
            actions=[responses.ActionPlan("Replace the slipped tiles and torn felt above the "
                                         "bathroom", "Roofing contractor", self.ago(14)),
                     responses.ActionPlan("Repair and repaint the bathroom ceiling, and treat "
                                         "the mould", "Repairs team", self.ahead(10))],
            learning="Surveys of a reported roof leak now include going onto the roof or "
                     "using a drone, not a look from the ground.")
        [done, _open] = sorted(db.session.scalars(select(Action).where(
            Action.complaint_id == complaint.id)), key=lambda a: a.due_on)
        with self.on(complaint, self.ago(16), 15, 0):
            tracking.complete_action(
                self.people["handler2"], done, **self.versions(complaint),
                done_on=self.ago(16), on=self.ago(16),
                note="The roofer replaced the tiles and the felt. We checked the bathroom "
                     "after the rain on Friday and it was dry.")
        with self.on(complaint, self.ago(6), 9, 15):
            ombudsman.record_investigation(self.people["manager"], complaint,
                                           **self.versions(complaint), started_on=self.ago(6),
                                           ombudsman_reference="202600417", on=self.ago(6))
        self.created(complaint, "stage 2 response sent (the final response, PDF), £250, "
                                "one action done and one still to do; the Housing Ombudsman "
                                "is investigating")

    def stage2_in_review(self) -> None:
        complaint = self.submit("jo", self.ago(24), category="repairs", issues=[
            {"summary": "Bedroom window will not close",
             "details": "The window in my son's bedroom will not close and the frame is "
                        "rotten. It was boarded up in October and nobody has come back.",
             "days_before": 40,
             "outcome_wanted": "Replace the window."},
            {"summary": "Told different things on the phone",
             "details": "The repairs line told me once that the window is not your "
                        "responsibility, and then that it is on a list.", "days_before": 15,
             "outcome_wanted": "A clear answer, and an apology."},
        ], hour=20)
        self.acknowledge(complaint, self.ago(23), by="services", handler="handler",
                         definitions=[
                             "The window in your son's bedroom will not close, the frame "
                             "is rotten and it has been boarded up. You want it replaced.",
                             "The repairs line gave you two different answers about the "
                             "window. You want a clear answer and an apology."])
        self.contact(complaint, self.ago(21), by="handler", method="phone",
                     notes="Called Ms Bloggs. The windows contractor will measure up on "
                           "Thursday.", hour=10)
        self.respond(complaint, self.ago(14), by="handler", decisions=[
            ("partially_upheld", "The window is ours to repair. A new one has been ordered, "
                                 "but the supplier needs eight weeks to make it."),
            ("not_upheld", "Our call notes say you were told the window was on the list for "
                           "replacement both times."),
        ], explanation="The board will stay until the new window is fitted.",
            actions=[responses.ActionPlan("Fit a new window in the bedroom",
                                         "Windows contractor", self.ahead(25))])
        self.ask_for_review(
            complaint, self.ago(8), "jo",
            reasons="Eight weeks is too long: the board lets the cold in and my son has "
                    "asthma. And I was told two different things: I have the dates and "
                    "times of both calls.",
            outcome="Fit a temporary window now, and listen to the recordings of my calls.",
            issues=[("Eight more weeks with a board over the window.",
                     "A temporary window until the new one is made."),
                    ("You say I was told the same thing both times. I was not.",
                     "Listen to the call recordings.")])
        self.acknowledge_review(complaint, self.ago(5), definitions=[
            "Your son's bedroom window is boarded up and the new one will take eight weeks. "
            "You want a temporary window fitted until then.",
            "You were told two different things by the repairs line, and you do not accept "
            "our stage 1 finding. You want us to listen to the recordings of your calls."])
        with self.on(complaint, self.ago(4), 10, 30):
            safeguarding.flag(self.people["handler"], complaint, **self.versions(complaint),
                              on=self.ago(4),
                              reason="A boarded-up window in a child's bedroom for eight more "
                                     "weeks: the room is cold and dark, and the board is loose.")
        self.created(complaint, "at stage 2: review asked for with reasons, acknowledged by "
                                "the reviewer, response due in the coming weeks; flagged as "
                                "a safeguarding concern")

    # a restriction for unreasonable behaviour ------------------------------------------------

    def restricted(self) -> None:
        """Marek Nowak: written contact only, proposed by one complaints manager and
        approved by the other (the default profile's approver, never the proposer), so
        his calls become letters and every page about him shows it."""
        complaint = db.session.scalar(select(Complaint).where(
            Complaint.resident_id == self.people["marek"].id).order_by(Complaint.id))
        restriction = restrictions.propose(
            self.people["manager"], complaint, kind="written_only",
            behaviour="Several calls a day to different officers about the roof, two of "
                      "them abusive to the call handler, after the final response.",
            detail="Contact us by letter, by email or through your online account. We "
                   "will not take or make calls, except to report a repair or a risk.",
            starts_on=self.today)
        restrictions.approve(self.people["manager2"], restriction, version=restriction.version)
        self.said.append(f"restriction {restriction.reference}: written contact only, in "
                         f"force ({self.people['marek'].name})")

    # representatives -------------------------------------------------------------------------

    def authority_letter(self, resident: str, until: str, day) -> tuple[str, ...]:
        person, advocate = self.people[resident], self.people["advocate"]
        return ("Letter of authority", "",
                f"I, {person.name}, of {person.address} {person.postcode},",
                f"give my permission for {advocate.name} of {REPRESENTATIVES[0].organisation}",
                f"to act for me in {until},",
                "and to receive copies of the letters you send me.", "",
                f"Signed: {person.name}", f"Date: {day.day} {day:%B %Y}")

    def represented(self) -> None:
        received = self.ago(5)
        expires = self.today + timedelta(weeks=26)
        complaint = self.submit("priya", received, category="rent_charges", issues=[
            {"summary": "Arrears on my rent account that are not mine",
             "details": "Housing Benefit has been paid to you every four weeks since "
                        "January, but my rent account shows £640 of arrears and I have had a "
                        "warning letter about possession.", "days_before": 21,
             "outcome_wanted": "Correct my rent account and withdraw the warning letter."},
            {"summary": "Rent letters not in large print",
             "details": "I asked for large print two years ago. Letters about my rent still "
                        "come in small print and I cannot read them.", "days_before": 21,
             "outcome_wanted": "Send every letter in large print."},
        ], adjustments=("large_print",), contact_method="phone", contact_times="After 4pm",
            vulnerability="I have a visual impairment.", hour=14, acting_for=ActingFor(
                by="advocate", scope="all", expires_on=expires,
                letter=self.authority_letter(
                    "priya", f"all my complaints to my landlord until {expires.day} "
                    f"{expires:%B %Y}", received)))
        authority = db.session.scalar(select(Authority).where(
            Authority.complaint_id == complaint.id))
        day = self.ago(4)
        with self.on(complaint, day, 10, 30):
            staff_representation.verify_authority(
                self.people["services"], authority, scope="all", expires_on=expires, on=day)
            authority.decided_at = self.instant(day, 10, 30)
        self.acknowledge(complaint, day, by="services", handler="handler2", definitions=[
            "Your rent account shows £640 of arrears although Housing Benefit has been paid, "
            "and you were sent a warning letter. You want the account corrected and the "
            "letter withdrawn.",
            "Letters about your rent are not in large print, which you asked for. You want "
            "every letter in large print."])
        self.contact(complaint, self.ago(2), by="handler2", method="phone",
                     notes="Spoke to Sam Okafor at Citizens Advice. We have asked the council "
                           "for the Housing Benefit schedule; the warning letter is on hold "
                           "meanwhile. Will call Sam and Ms Shah with the result.",
                     next_on=self.ahead(3), next_method="phone", hour=16)
        self.created(complaint, "made by Sam Okafor (Citizens Advice) for the resident, "
                                "authority verified for all her complaints, large print")

    def authority_pending(self) -> None:
        received = self.ago(1)
        complaint = self.submit("eileen", received, category="repairs", issues=[
            {"summary": "Level-access shower not fitted",
             "details": "An occupational therapist asked for a level-access shower in "
                        "March. Nobody has been in touch since, and I cannot get into the "
                        "bath any more.", "days_before": 150,
             "outcome_wanted": "Fit the shower, and tell me when it will be done."},
        ], contact_method="letter", hour=15, acting_for=ActingFor(
            by="advocate", letter=self.authority_letter("eileen", "my complaint about my "
                                                       "bathroom adaptation", received)))
        self.created(complaint, "made by Sam Okafor (Citizens Advice) for the resident, "
                                "letter of authority waiting to be checked by staff")

    # petitions -------------------------------------------------------------------------------

    def sign(self, petition: Petition, day, hour: int, name: str, line1: str, line2: str,
             postcode: str, email: str | None = None) -> None:
        with self.petition_on(petition, day, hour, 5):
            petitions.sign_online(petition, petitions.SignerDetails(
                name=name, address_line_1=line1, address_line_2=line2, town="London",
                postcode=postcode, email=email, signed_name=name, declaration=True))

    def petition_submitted(self) -> None:
        marek = self.people["marek"]
        with self.petition_on(None, self.ago(12), 19, 30) as made:
            made.append(petitions.create(marek, petitions.Statement(
                subject="Repair the lift at Canal House",
                issues_text="The only lift at Canal House has broken down at least once a "
                            "week since the spring, and twice it has been out of action for "
                            "more than a week. Residents on the upper floors, including "
                            "people who use wheelchairs and parents with buggies, have been "
                            "stuck at home.",
                actions_requested="Repair the lift properly rather than patching it, tell "
                                  "us when it will be done, and help residents who cannot "
                                  "use the stairs while it is out of action.",
                summary="Households at Canal House ask for the lift to be repaired properly "
                        "and for help while it is broken.",
                lead_phone=marek.phone, lead_address="Flat 11, Canal House\n3 Wharf Street"
                                                     "\nLondon", lead_postcode="e32rt")))
        [petition] = made
        signers = [("Marek Nowak", "Flat 11, Canal House", marek.email),
                   ("Grace Okoye", "Flat 2, Canal House", "grace.okoye@demo.example"),
                   ("Daniel Okoye", "flat 2 canal house", None),  # the same household
                   ("Amina Yusuf", "Flat 5, Canal House", "amina.yusuf@demo.example"),
                   ("Keith Brown", "Flat 7, Canal House", None),
                   ("Rosa Silva", "Flat 9, Canal House", "rosa.silva@demo.example")]
        for days_ago, (name, line1, email) in zip(range(11, 5, -1), signers, strict=True):
            self.sign(petition, self.ago(days_ago), 18, name, line1, "3 Wharf Street",
                      "e3 2rt", email)
        sheet = check_upload("canal-house-petition-sheet-1.pdf", letter_pdf((
            "Petition: Repair the lift at Canal House", "",
            "Name: Albert Jones   Address: Flat 14, Canal House, 3 Wharf Street",
            "Postcode: E3 2RT     Signed: A. Jones")))
        with self.petition_on(petition, self.ago(5), 20, 10):
            petitions.add_paper_signature(marek, petition, petitions.SignerDetails(
                name="Albert Jones", address_line_1="Flat 14, Canal House",
                address_line_2="3 Wharf Street", town="London", postcode="E3 2RT",
                declaration=True), sheet=sheet, sheet_id=None)
        day = self.ago(3)
        with self.on(None, day, 9, 30) as stamp:
            complaint = petitions.submit(marek, petition)
            stamp.append(complaint.id)
            # petitions.submit has no `now`: it was received on the day it was sent.
            complaint.received_on, complaint.received_at = day, self.instant(day, 9, 30)
            petition.submitted_on = day
        with self.on(complaint, self.ago(2), 10, 0):
            for signature in petition.signatures[:-2]:
                staff_representation.verify_signature(self.people["services"], complaint,
                                                      signature.id)
        self.acknowledge(complaint, self.ago(2), by="services", handler="handler2",
                         definitions=[
                             "The lift at Canal House breaks down often and has been out "
                             "of action for long spells, leaving residents on the upper "
                             "floors stuck at home. The households ask for a proper repair "
                             "with a date, and help while the lift is broken."])
        households = petitions.progress(petition).households
        self.created(complaint, f"petition from {households} households at Canal House "
                                "(led by the resident), acknowledged, some signatures still "
                                "to check")

    def petition_gathering(self) -> None:
        jo = self.people["jo"]
        with self.petition_on(None, self.ago(4), 20, 45) as made:
            made.append(petitions.create(jo, petitions.Statement(
                subject="Fix the door entry system at Riverside Court",
                issues_text="The door entry system at Riverside Court has not worked for "
                            "six weeks. The front door is propped open, strangers come into "
                            "the building, and parcels have been stolen.",
                actions_requested="Repair the door entry system and keep the door shut "
                                  "until it is fixed.",
                summary="Households at Riverside Court ask for the door entry system to be "
                        "repaired.", lead_phone=jo.phone,
                lead_address="Flat 4, Riverside Court\n12 Mill Lane\nLondon",
                lead_postcode="e16an")))
        [petition] = made
        # Still short of the profile's threshold (SPEC §5: ISHA 5 households, others 2).
        short = max(1, petitions.progress(petition).threshold - 1)
        for days_ago, name, flat in ((4, "Jo Bloggs", 4), (3, "Sunita Patel", 1),
                                     (1, "Michael Adams", 6))[:short]:
            self.sign(petition, self.ago(days_ago), 21, name, f"Flat {flat}, Riverside Court",
                      "12 Mill Lane", "E1 6AN")
        found = petitions.progress(petition)
        self.said.append(f"petition: {petition.subject}, collecting signatures "
                         f"({found.households} of {found.threshold} households) "
                         f"({jo.name}, {jo.email})")

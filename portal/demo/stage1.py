"""Stage 1 in the demo: ten complaints at every point of it, from received today to
closed as satisfied (see the package docstring for how their dates are made)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from portal.demo._builder import Builder
from portal.services.records.policy import current_profile
from portal.services.responses import payments
from portal.services.responses import respond as responses
from portal.services.stage1 import actions as stage1
from portal.services.stage1 import resident as resident_actions


class Stage1(Builder):
    def closed_satisfied(self) -> None:
        received = self.ago(30)
        complaint = self.submit("eileen", received, category="repairs", issues=[
            {"summary": "Front door does not lock",
             "details": "The lock on my front door has been broken since the summer. I "
                        "reported it three times and each time the job was closed without "
                        "anyone coming.", "days_before": 60,
             "outcome_wanted": "Fix the lock, and tell me why the jobs were closed."},
            {"summary": "Nobody called me back",
             "details": "I was promised a call back from the repairs manager and it never "
                        "came.", "days_before": 20,
             "outcome_wanted": "An apology."},
            {"summary": "Charged for a call-out",
             "details": "My rent account shows a £45 call-out charge for the lock, which is "
                        "your repair, not mine.", "days_before": 10,
             "outcome_wanted": "Take the charge off my account."},
        ], contact_method="letter")
        self.acknowledge(complaint, self.ago(29), by="services", handler="handler2",
                         definitions=[
                             "Your front door lock has not been repaired, and three repair "
                             "jobs were closed without a visit. You want it fixed and an "
                             "explanation.",
                             "A promised call back from the repairs manager did not happen. "
                             "You want an apology.",
                             "You were charged £45 for a call-out for a repair that is ours "
                             "to do. You want the charge removed."])
        self.respond(complaint, self.ago(20), by="handler2", decisions=[
            ("upheld", "Our records show three jobs closed as 'no access' although no "
                       "operative attended. That should not have happened."),
            ("upheld", "The call back was not logged, so nobody made it."),
            ("upheld", "The lock is our repair; the charge was raised in error."),
        ], apology="We are sorry that it took so long to make your home secure.",
            explanation="Our repairs contractor closed the jobs by mistake. The lock was "
                        "replaced on the day of our visit, and the £45 charge has been "
                        "taken off your rent account.",
            compensation=Decimal("100"),
            learning="Jobs can no longer be closed as 'no access' without a photo of the "
                     "card left at the door.")
        # The £100 offered, paid by bank transfer (the resident's timeline says so).
        payments.record_payment(
            self.people["handler2"], complaint,
            payments.PaymentDraft(amount=Decimal("100"), paid_on=self.ago(15),
                                  method="bank_transfer", note="Paid to the rent account "
                                  "holder's bank account on file."),
            **self.versions(complaint))
        resident_actions.say_satisfied(complaint, self.people["eileen"])
        self.created(complaint, "stage 1 response sent, compensation paid, then closed: the "
                                "resident is satisfied (3 issues, letter)")

    def extended(self) -> None:
        received = self.ago(14)
        complaint = self.submit("marek", received, category="rent_charges", issues=[
            {"summary": "Service charge doubled",
             "details": "My service charge went from £32 to £64 a month in April with no "
                        "explanation.", "days_before": 200,
             "outcome_wanted": "Explain the increase and refund anything I should not pay."},
            {"summary": "Arrears letter sent in error",
             "details": "I got a letter saying I am in arrears, but I pay by direct debit "
                        "every month.", "days_before": 20,
             "outcome_wanted": "Correct my account and confirm in writing."},
        ], adjustments=("language",), adjustments_detail="Polish: please send letters in "
           "Polish as well as English.")
        self.acknowledge(complaint, self.ago(13), by="services", handler="handler",
                         definitions=[
                             "Your service charge doubled in April and you were not told "
                             "why. You want an explanation and a refund of anything "
                             "charged wrongly.",
                             "You received an arrears letter although your direct debit "
                             "is paid. You want your account corrected and written "
                             "confirmation."])
        self.contact(complaint, self.ago(12), by="handler", method="email",
                     notes="Asked Mr Nowak for his last six bank statements showing the "
                           "direct debit.")
        current, latest = stage1.extension_window(complaint)
        if current is None or latest is None:
            self.created(complaint, "at stage 1 (this policy sets no stage 1 extension, so "
                                    "it is not extended)")
            return
        new_on = max(min(latest, self.ahead(5)), current + timedelta(days=1))
        with self.on(complaint, self.ago(4), 9, 30):
            stage1.extend(
                self.people["handler"], complaint, **self.versions(complaint), new_on=new_on,
                reason="We are waiting for the service charge accounts for last year from "
                       "our managing agent, which we need to check the increase.")
        self.created(complaint, f"at stage 1, response date extended to {new_on.day} "
                                f"{new_on:%B}, 2 issues, Polish translation")

    def responded(self) -> None:
        received = self.ago(12)
        complaint = self.submit("jo", received, category="repairs", issues=[
            {"summary": "No heating for three weeks",
             "details": "The boiler broke on a Friday and it took three weeks and four "
                        "visits to fix it. We used electric heaters the whole time.",
             "days_before": 35,
             "outcome_wanted": "Pay back the extra electricity and say sorry."},
            {"summary": "Engineer left a mess",
             "details": "The engineer left old pipes and dust in my kitchen.",
             "days_before": 18,
             "outcome_wanted": "Clean it up."},
        ], contact_method="phone", contact_times="Weekday mornings")
        self.acknowledge(complaint, self.ago(11), by="services", handler="handler",
                         definitions=[
                             "Your heating was not working for three weeks and needed four "
                             "visits to fix. You want the cost of the extra electricity "
                             "repaid and an apology.",
                             "The engineer left old pipes and dust in your kitchen. You "
                             "want it cleaned up."])
        self.contact(complaint, self.ago(8), by="handler", method="visit",
                     notes="Visited with the heating contractor. The boiler is working; the "
                           "old pipes have been taken away.")
        self.respond(complaint, self.ago(2), by="handler", decisions=[
            ("upheld", "A family with a young child should not be without heating for three "
                       "weeks. The part should have been ordered at the first visit."),
            ("partially_upheld", "Old pipes were left behind, but the contractor came back "
                                 "and removed them within two days of your call."),
        ], apology="We are sorry you and your family were without heating for so long.",
            explanation="The boiler needed a part that the first engineer did not order.",
            compensation=Decimal("150"),
            actions=[responses.ActionPlan("Pay £150 to your rent account", "Finance team",
                                         self.ahead(10)),
                     responses.ActionPlan("Service the boiler again", "Heating contractor",
                                         self.ahead(20))],
            learning="Engineers now order parts on the first visit when a boiler cannot "
                     "be fixed.")
        self.created(complaint, "stage 1 response sent with a letter (PDF), £150 "
                                "compensation, 2 issues")

    def missed_contact(self) -> None:
        received = self.ago(9)
        complaint = self.submit("priya", received, category="asb_handling", issues=[
            {"summary": "Noise reports not followed up",
             "details": "I reported loud music from the flat above every weekend since "
                        "July. Nobody has contacted me about the diary sheets I sent.",
             "days_before": 120,
             "outcome_wanted": "Tell me what you are doing about my reports."},
        ], adjustments=("large_print",), contact_method="phone",
            contact_times="After 4pm", vulnerability="I have a visual impairment.")
        self.acknowledge(complaint, self.ago(8), by="manager", handler="handler2",
                         definitions=[
                             "You reported noise from the flat above and sent diary sheets, "
                             "but nobody has told you what we have done. You want to know "
                             "what action we are taking."])
        self.contact(complaint, self.ago(8), by="handler2", method="phone",
                     notes="Spoke to Ms Shah. Agreed to call back once the anti-social "
                           "behaviour officer has read the diary sheets.",
                     next_on=self.ago(2), next_method="phone", hour=16)
        self.created(complaint, "at stage 1, the agreed contact date was missed, "
                                "large print")

    def overdue_acknowledgement(self) -> None:
        complaint = self.submit("eileen", self.ago(8), category="staff_conduct", issues=[
            {"summary": "Rude caretaker",
             "details": "The caretaker shouted at me in the car park when I asked about "
                        "the broken light in the stairwell.", "days_before": 3,
             "outcome_wanted": "An apology, and for the light to be fixed."},
        ], adjustments=("named_contact",),
            adjustments_detail="Please speak to my daughter, Siobhan Murphy, on "
                               "07700 900 555.", hour=15)
        self.created(complaint, "received 8 working days ago, overdue for "
                                "acknowledgement")

    def withdrawn(self) -> None:
        received = self.ago(7)
        complaint = self.submit("marek", received, category="neighbourhood", issues=[
            {"summary": "Fly-tipping by the bin store",
             "details": "Mattresses and bags have been dumped by the bin store for a "
                        "month.", "days_before": 30,
             "outcome_wanted": "Clear it and stop it happening again."},
        ])
        self.acknowledge(complaint, self.ago(6), by="services", handler="handler2",
                         definitions=[
                             "Rubbish has been dumped by the bin store for a month. You "
                             "want it cleared and steps taken to stop it."])
        resident_actions.withdraw(complaint, self.people["marek"],
                                   "The rubbish has been cleared and a camera put up.")
        self.created(complaint, "withdrawn by the resident")

    def refused(self) -> None:
        received = self.ago(6)
        complaint = self.submit("priya", received, category="repairs", issues=[
            {"summary": "Water damage from the flat above",
             "details": "A leak from upstairs ruined my bedroom ceiling and carpet.",
             "days_before": 90,
             "outcome_wanted": "Pay for a new carpet and repair the ceiling."},
        ], adjustments=("large_print",), screening=("legal",), contact_method="letter")
        profile = current_profile()
        exclusion = profile.exclusion("legal_proceedings") or profile.exclusions[0]
        with self.on(complaint, self.ago(5), 12, 15):
            stage1.refuse(
                self.people["services"], complaint, **self.versions(complaint),
                on=self.ago(5), reasons=[exclusion.code],
                detail="Your solicitor has issued a claim at the county court about this "
                       "leak. We will still repair the ceiling: that is being arranged as "
                       "a repair.")
        self.created(complaint, f"not accepted ({exclusion.title.lower()}), refusal "
                                "letter and a large-print copy")

    def acknowledged_with_contact_coming_up(self) -> None:
        received = self.ago(4)
        complaint = self.submit("jo", received, category="repairs", issues=[
            {"summary": "Damp and mould in the bedroom",
             "details": "Black mould has come back on the bedroom wall since it was "
                        "painted over in the spring. My son has asthma.",
             "days_before": 60,
             "outcome_wanted": "Find the cause of the damp and fix it properly."},
            {"summary": "Missed repair appointment",
             "details": "I took a day off work for an appointment and nobody came or "
                        "called.", "days_before": 9,
             "outcome_wanted": "An apology and the cost of my day off work."},
        ], contact_method="phone", contact_times="Weekday mornings")
        self.acknowledge(complaint, self.ago(3), by="services", handler="handler",
                         definitions=[
                             "Black mould has come back in your bedroom after it was painted "
                             "over, and your son has asthma. You want the cause found and "
                             "fixed properly.",
                             "Nobody came to a repair appointment you took a day off work "
                             "for. You want an apology and to be paid for the day."])
        self.contact(complaint, self.ago(2), by="handler", method="phone",
                     notes="Called Ms Bloggs. A damp surveyor will visit; I will call her "
                           "with the date and the surveyor's findings.",
                     next_on=self.ahead(2), next_method="phone", hour=10)
        self.created(complaint, "acknowledged, case handler Hana Hussain, next contact "
                                "agreed for a date coming up, 2 issues")

    def resolved_at_first_contact(self) -> None:
        day = self.ago(3)
        complaint = self.submit("eileen", day, category="neighbourhood", issues=[
            {"summary": "Stairwell light out",
             "details": "The light on the second floor stairs has been out for a week. "
                        "It is pitch dark at night.", "days_before": 7,
             "outcome_wanted": "Fix the light."},
        ], contact_method="phone", hour=9)
        with self.on(complaint, day, 9, 50):
            stage1.resolve_first_contact(
                self.people["services"], complaint, **self.versions(complaint), on=day,
                summary="Called Mrs Murphy. An electrician replaced the fitting "
                        "the same afternoon, and we apologised for the delay.",
                agreed=True, agreed_by="Eileen Murphy", agreed_how="phone", agreed_on=day)
        self.created(complaint, "resolved at first contact with the resident's agreement, "
                                "confirmed in writing, and closed")

    def just_received(self) -> None:
        complaint = self.submit("marek", None, category="other", issues=[
            {"summary": "Parking permit not renewed",
             "details": "I applied to renew my parking permit six weeks ago and have heard "
                        "nothing. I have had two parking tickets.", "days_before": 42,
             "outcome_wanted": "Renew the permit and cancel the tickets."},
        ], contact_method="text")
        self.created(complaint, "received today, not yet acknowledged")

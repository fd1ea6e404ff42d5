"""The self-assessment against the Complaint Handling Code 2024 (Code section 8): one
row per provision, at the granularity SPEC.md §4 cites the Code, with sections 3, 4 and 9
(accessibility, staff, scrutiny) as one row each. The annual report pre-fills what the
portal can show; the complaints manager completes and edits every row."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provision:
    ref: str  # the Code's own numbering: "6.2", "6.4-6.5", or a section: "3"
    section: int
    requirement: str

    def covers(self, cited: str) -> bool:
        """Whether a citation like "6.4" or "5.3" falls within this provision."""
        def span(text: str) -> tuple[float, float]:
            first, _, last = text.partition("-")
            return float(first), float(last or first)

        try:
            low, high = span(self.ref)
            a, b = span(cited)
        except ValueError:
            return False
        if "." not in self.ref:  # a whole section
            return int(a) == self.section
        return low <= a <= high or low <= b <= high


SECTIONS = {
    1: "Definition of a complaint",
    2: "Exclusions",
    3: "Accessibility and awareness",
    4: "Complaint handling staff",
    5: "The complaint handling process",
    6: "Complaint stages",
    7: "Putting things right",
    8: "Self-assessment, reporting and compliance",
    9: "Scrutiny and oversight",
}

PROVISIONS = (
    Provision("1.2", 1, "A complaint is an expression of dissatisfaction, however made, "
              "about the landlord's action or lack of action."),
    Provision("1.3", 1, "A resident does not have to use the word 'complaint'."),
    Provision("1.4-1.6", 1, "Service requests are recorded; a resident unhappy with one is "
              "offered the choice to complain while the request goes on."),
    Provision("2.1-2.2", 2, "Complaints are accepted unless there is a valid, evidenced "
              "reason in the policy."),
    Provision("2.3", 2, "The time limit is 12 months from the problem or becoming aware of "
              "it, with discretion for good reasons."),
    Provision("2.4-2.5", 2, "A refusal states its reasons and the right to go to the "
              "Ombudsman; there are no blanket refusals."),
    Provision("3", 3, "Complaining is easy and accessible: any channel, reasonable "
              "adjustments, representatives, the Ombudsman's details published."),
    Provision("4", 4, "A member of staff leads complaint handling, with the authority and "
              "training to resolve complaints."),
    Provision("5.1-5.3", 5, "One complaints policy with two stages only."),
    Provision("5.6", 5, "The landlord sets out its understanding of the complaint and the "
              "outcomes sought at each stage."),
    Provision("5.10", 5, "Reasonable adjustments are recorded and kept under review."),
    Provision("5.12", 5, "A full record is kept of each complaint and each stage."),
    Provision("6.2", 6, "Stage 1 complaints are acknowledged within 5 working days."),
    Provision("6.3", 6, "Stage 1 responses are sent within 10 working days of the "
              "acknowledgement."),
    Provision("6.4-6.5", 6, "A stage 1 extension (up to 10 working days) is agreed, told "
              "with the reason, the new date and the Ombudsman's details."),
    Provision("6.6", 6, "The response is sent when the answer is known; outstanding actions "
              "are tracked."),
    Provision("6.9", 6, "The stage 1 response sets out the decision on each point, the "
              "reasons, the remedy and how to escalate."),
    Provision("6.11", 6, "Stage 2 requests are acknowledged within 5 working days."),
    Provision("6.12", 6, "A resident need not give reasons for asking for stage 2."),
    Provision("6.13", 6, "Stage 2 is handled by someone not involved at stage 1."),
    Provision("6.14", 6, "Stage 2 responses are sent within 20 working days of the "
              "acknowledgement."),
    Provision("6.15-6.16", 6, "A stage 2 extension (up to 20 working days) is told with "
              "the reason, the new date and the Ombudsman's details."),
    Provision("6.19", 6, "The final response sets out the decision on each point, the "
              "reasons, the remedy and the right to go to the Ombudsman."),
    Provision("7.1-7.3", 7, "Things are put right with a remedy that reflects the impact, "
              "and the actions promised are done."),
    Provision("8.1-8.2", 8, "An annual complaints performance and service improvement "
              "report, with this self-assessment, is published with the governing body's "
              "response."),
    Provision("9", 9, "A member of the governing body is responsible for complaints and the "
              "governing body receives regular reports."),
)

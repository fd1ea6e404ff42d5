"""What each staff role may do. Checked on every staff route (a decorator)
and in the services, so no route or role can get round it."""

from __future__ import annotations

STAFF_ROLES = {
    "customer_services": "Customer services",
    "case_handler": "Case handler",
    "reviewer": "Stage 2 reviewer",
    "complaints_manager": "Complaints manager",
    "administrator": "Administrator",
    "safeguarding_lead": "Safeguarding lead",
    "board_member": "Board member (reports only)",
    # Approves restrictions for unreasonable behaviour where the profile says so
    # (IDS 002 §10.3: "a Head of Service or a Director").
    "director": "Head of Service or Director",
}

_CASEWORK = {
    "view_queue",
    "view_complaint",
    "log_contact",
    "download_document",
}

PERMISSIONS: dict[str, set[str]] = {
    "customer_services": _CASEWORK
    | {"accept", "refuse", "acknowledge", "assign", "resolve_first_contact"},
    "case_handler": _CASEWORK
    | {
        "acknowledge",
        "agree_contact",
        "extend",
        "respond",
        "close",
        "resolve_first_contact",
        "define",
        "track_actions",
    },
    # Stage 2 and the Panel: acknowledge, decide on late requests, decline, extend,
    # respond, pass back. Independence from stage 1 (Code 6.13) is checked in the
    # service, whatever the role.
    "reviewer": _CASEWORK | {"agree_contact", "review", "track_actions"},
    "complaints_manager": _CASEWORK
    | {
        "accept",
        "refuse",
        "acknowledge",
        "assign",
        "reassign",
        "agree_contact",
        "extend",
        "respond",
        "close",
        "resolve_first_contact",
        "define",
        "review",
        "track_actions",
        "reports",
        "edit_annual_report",
    },
    "administrator": {"view_queue", "manage_staff", "manage_closures", "read_outbox",
                      "reports", "manage_report_figures"},
    # Safeguarding (southern-2022 "Our approach"; issue 16 §4): sees the complaints a
    # handler flagged, in their own tab, and may flag one too.
    "safeguarding_lead": _CASEWORK | {"view_safeguarding", "flag_safeguarding"},
    # The governing body's members read the reports and nothing else (Code 7.2, 8.1).
    "board_member": {"reports"},
    "director": _CASEWORK | {"view_restrictions", "decide_restriction"},
}

# Representatives' authority, petitions and communal complaints (SPEC §1, §5): checking
# a letter of authority, ending one, verifying signatures and entering paper ones; and,
# like refusing a complaint, rejecting a petition, referring it to the Council and
# joining complaints into one.
for _role in ("customer_services", "case_handler", "complaints_manager"):
    PERMISSIONS[_role] |= {"verify_authority", "revoke_authority", "manage_petition"}
for _role in ("customer_services", "complaints_manager"):
    PERMISSIONS[_role] |= {"decide_petition", "join_complaints"}
# The learning log: whoever handles or reviews a complaint gives it a root cause from the
# managers' list; complaints managers keep that list and the service improvements.
for _role in ("case_handler", "reviewer", "complaints_manager"):
    PERMISSIONS[_role] |= {"set_root_cause"}
PERMISSIONS["complaints_manager"] |= {"manage_learning"}
# Compensation paid: the case handler of the complaint (checked in the service) or a
# complaints manager records each payment of compensation a response offered.
for _role in ("case_handler", "complaints_manager"):
    PERMISSIONS[_role] |= {"record_payment"}


# Flagging a safeguarding concern; the safeguarding tab for those who work on them.
for _role in ("case_handler", "complaints_manager"):
    PERMISSIONS[_role] |= {"flag_safeguarding", "view_safeguarding"}
# Only the safeguarding lead removes a flag (with the reason): the complaint goes back to
# the usual queue ordering.
PERMISSIONS["safeguarding_lead"] |= {"remove_safeguarding"}
# The Housing Ombudsman's investigation, determination, orders and recommendations
# (IVH 004 §7.2, §8.7): recorded by the complaints manager; orders are then tracked like
# promised actions by anyone with "track_actions".
PERMISSIONS["complaints_manager"] |= {"record_ombudsman"}
# A dissatisfaction dealt with as a service request rather than a complaint (Code 1.4-1.6);
# a complaint received by phone, letter or in person logged for the resident.
for _role in ("customer_services", "case_handler", "complaints_manager"):
    PERMISSIONS[_role] |= {"record_service_request", "log_complaint"}


# Restrictions for unreasonable behaviour (ISHA 001 §4; IDS 002 §10; southern-2022
# "Unreasonable customer behaviour"): a complaints manager proposes one and records its
# reviews; the role the profile names decides it (RESTRICTION_APPROVERS), never the person
# who proposed it. Anyone doing casework sees that a person is restricted.
for _role in ("customer_services", "case_handler", "reviewer", "complaints_manager",
              "safeguarding_lead"):
    PERMISSIONS[_role] |= {"view_restrictions"}
PERMISSIONS["complaints_manager"] |= {"propose_restriction", "review_restriction",
                                      "decide_restriction"}


def can_approve_restriction(role: str | None, approver: str) -> bool:
    """Whether a role may approve a restriction under a profile that names `approver`."""
    return can(role, "decide_restriction") and role == approver


def can(role: str | None, action: str) -> bool:
    return bool(role) and action in PERMISSIONS.get(role, set())


# A complaint made in confidence (southern-2022 "Anonymous complaints": "their identity will
# only be known to the person who received the complaint and to a member of the Resolution
# team"): the complaints team sees who made it; the officer who received it is checked on
# the complaint itself (services.records.confidence). Case handlers, reviewers, customer
# services and the safeguarding lead do not, until the resident lets us disclose it.
PERMISSIONS["complaints_manager"] |= {"see_confidential_identity"}

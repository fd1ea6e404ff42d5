"""What each staff role may do. Checked on every staff route (a decorator)
and in the services, so no route or role can get round it."""

from __future__ import annotations

STAFF_ROLES = {
    "customer_services": "Customer services",
    "case_handler": "Case handler",
    "reviewer": "Stage 2 reviewer",
    "complaints_manager": "Complaints manager",
    "administrator": "Administrator",
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
    },
    "reviewer": _CASEWORK | {"agree_contact", "review"},
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
        "reports",
    },
    "administrator": {"view_queue", "manage_staff", "manage_closures", "read_outbox"},
}


def can(role: str | None, action: str) -> bool:
    return bool(role) and action in PERMISSIONS.get(role, set())

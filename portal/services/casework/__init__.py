"""Staff casework: every change staff make to a complaint, each in one transaction.

This package is the only place staff changes are committed. Each action:

- checks the actor's role may do it (`domain.permissions.can`), whatever route called it;
- checks the complaint's status allows it (`domain.lifecycle.TRANSITIONS`);
- checks the complaint has not changed since the person loaded the page (the form
  carries `version`; SQLAlchemy's version counter catches a concurrent commit too);
- writes a past-tense event and, where the resident must be told, queues the email
  in the same transaction;
- commits once, or rolls back and raises: `NotAllowed` (a 403), `CaseworkError` (a
  message for the person, naming the field) or `VersionConflict` (what changed).

    _core      errors, permission and status checks, the one-transaction helper, handlers
    views      the queue and the complaint page (reads only)
    _letters   letter context, rendering and storage
    actions    refuse, acknowledge, change handler, log contact, extend, resolve, close
    respond    the stage 1 response
    jobs       close-no-reply
    accounts   staff accounts
"""

from portal.services.casework._core import (
    CONFLICT,
    LETTER_FAILED,
    CaseworkError,
    NotAllowed,
    VersionConflict,
    allowed,
    changes_since,
    handler_choices,
    handlers,
    last_event_id,
    today,
)
from portal.services.casework.accounts import create_staff_account, staff_accounts, staff_list
from portal.services.casework.actions import (
    NO_EXTENSION,
    acknowledge,
    change_handler,
    close,
    extend,
    extension_window,
    log_contact,
    refuse,
    resolve_first_contact,
)
from portal.services.casework.jobs import close_no_reply
from portal.services.casework.respond import ActionPlan, IssueDecision, ResponseDraft, respond
from portal.services.casework.views import (
    ACTIONS,
    TABS,
    AgreedRow,
    CaseView,
    QueuePage,
    QueueRow,
    agreed_contacts,
    available,
    case_view,
    exclusions_for,
    queue,
    suggested_definition,
)

__all__ = [
    "ACTIONS", "CONFLICT", "LETTER_FAILED", "NO_EXTENSION", "TABS", "ActionPlan", "AgreedRow",
    "CaseView", "CaseworkError", "IssueDecision", "NotAllowed", "QueuePage", "QueueRow",
    "ResponseDraft", "VersionConflict", "acknowledge", "agreed_contacts", "allowed", "available",
    "case_view", "change_handler", "changes_since", "close", "close_no_reply",
    "create_staff_account", "exclusions_for", "extend", "extension_window", "handler_choices",
    "handlers", "last_event_id", "log_contact", "queue", "refuse", "resolve_first_contact",
    "respond", "staff_accounts", "staff_list", "suggested_definition", "today",
]

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
    respond    a response at any stage (stage 1, stage 2, the Panel)
    stage2     stage 2 and the Panel: acknowledge, reviewer (independent, Code 6.13), late
               requests, decline, extend, pass back, the Panel, building safety
    stage2_views   what staff see of stage 2 (reads only)
    tracking   actions promised in responses, tracked to completion
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
from portal.services.casework.accounts import (
    create_staff_account,
    set_staff_active,
    staff_accounts,
    staff_list,
)
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
from portal.services.casework.respond import (
    STAGES,
    ActionPlan,
    IssueDecision,
    ResponseDraft,
    respond,
    understanding,
)
from portal.services.casework.stage2 import (
    acknowledge_stage2,
    arrange_panel,
    change_reviewer,
    decide_late,
    decline_reasons,
    decline_stage2,
    extend_stage2,
    panel_choices,
    pass_back,
    reviewer_choices,
    stage1_people,
    suggested_stage2_definition,
)
from portal.services.casework.stage2_views import ReviewView, panel_decisions, review_view
from portal.services.casework.tracking import (
    TRACK_TABS,
    ActionRow,
    action_for,
    action_rows,
    complete_action,
    tracked_actions,
)
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
    "STAGES", "TRACK_TABS", "ActionRow", "ReviewView", "acknowledge_stage2", "action_for",
    "action_rows", "arrange_panel", "change_reviewer", "complete_action", "decide_late",
    "decline_reasons", "decline_stage2", "extend_stage2", "panel_choices", "panel_decisions",
    "pass_back", "review_view", "reviewer_choices", "stage1_people",
    "suggested_stage2_definition", "tracked_actions", "understanding",
    "ACTIONS", "CONFLICT", "LETTER_FAILED", "NO_EXTENSION", "TABS", "ActionPlan", "AgreedRow",
    "CaseView", "CaseworkError", "IssueDecision", "NotAllowed", "QueuePage", "QueueRow",
    "ResponseDraft", "VersionConflict", "acknowledge", "agreed_contacts", "allowed", "available",
    "case_view", "change_handler", "changes_since", "close", "close_no_reply",
    "create_staff_account", "exclusions_for", "extend", "extension_window", "handler_choices",
    "handlers", "last_event_id", "log_contact", "queue", "refuse", "resolve_first_contact",
    "respond", "set_staff_active", "staff_accounts", "staff_list", "suggested_definition", "today",
]

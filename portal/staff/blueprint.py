"""The staff blueprint with every page attached: importing this module registers the
routes of each staff route module on `bp`."""

from portal.staff import (  # noqa: F401  (each module attaches its routes to bp)
    annual_routes,
    anonymous_routes,
    confidence_routes,
    figures_routes,
    intake_routes,
    learning_routes,
    letter_routes,
    ombudsman_routes,
    payment_routes,
    reports_routes,
    representation_routes,
    restriction_routes,
    routes,
    safeguarding_routes,
    service_request_routes,
    stage2_routes,
    worklist_routes,
)
from portal.staff._shared import bp

__all__ = ["bp"]

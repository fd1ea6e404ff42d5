"""The resident blueprint with every page attached."""

from portal.resident import (  # noqa: F401  (each module attaches its routes to bp)
    complaint_routes,
    restriction_routes,
    review_routes,
    routes,
)
from portal.resident._shared import bp

__all__ = ["bp"]

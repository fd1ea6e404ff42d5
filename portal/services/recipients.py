"""Who receives correspondence about a complaint.

Today: the resident. Representatives with verified authority (resident,
representative or both, as the authority says) and petition members are
added here, so every email and letter goes where it should from one place."""

from __future__ import annotations

from dataclasses import dataclass

from portal.data.models import Complaint


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None
    address_lines: tuple[str, ...]
    on_behalf_of: str | None = None  # the resident's name when written to a representative


def recipients(complaint: Complaint) -> list[Recipient]:
    resident = complaint.resident
    address = tuple(line.strip() for line in (resident.address or "").splitlines() if line)
    if resident.postcode:
        address = (*address, resident.postcode)
    return [Recipient(resident.name, resident.email, address)]

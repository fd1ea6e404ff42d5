"""Who is in the demo: staff of every role, four residents and a representative, all
signing in with one password (README: "Demo sign-ins"); and the landlord's closure days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.permissions import STAFF_ROLES

DEMO_CLOSURES = {
    date(2026, 12, 29): "Christmas closure",
    date(2026, 12, 30): "Christmas closure",
    date(2026, 12, 31): "Christmas closure",
}

# Every demo account signs in with this password (README: "Demo sign-ins").
DEMO_PASSWORD = "demo-password-1"
# The account whose presence means the people and complaints are already loaded.
MARKER_EMAIL = "admin@demo.example"


@dataclass(frozen=True)
class Person:
    key: str
    email: str
    name: str
    role: str | None = None  # a staff role; None for a resident or a representative
    phone: str | None = None
    address: str | None = None
    postcode: str | None = None
    organisation: str | None = None  # set for a representative

    @property
    def kind(self) -> str:
        if self.role:
            return "staff"
        return "representative" if self.organisation else "resident"

    @property
    def role_words(self) -> str:
        """As the sign-ins list shows it: the staff role, or Resident, or Representative."""
        if self.role:
            return STAFF_ROLES[self.role]
        return "Representative" if self.organisation else "Resident"


STAFF = (
    Person("admin", MARKER_EMAIL, "Ade Adeyemi", "administrator"),
    Person("services", "services@demo.example", "Chris Cole", "customer_services"),
    Person("handler", "handler@demo.example", "Hana Hussain", "case_handler"),
    Person("handler2", "handler2@demo.example", "Tom Price", "case_handler"),
    Person("reviewer", "reviewer@demo.example", "Rita Evans", "reviewer"),
    Person("manager", "manager@demo.example", "Morgan Lee", "complaints_manager"),
    Person("manager2", "manager2@demo.example", "Nadia Khan", "complaints_manager"),
    Person("safeguarding", "safeguarding@demo.example", "Sita Rao", "safeguarding_lead"),
    Person("board", "board@demo.example", "Bola Adewale", "board_member"),
)
RESIDENTS = (
    Person("jo", "resident@demo.example", "Jo Bloggs", phone="07700 900 111",
           address="Flat 4, Riverside Court, 12 Mill Lane, London", postcode="E1 6AN"),
    Person("priya", "resident2@demo.example", "Priya Shah", phone="07700 900 222",
           address="27 Orchard Road, London", postcode="E2 7QL"),
    Person("marek", "resident3@demo.example", "Marek Nowak", phone="07700 900 333",
           address="Flat 11, Canal House, 3 Wharf Street, London", postcode="E3 2RT"),
    Person("eileen", "resident4@demo.example", "Eileen Murphy", phone="07700 900 444",
           address="8 Chestnut Close, London", postcode="E5 9HX"),
)
REPRESENTATIVES = (
    Person("advocate", "advocate@demo.example", "Sam Okafor", phone="020 7946 0321",
           organisation="Citizens Advice Tower Hamlets"),
)
PEOPLE = STAFF + RESIDENTS + REPRESENTATIVES

"""The Housing Ombudsman's contact details and the current route to it.

Since 1 October 2022 nobody has to go through a designated person or wait
eight weeks: after the landlord's final response a resident can go to the
Ombudsman directly, within 12 months (SPEC §4). Seeds 001 §2.10-2.12 and 003
still describe the old rule; the portal tells residents the current one.
"""

NAME = "Housing Ombudsman Service"
PHONE = "0300 111 3000"
EMAIL = "info@housing-ombudsman.org.uk"
WEBSITE = "www.housing-ombudsman.org.uk"
POST = "Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET"
MONTHS_AFTER_FINAL_RESPONSE = 12

ROUTE = (
    "If you are unhappy with our final response, you can ask the Housing Ombudsman to "
    "investigate. You can do this directly, within 12 months of our final response: you "
    "do not need to go through an MP, councillor or tenant panel, or wait eight weeks. "
    "You can also contact the Ombudsman for advice at any time while your complaint is "
    "with us."
)

BUILDING_SAFETY_REGULATOR = (
    "Complaints about building safety in a higher-risk building (18 metres or 7 storeys "
    "and over) go to the Building Safety Regulator after our stage 1 response."
)

# The findings of an Ombudsman determination, in its own words (IVH 004 §7.2, §8.7).
FINDINGS = {
    "severe_maladministration": "Severe maladministration",
    "maladministration": "Maladministration",
    "service_failure": "Service failure",
    "no_maladministration": "No maladministration",
}

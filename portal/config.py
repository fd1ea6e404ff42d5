"""Settings, read once from the environment into a frozen object.

Production is the default: without PORTAL_SECRET_KEY it refuses to start.
Development (`make run`) and tests set PORTAL_ENV and get safe local defaults:
SQLite under instance/, files under instance/uploads, email to an outbox.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from portal.domain.reporting import parse_year_start

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


PRODUCTION_PASSWORD_HASH = "scrypt"


class ConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    env: str = "production"
    secret_key: str = ""
    database_url: str = ""
    profile: str = "hos-code-2024"
    profile_dir: str = ""
    nation: str = "ENG"
    landlord_name: str = "Riverside Homes"
    landlord_address: str = "1 Example Street, London, E1 1AA"
    landlord_phone: str = "0300 123 4567"
    landlord_email: str = "complaints@example.org.uk"
    brand_colour: str = "#005a70"
    mail_from: str = "complaints@example.org.uk"
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_tls: bool = False
    smtp_user: str = ""
    smtp_password: str = ""
    base_url: str = "http://127.0.0.1:5000"
    trusted_proxies: int = 0  # proxies in front that set X-Forwarded-For (ProxyFix)
    # A signed-in session ends this long after signing in, or after this long unused.
    session_hours: int = 12
    staff_idle_minutes: int = 60
    resident_idle_minutes: int = 120  # residents and representatives
    # Reporting (portal.domain.reporting): the reporting year's first day (MM-DD), and
    # whether withdrawn complaints count in CH01 (receipt is what is measured).
    reporting_year_start: str = "04-01"
    reports_count_withdrawn: bool = True
    # How passwords are hashed (a Werkzeug method). Production always uses Werkzeug's
    # scrypt (N=2^15, r=8, p=1: slow by design); it is not read from the environment. Only
    # the test suite, which registers and resets passwords hundreds of times, names a
    # cheaper one in code.
    password_hash: str = PRODUCTION_PASSWORD_HASH
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.is_production and self.password_hash != PRODUCTION_PASSWORD_HASH:
            raise ConfigError(
                f"Production hashes passwords with {PRODUCTION_PASSWORD_HASH}, "
                f"not {self.password_hash!r}")

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: os._Environ | dict | None = None) -> Settings:
        e = os.environ if environ is None else environ
        env = e.get("PORTAL_ENV", "production")
        if env not in ("production", "development", "test"):
            raise ConfigError(f"PORTAL_ENV must be production, development or test, not {env!r}")
        secret = e.get("PORTAL_SECRET_KEY", "")
        if not secret:
            if env == "production":
                raise ConfigError(
                    "PORTAL_SECRET_KEY is not set. Production refuses to start without a "
                    "secret key: set it to a long random value (python -c 'import secrets; "
                    "print(secrets.token_hex(32))')."
                )
            secret = _development_secret()
        return cls(
            env=env,
            secret_key=secret,
            database_url=e.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'portal.sqlite'}"),
            profile=e.get("PORTAL_PROFILE", "hos-code-2024"),
            profile_dir=e.get("PORTAL_PROFILE_DIR", ""),
            nation=e.get("PORTAL_NATION", "ENG"),
            landlord_name=e.get("PORTAL_LANDLORD_NAME", cls.landlord_name),
            landlord_address=e.get("PORTAL_LANDLORD_ADDRESS", cls.landlord_address),
            landlord_phone=e.get("PORTAL_LANDLORD_PHONE", cls.landlord_phone),
            landlord_email=e.get("PORTAL_LANDLORD_EMAIL", cls.landlord_email),
            brand_colour=e.get("PORTAL_BRAND_COLOUR", cls.brand_colour),
            mail_from=e.get("PORTAL_MAIL_FROM", cls.mail_from),
            smtp_host=e.get("PORTAL_SMTP_HOST", ""),
            smtp_port=int(e.get("PORTAL_SMTP_PORT", "25")),
            smtp_tls=e.get("PORTAL_SMTP_TLS", "") in ("1", "true", "yes"),
            smtp_user=e.get("PORTAL_SMTP_USER", ""),
            smtp_password=e.get("PORTAL_SMTP_PASSWORD", ""),
            base_url=e.get("PORTAL_BASE_URL", cls.base_url),
            trusted_proxies=int(e.get("PORTAL_TRUSTED_PROXIES", "0")),
            session_hours=_positive(e, "PORTAL_SESSION_HOURS", cls.session_hours),
            staff_idle_minutes=_positive(e, "PORTAL_STAFF_IDLE_MINUTES", cls.staff_idle_minutes),
            resident_idle_minutes=_positive(e, "PORTAL_RESIDENT_IDLE_MINUTES",
                                            cls.resident_idle_minutes),
            reporting_year_start=_year_start(e.get("PORTAL_REPORTING_YEAR_START", "04-01")),
            reports_count_withdrawn=e.get("PORTAL_REPORTS_COUNT_WITHDRAWN", "yes").lower()
            not in ("0", "no", "false"),
        )


def _positive(e, name: str, default: int) -> int:
    value = e.get(name, "")
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ConfigError(f"{name} must be a whole number of 1 or more, not {value!r}")
    return int(value)


def _year_start(value: str) -> str:
    try:
        parse_year_start(value)
    except ValueError as error:
        raise ConfigError(f"PORTAL_REPORTING_YEAR_START: {error}") from error
    return value


def _development_secret() -> str:
    """A per-checkout key kept in instance/, so sessions survive restarts locally."""
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()

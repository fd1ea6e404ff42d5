"""Accounts: registration, email verification, sign-in and password reset.

Messages shown to a person never reveal whether an email address has an
account: registering or asking for a reset with a known address sends an
email to that address, and the page says the same thing either way. Nor does
the time taken: a known and an unknown address do the same work (the password
hashed when registering, a link email written when asking for one).
"""

from __future__ import annotations

import functools
import hmac

from flask import current_app, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from portal.data.db import db
from portal.data.models import User, utcnow
from portal.domain.permissions import STAFF_ROLES
from portal.services.correspondence.outbox import external_url, queue_email

VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 2 * 3600


def hash_password(password: str) -> str:
    """The password hashed the app's way (Settings.password_hash: scrypt in production)."""
    return generate_password_hash(password, method=current_app.config["PORTAL"].password_hash)


@functools.cache
def _dummy_hash(method: str) -> str:
    """A fixed hash, so a sign-in for an unknown address costs the same time."""
    return generate_password_hash("not-a-real-password", method=method)


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"portal-{purpose}")


def _fingerprint(user: User) -> str:
    # Changes whenever the password changes, so a reset link works only once.
    return user.password_hash[-12:]


def register(email: str, name: str, password: str, kind: str = "resident",
             phone: str | None = None, details: dict | None = None) -> None:
    """Create the account (unverified) and email a link; if the address already
    has an account, email its owner instead. The caller shows one message.
    A representative's `details` (relationship, organisation) are kept in an event."""
    email = normalise_email(email)
    existing = find_user(email)
    # Hashed either way: the hashing is most of the time taken, so a known address must
    # not answer faster than a new one.
    password_hash = hash_password(password)
    if existing is not None:
        queue_email(
            existing.email, "account_exists", "Someone tried to register with your email address",
            {"name": existing.name, "sign_in_url": external_url("auth.sign_in"),
             "reset_url": external_url("auth.forgot_password")},
        )
    else:
        user = User(email=email, name=name.strip(), kind=kind, phone=phone,
                    password_hash=password_hash)
        db.session.add(user)
        db.session.flush()
        if kind == "representative":
            from portal.services.records import events

            events.record(None, "representative_registered", "Registered as a representative",
                          user, **(details or {}))
        send_verification(user)
    db.session.commit()


def send_verification(user: User) -> None:
    token = _serializer("verify").dumps({"id": user.id, "email": user.email})
    queue_email(
        user.email, "verify_email", "Confirm your email address",
        {"name": user.name, "url": external_url("auth.verify_email", token=token)},
    )


def _as_if_emailed(purpose: str, endpoint: str, kind: str) -> None:
    """The work of writing a link email (the token, the rendering) when there is nobody to
    send it to, so the page takes as long as when there is; nothing is stored or sent."""
    token = _serializer(purpose).dumps({"id": 0, "email": "", "f": ""})
    context = {"landlord": current_app.config["PORTAL"].landlord_name, "name": "",
               "url": external_url(endpoint, token=token)}
    render_template(f"email/{kind}.txt", **context)
    render_template(f"email/{kind}.html", **context)


def resend_verification(email: str) -> None:
    """Email the confirmation link again, if the address has an account still to confirm.
    One commit either way, so the time taken does not tell (the caller counts the request
    against the address's email limit first: `throttle.allowed`)."""
    user = find_user(email)
    if user is not None and user.email_verified_at is None:
        send_verification(user)
    else:
        _as_if_emailed("verify", "auth.verify_email", "verify_email")
    db.session.commit()


def verify_email(token: str) -> User:
    return confirm_email(token)[0]


def confirm_email(token: str) -> tuple[User, bool]:
    """The account an emailed confirmation link is for, and whether this use of the link
    confirmed it (the first use): only then does following it sign the person in."""
    try:
        data = _serializer("verify").loads(token, max_age=VERIFY_MAX_AGE)
    except SignatureExpired as error:
        raise AccountError("This link has expired. Ask for a new one.") from error
    except BadSignature as error:
        raise AccountError("This link is not valid. Check you copied all of it.") from error
    user = db.session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        raise AccountError("This link is not valid. Check you copied all of it.")
    if user.email_verified_at is not None:
        return user, False
    user.email_verified_at = utcnow()
    db.session.commit()
    return user, True


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None or not user.is_active:
        check_password_hash(_dummy_hash(current_app.config["PORTAL"].password_hash), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def request_password_reset(email: str) -> None:
    """Email a reset link, if the address has an active account; one commit either way,
    like `resend_verification`."""
    user = find_user(email)
    if user is None or not user.is_active:
        _as_if_emailed("reset", "auth.reset_password", "reset_password")
    else:
        token = _serializer("reset").dumps({"id": user.id, "f": _fingerprint(user)})
        queue_email(
            user.email, "reset_password", "Reset your password",
            {"name": user.name, "url": external_url("auth.reset_password", token=token)},
        )
    db.session.commit()


def user_for_reset(token: str) -> User:
    try:
        data = _serializer("reset").loads(token, max_age=RESET_MAX_AGE)
    except SignatureExpired as error:
        raise AccountError("This link has expired. Ask for a new one.") from error
    except BadSignature as error:
        raise AccountError("This link is not valid. Ask for a new one.") from error
    user = db.session.get(User, data.get("id"))
    if user is None or not hmac.compare_digest(_fingerprint(user), str(data.get("f"))):
        raise AccountError("This link has already been used. Ask for a new one.")
    return user


def reset_password(token: str, password: str) -> User:
    user = user_for_reset(token)
    user.password_hash = hash_password(password)
    user.session_version += 1  # signs out every other session
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # they proved they can read the inbox
    db.session.commit()
    return user


def create_staff(email: str, name: str, role: str, password: str, *, commit: bool = True) -> User:
    if role not in STAFF_ROLES:
        raise AccountError(f"Role must be one of {', '.join(STAFF_ROLES)}")
    if find_user(email) is not None:
        raise AccountError("An account with that email address already exists")
    user = User(email=normalise_email(email), name=name.strip(), kind="staff", staff_role=role,
                password_hash=hash_password(password), email_verified_at=utcnow())
    db.session.add(user)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return user


def end_sessions(user: User) -> None:
    """Every session of this account ends now, on every device: each cookie carries the
    account's session version, and a cookie with an earlier one is refused (signing out,
    a password reset, a member of staff switched off)."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(session_version=User.session_version + 1))
    db.session.commit()


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: "id:version", so a password reset ends old sessions."""
    try:
        user_id, version = (int(part) for part in session_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user



"""Sign-in for everyone: residents, representatives and staff."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from portal.auth.forms import EmailOnlyForm, RegisterForm, ResetPasswordForm, SignInForm
from portal.domain.permissions import can
from portal.services.accounts import throttle
from portal.services.accounts import users as accounts
from portal.services.representation import authority as representation
from portal.services.representation import views as representation_views
from portal.web.htmx import validating

bp = Blueprint("auth", __name__)

CHECK_EMAIL = (
    "If {email} can be used for an account, we have sent an email to it. "
    "Open the link in the email to carry on."
)


def client_address() -> str:
    """The client's address (set PORTAL_TRUSTED_PROXIES behind a proxy: README)."""
    return request.remote_addr or "unknown"


def _may_email(address: str | None) -> bool:
    """Whether we may send another requested email to this address now, counted now (in
    one transaction with the check). Past the limit nothing is sent, and the page says
    the same as always (no account is revealed)."""
    return throttle.allowed("email_sent", address)


def _client_limit(bucket: str, form) -> bool:
    """Count a request from this client against `bucket`; past the limit, say so on the
    form's email field (it says nothing about any account: the same for every address),
    mark the form `too_many` and return False."""
    try:
        throttle.attempt(bucket, client_address())
    except throttle.TooManyAttempts as error:
        form.email.errors = [str(error)]
        form.too_many = True
        return False
    return True


def _home_for(user) -> str:
    if user.is_staff:
        return url_for("staff.queue" if can(user.staff_role, "view_queue") else "staff.reports")
    if user.kind == "representative":
        return url_for("representatives.dashboard")
    return url_for("resident.dashboard")


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if validating():
        form.validate()
    elif form.validate_on_submit() and _client_limit("register_client", form):
        kind = "representative" if form.account_type.data == "representative" else "resident"
        refused = representation.registration_refused(kind, form.relationship.data)
        if refused:
            form.relationship.errors = [refused]
        else:
            details = ({"relationship": form.relationship.data or None,
                        "organisation": (form.organisation.data or "").strip() or None}
                       if kind == "representative" else None)
            if _may_email(form.email.data):
                accounts.register(form.email.data, form.name.data, form.password.data,
                                  kind=kind, details=details)
            session["check_email"] = accounts.normalise_email(form.email.data)
            return redirect(url_for("auth.check_email"), 303)
    return render_template("auth/register.html", form=form,
                           policy=representation_views.policy_notes()), (
                               429 if getattr(form, "too_many", False) else 200)


@bp.get("/check-your-email")
def check_email():
    email = session.get("check_email", "your email address")
    return render_template("auth/check_email.html", message=CHECK_EMAIL.format(email=email),
                           form=EmailOnlyForm(email=session.get("check_email")))


@bp.post("/resend-confirmation")
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        if not _client_limit("email_client", form):
            flash(form.email.errors[0])
        else:
            if _may_email(form.email.data):
                accounts.resend_verification(form.email.data)
            session["check_email"] = accounts.normalise_email(form.email.data)
            flash("We have sent the email again.")
    return redirect(url_for("auth.check_email"), 303)


@bp.get("/confirm-email/<token>")
def verify_email(token: str):
    """The first use of the link confirms the address and signs the person in (they have
    just shown they hold the mailbox); a link used again only sends them to sign in."""
    try:
        user, confirmed = accounts.confirm_email(token)
    except accounts.AccountError as error:
        return render_template("auth/link_problem.html", message=str(error)), 400
    if not confirmed or not user.is_active:
        flash("Your email address is confirmed. You can sign in.")
        return redirect(url_for("auth.sign_in"), 303)
    session.clear()
    login_user(user)
    flash("Your email address is confirmed and you are signed in.")
    return redirect(_home_for(user), 303)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user), 303)
    form = SignInForm()
    problem = None
    if form.validate_on_submit():
        email, client = accounts.normalise_email(form.email.data), client_address()
        try:  # counted before the password is checked, and taken back if it is right
            client_attempt = throttle.attempt("sign_in_client", client)
            throttle.attempt("sign_in_email", email)
        except throttle.TooManyAttempts as error:
            form.email.errors = [f"{error} You can also reset your password."]
            return render_template("auth/sign_in.html", form=form), 429
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            problem = "Enter a correct email address and password"
        elif user.email_verified_at is None:
            throttle.clear("sign_in_email", email)
            throttle.forget(client_attempt)
            session["check_email"] = user.email
            if _may_email(user.email):
                accounts.resend_verification(user.email)
            return redirect(url_for("auth.check_email"), 303)
        else:
            throttle.clear("sign_in_email", email)
            throttle.forget(client_attempt)
            session.clear()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or _home_for(user), 303)
    if problem:
        form.email.errors = [problem]
    return render_template("auth/sign_in.html", form=form), (
        400 if problem or form.errors else 200)


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        accounts.end_sessions(current_user)  # a copy of this cookie no longer works either
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"), 303)


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit() and _client_limit("email_client", form):
        if _may_email(form.email.data):
            accounts.request_password_reset(form.email.data)
        session["check_email"] = accounts.normalise_email(form.email.data)
        return redirect(url_for("auth.check_email"), 303)
    return render_template("auth/forgot_password.html", form=form), (
        429 if getattr(form, "too_many", False) else 200)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        accounts.user_for_reset(token)
    except accounts.AccountError as error:
        return render_template("auth/link_problem.html", message=str(error)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(token, form.password.data)
        flash("Your password has been changed. Sign in with your new password.")
        return redirect(url_for("auth.sign_in"), 303)
    return render_template("auth/reset_password.html", form=form)

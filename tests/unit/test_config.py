from __future__ import annotations

import pytest

from portal import create_app
from portal.config import ConfigError, Settings
from portal.domain.policy import ProfileError


def test_production_is_the_default_and_refuses_to_start_without_a_secret():
    with pytest.raises(ConfigError, match="PORTAL_SECRET_KEY is not set"):
        Settings.from_env({})
    with pytest.raises(ConfigError, match="PORTAL_SECRET_KEY"):
        Settings.from_env({"PORTAL_ENV": "production", "DATABASE_URL": "sqlite://"})


def test_production_with_a_secret_starts_with_secure_cookies():
    settings = Settings.from_env({"PORTAL_SECRET_KEY": "s" * 64, "DATABASE_URL": "sqlite://"})
    assert settings.is_production
    app = create_app(settings)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_defaults_are_sqlite_under_instance_and_the_code_profile():
    settings = Settings.from_env({"PORTAL_ENV": "development"})
    assert settings.database_url.startswith("sqlite:///") and "instance" in settings.database_url
    assert settings.profile == "hos-code-2024"
    assert settings.nation == "ENG"
    assert settings.secret_key


def test_environment_variables_are_read():
    settings = Settings.from_env(
        {
            "PORTAL_ENV": "development",
            "DATABASE_URL": "postgresql+psycopg://u@127.0.0.1:5432/portal",
            "PORTAL_PROFILE": "ids",
            "PORTAL_NATION": "SCT",
            "PORTAL_LANDLORD_NAME": "Glen Homes",
            "PORTAL_BRAND_COLOUR": "#123456",
        }
    )
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert (settings.profile, settings.nation) == ("ids", "SCT")
    assert (settings.landlord_name, settings.brand_colour) == ("Glen Homes", "#123456")


def test_unknown_profile_or_nation_stops_the_app():
    base = Settings(env="test", secret_key="x", database_url="sqlite://")
    with pytest.raises(ConfigError, match="is not a profile"):
        create_app(base.with_(profile="nope"))
    with pytest.raises(ConfigError, match="PORTAL_NATION"):
        create_app(base.with_(nation="FRA"))


def test_a_bad_landlord_profile_stops_the_app_naming_file_and_field(tmp_path):
    (tmp_path / "acme.toml").write_text('key = "acme"\nname = "Acme"\n')
    base = Settings(env="test", secret_key="x", database_url="sqlite://")
    with pytest.raises(ProfileError) as caught:
        create_app(base.with_(profile_dir=str(tmp_path)))
    assert "acme.toml" in str(caught.value) and caught.value.field == "seed"


def test_session_limits_default_to_twelve_hours_and_an_hour_idle_for_staff():
    settings = Settings.from_env({"PORTAL_ENV": "development"})
    assert (settings.session_hours, settings.staff_idle_minutes,
            settings.resident_idle_minutes) == (12, 60, 120)
    settings = Settings.from_env({"PORTAL_ENV": "development", "PORTAL_SESSION_HOURS": "8",
                                  "PORTAL_STAFF_IDLE_MINUTES": "30",
                                  "PORTAL_RESIDENT_IDLE_MINUTES": "90"})
    assert (settings.session_hours, settings.staff_idle_minutes,
            settings.resident_idle_minutes) == (8, 30, 90)
    for bad in ("0", "-5", "ten", "1.5"):
        with pytest.raises(ConfigError, match="PORTAL_STAFF_IDLE_MINUTES must be a whole"):
            Settings.from_env({"PORTAL_ENV": "development", "PORTAL_STAFF_IDLE_MINUTES": bad})


def test_production_hashes_passwords_with_full_cost_scrypt_which_no_setting_lowers():
    """The tests hash with a cheap method (tests/conftest.py); production may not."""
    from werkzeug.security import check_password_hash

    from portal.services.accounts import users

    settings = Settings.from_env({"PORTAL_SECRET_KEY": "s" * 64, "DATABASE_URL": "sqlite://",
                                  "PORTAL_PASSWORD_HASH": "pbkdf2:sha256:1"})
    assert settings.password_hash == "scrypt"
    assert Settings.from_env({"PORTAL_ENV": "development"}).password_hash == "scrypt"
    with pytest.raises(ConfigError, match="Production hashes passwords with scrypt"):
        settings.with_(password_hash="pbkdf2:sha256:1000")
    with create_app(settings).app_context():
        hashed = users.hash_password("a long passphrase")
    assert hashed.startswith("scrypt:32768:8:1$")  # Werkzeug's default: N=2^15, r=8, p=1
    assert check_password_hash(hashed, "a long passphrase")
    # a sign-in for an unknown address checks against a hash of the same cost
    assert users._dummy_hash(settings.password_hash).startswith("scrypt:32768:8:1$")

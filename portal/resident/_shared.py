"""The resident blueprint itself, shared by its route modules (never imported from each
other)."""

from flask import Blueprint

bp = Blueprint("resident", __name__)

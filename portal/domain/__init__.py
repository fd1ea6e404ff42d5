"""Pure domain rules: working days, policy profiles, deadlines.

Nothing in this package imports Flask, SQLAlchemy or WTForms, reads a clock,
the database or the network. Everything it needs is passed in.
"""

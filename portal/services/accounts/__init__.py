"""People and what they may see: accounts (registration, email confirmation, sign-in,
password reset), staff accounts, who may see which complaint (`access`, checked in the
queries themselves) and the limits on guessing and sending (`throttle`).
"""

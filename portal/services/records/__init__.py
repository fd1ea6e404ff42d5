"""The shared record-keeping every capability builds on: the append-only events, the
timeline read from them, the clock, the policy profile and working-day calendar (with
closure days), due dates from the deadline engine, stored files, and the casework
toolkit (permission and status checks, one transaction per change, optimistic locking),
and paging (every list counted and paged in the database).
Imports no other service package.
"""

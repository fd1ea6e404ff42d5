"""Stage 1: the staff casework from acknowledgement to the stage 1 response's companions
(refuse, acknowledge, change handler, log contacts and agree dates, extend, resolve at
first contact, close), the queue and the complaint page (reads), the close-no-reply
job, and what the resident can do while the complaint is open.
"""

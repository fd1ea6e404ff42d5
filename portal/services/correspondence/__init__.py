"""Who is told and how: recipients and their channels, `tell` (the one way casework tells
people), the outbox and the SMTP sender, letters (WeasyPrint) and the stored response
letters, the staff work list of letters and calls, reminders and the staff digest.
"""

"""Actions promised in responses (at any stage), each with an owner and a due date,
tracked to completion: the staff list at /staff/actions, marking one done, and telling
the resident.
"""

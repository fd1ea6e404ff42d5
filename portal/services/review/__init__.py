"""Stage 2 and the Panel: the resident's request (within the profile's window, late
requests flagged), the reviewer's casework (independent of stage 1, Code 6.13), the
Panel, building safety, what staff see of it; and after the final response: the
survey and the Ombudsman pack.
"""

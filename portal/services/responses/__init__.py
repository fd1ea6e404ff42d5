"""A response at any stage (stage 1, stage 2, the Panel): the decision on each issue,
remedy, promised actions, learning and next steps, sent as an immutable letter.
"""

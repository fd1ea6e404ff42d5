"""Services: the only layer that opens and commits transactions. One package per
capability, its reads (what a page shows) beside its changes, in the order a complaint
moves: intake, stage1, responses, actions, review, with representation and
correspondence alongside, all on records and accounts. See docs/architecture.md.

Inside this package, import modules (`portal.services.stage1.actions`), never a
package's __init__, which holds only this kind of note.
"""

"""Making a complaint: the server-side draft, its answers and files, screening before
it is sent, and submission (reference numbers, issues, documents, the first email).
"""

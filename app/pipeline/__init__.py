"""The text pipeline: raw article text in, event drafts out.

It knows nothing of FastAPI or the database.
"""

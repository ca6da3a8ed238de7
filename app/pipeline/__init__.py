"""The text pipeline: raw article text in, event drafts out. Knows nothing of FastAPI or the database."""

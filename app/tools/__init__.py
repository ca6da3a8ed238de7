"""Checks anyone can run on the code base itself (``python -m app.tools.layout``)."""

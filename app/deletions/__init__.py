"""``/v1/deletions``: tombstones of withdrawn events, for clients that mirror the data."""

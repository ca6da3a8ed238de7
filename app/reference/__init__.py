"""Reference data as code: the event taxonomy and the country list."""

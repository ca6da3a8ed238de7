"""The dashboard page served at ``/``, built only on the public JSON API."""

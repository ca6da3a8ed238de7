"""Importers of event datasets (GDELT 2.0, ACLED): each row becomes an imported event whose
source is the row itself, so every quote is still an exact slice of stored text.

``gdelt`` and ``acled`` read a file into :class:`~app.importers.records.ImportRecord` values,
``codes`` holds the crosswalks (as data files in ``data/``), ``store`` writes them in batches,
and ``cli`` adds ``faultline import FORMAT FILE``.
"""

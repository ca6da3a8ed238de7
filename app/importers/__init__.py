"""Importers of event datasets (GDELT 1.0/2.0, ACLED, UCDP GED): each row becomes an imported
event whose source is the row itself, so every quote is still an exact slice of stored text.

``gdelt``, ``acled`` and ``ucdp`` read a file into
:class:`~app.importers.records.ImportRecord` values, ``codes`` holds the crosswalks (as data
files in ``data/``), ``store`` writes them in batches, and ``cli`` adds
``faultline import FORMAT FILE``.
"""

"""``python -m app ...`` is ``faultline ...``."""

from app.cli import main

raise SystemExit(main())

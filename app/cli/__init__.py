"""The ``faultline`` command, one module per command group (see :mod:`app.cli.main`)."""

from app.cli.main import COMMAND_GROUPS, build_parser, main

__all__ = ["COMMAND_GROUPS", "build_parser", "main"]

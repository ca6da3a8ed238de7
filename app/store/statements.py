"""Statements built once per shape and run again with each request's values.

Building a SQLAlchemy select and computing its cache key cost more CPU than running the SQL on
the hot list paths (about 0.75 ms for a page select and 0.4 ms for a rollup count, against
0.65 ms of SQLite work at 1M events; docs/benchmarks.md). A statement whose values are all
named bind parameters can be reused: SQLAlchemy memoizes the cache key on the statement object
and finds its compiled form at once, and ``execute(statement, params)`` supplies the values.

The shape is what decides the SQL text (which filters are present, the sort, whether a cursor
is given), never a value. Every value-dependent part of a cached statement must be a named
bind parameter whose value is passed on every execution, or the first request's value would
leak into later ones; the filter tests page through many different values of each shape in one
process, which is what catches a miss.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class StatementCache:
    """A bounded least-recently-used map of shape -> statement, safe across threads."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, shape: Hashable, build: Callable[[], Any]) -> Any:
        """The statement of ``shape``, built by ``build()`` on first use."""
        with self._lock:
            statement = self._items.get(shape)
            if statement is not None:
                self._items.move_to_end(shape)
                return statement
        statement = build()  # outside the lock: two threads may build it; either copy serves
        with self._lock:
            self._items[shape] = statement
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return statement

    def __len__(self) -> int:
        return len(self._items)


STATEMENTS = StatementCache()

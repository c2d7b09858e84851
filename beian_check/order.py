"""Results back in input order, without ever holding the crawl back.

The crawl hands each result on as soon as it is finished, with its position; this
buffer passes it on when every earlier one has been. A dead host (a connect timeout, a
tarpit) may keep one position open for many seconds while thousands of later results
arrive: they wait here, the first ``memory`` in a dict, the rest pickled to an unnamed
temporary file, so memory stays flat and the crawl never waits for order.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable
from typing import IO

from .model import TargetResult


class Reorder:
    def __init__(self, emit: Callable[[TargetResult], None], memory: int = 2048) -> None:
        self.emit = emit
        self.memory = memory
        self.next = 0  # the position owed next
        self._held: dict[int, TargetResult] = {}
        self._spilled: dict[int, tuple[int, int]] = {}  # position -> (offset, length)
        self._file: IO[bytes] | None = None
        self.spills = 0  # results that went to disk (for tests)

    def __len__(self) -> int:
        """Results waiting for an earlier one."""
        return len(self._held) + len(self._spilled)

    def put(self, i: int, result: TargetResult) -> None:
        if i != self.next:
            self._keep(i, result)
            return
        self.emit(result)
        self.next += 1
        while True:
            nxt = self._take(self.next)
            if nxt is None:
                return
            self.emit(nxt)
            self.next += 1

    def _keep(self, i: int, result: TargetResult) -> None:
        if len(self._held) < self.memory:
            self._held[i] = result
            return
        # The newest result is usually the one needed last: it goes to disk.
        if self._file is None:
            # Open until close(): it outlives any one block.
            self._file = tempfile.TemporaryFile(prefix="beian-check-order-")  # noqa: SIM115
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, 2)
        self._file.write(data)
        self._spilled[i] = (offset, len(data))
        self.spills += 1

    def _take(self, i: int) -> TargetResult | None:
        result = self._held.pop(i, None)
        if result is not None:
            return result
        where = self._spilled.pop(i, None)
        if where is None:
            return None
        assert self._file is not None
        self._file.seek(where[0])
        loaded: TargetResult = pickle.loads(self._file.read(where[1]))
        return loaded

    def close(self) -> None:
        """Pass on what is left, in order, over the gaps of results that never came (an
        interrupted run keeps every finished result)."""
        for i in sorted([*self._held, *self._spilled]):
            result = self._take(i)
            assert result is not None
            self.emit(result)
        if self._file is not None:
            self._file.close()
            self._file = None

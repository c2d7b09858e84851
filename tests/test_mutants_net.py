"""net.py pinned where mutants went unnoticed: Retry-After dates, the backoff doubling,
what counts as an answer, the loop-lag clock (driven by a fake loop, no sleeping).
Written from the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from typing import Any

import pytest

from beian_check import net
from beian_check.net import Fetched, LoopLag, OnTime, _answered, backoff_delay, retry_after_seconds
from beian_check.outcome import Failure, Kind
from beian_check.settings import Settings


def test_retry_after_dates_against_the_clock() -> None:
    now = 1_445_412_470.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 10.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:27:00 GMT", now=now) == 0.0  # already past
    assert retry_after_seconds(" 7 ") == 7.0
    assert retry_after_seconds("") is None
    assert retry_after_seconds(None) is None
    # without ``now``, the real clock
    soon = email.utils.formatdate(time.time() + 3600, usegmt=True)
    assert 3500 < (retry_after_seconds(soon) or 0) <= 3600
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


@pytest.mark.parametrize(
    "attempt,lower,upper",
    [(0, 0.25, 0.5), (1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0), (4, 4.0, 8.0), (5, 8.0, 8.0)],
)
def test_backoff_doubles_with_jitter_under_the_cap(
    attempt: int, lower: float, upper: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(backoff=0.5, backoff_cap=8.0)
    monkeypatch.setattr(net.random, "uniform", lambda lo, hi: hi)
    assert backoff_delay(attempt, settings, None) == upper
    monkeypatch.setattr(net.random, "uniform", lambda lo, hi: lo)
    assert backoff_delay(attempt, settings, None) == lower
    assert backoff_delay(attempt, settings, 3.0) == 3.0
    assert backoff_delay(attempt, settings, 30.0) == 8.0


@pytest.mark.parametrize(
    "failure,redirects,answered",
    [
        (None, [], True),
        (Failure(Kind.HTTP_STATUS), [], True),  # the server answered with an error status
        (Failure(Kind.REFUSED), [], False),
        (Failure(Kind.TLS), [], False),
        (Failure(Kind.REFUSED), ["https://example.cn/"], True),  # it redirected, then failed
    ],
)
def test_answered(failure: Failure | None, redirects: list[str], answered: bool) -> None:
    assert _answered(Fetched("https://example.cn/", failure=failure, redirects=redirects)) is answered


class FakeLoop:
    """The two calls LoopLag and OnTime make, on a clock the test sets."""

    def __init__(self) -> None:
        self.now = 100.0
        self.calls: list[tuple[str, float]] = []

    def time(self) -> float:
        return self.now

    def call_at(self, when: float, callback: Callable[[], None]) -> None:
        self.calls.append(("at", when))

    def call_later(self, delay: float, callback: Callable[[], None]) -> Any:
        self.calls.append(("later", delay))
        return None


@pytest.fixture
def loop(monkeypatch: pytest.MonkeyPatch) -> FakeLoop:
    fake = FakeLoop()
    monkeypatch.setattr(net.asyncio, "get_running_loop", lambda: fake)
    return fake


def test_loop_lag_starts_on_time_and_smooths_lateness(loop: FakeLoop) -> None:
    lag = LoopLag()
    assert lag.busy() is False  # first use: starts ticking
    assert loop.calls == [("at", 100.05)]
    assert lag.busy() is False  # on time
    loop.now = 100.07  # the tick is 20 ms late: not yet busy
    assert lag.busy() is False
    loop.now = 100.08
    assert lag.busy() is True
    lag._tick()  # the tick runs 30 ms late
    assert lag.late == pytest.approx(0.3 * 0.03)
    assert loop.calls[-1] == ("at", pytest.approx(100.13))
    assert lag.busy() is False  # smoothed: one late tick is not a busy loop
    lag.late = 0.021
    assert lag.busy() is True


def test_on_time_waits_while_the_loop_is_late(loop: FakeLoop) -> None:
    fired: list[bool] = []

    class Busy(LoopLag):
        def busy(self) -> bool:
            return True

    timer = OnTime(2.0, lambda: fired.append(True), Busy())
    assert loop.calls == [("later", 2.0)]
    timer._fire()
    assert fired == [] and loop.calls[-1] == ("later", 0.1)
    timer.lag = LoopLag()
    timer.lag.busy()  # starts on time
    timer._fire()
    assert fired == [True]

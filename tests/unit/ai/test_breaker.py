"""The circuit breaker, on a fake clock."""

from __future__ import annotations

from graphql_api.ai.breaker import CircuitBreaker, CircuitState


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_n_failures_and_probes_once_after_the_cooldown() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=3, cooldown=30, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.failure()
    assert breaker.state == CircuitState.CLOSED
    assert breaker.allow()
    breaker.failure()
    assert breaker.state == CircuitState.OPEN
    assert not breaker.allow()
    clock.now += 29.9
    assert not breaker.allow()
    clock.now += 0.2
    assert breaker.state == CircuitState.HALF_OPEN
    assert breaker.allow()  # the one probe
    assert not breaker.allow()  # nobody else while it runs
    breaker.success()
    assert breaker.state == CircuitState.CLOSED
    assert breaker.allow()


def test_a_failed_probe_reopens_for_a_full_cooldown() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=1, cooldown=10, clock=clock)
    breaker.failure()
    clock.now += 10
    assert breaker.allow()
    breaker.failure()
    assert breaker.state == CircuitState.OPEN
    clock.now += 9
    assert not breaker.allow()


def test_a_success_resets_the_count_and_release_frees_the_probe() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=2, cooldown=10, clock=clock)
    breaker.failure()
    breaker.success()
    breaker.failure()
    assert breaker.state == CircuitState.CLOSED
    breaker.failure()
    clock.now += 10
    assert breaker.allow()
    breaker.release()  # the probe hit our own bad request: no verdict
    assert breaker.allow()

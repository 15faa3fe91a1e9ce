"""Timing for the benchmarks: wall and CPU time per run, medians and 95th percentiles, floors
timed in turns with what they are the floor of, and a write's data statements.

CPU time is this process's (`time.process_time`): in process through the test client, a
request's own cost without the network; on SQLite the database's work is included, on
PostgreSQL it runs in the server and is not."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.statements import is_data


@dataclass
class Samples:
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    def take(self, action: Callable[[], object]) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        self.cpu_ms.append((time.process_time() - cpu) * 1000)
        self.wall_ms.append((time.perf_counter() - wall) * 1000)
        return result

    @property
    def median_ms(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def p95_ms(self) -> float:
        return p95(self.wall_ms)

    @property
    def cpu_median_ms(self) -> float:
        return statistics.median(self.cpu_ms)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def measure(action: Callable[[], object], repeat: int) -> Samples:
    action()  # warm up
    samples = Samples()
    for _ in range(repeat):
        samples.take(action)
    return samples


def paired(
    floor: Callable[[], object], action: Callable[[], object], repeat: int
) -> tuple[Samples, Samples]:
    """The floor and the action, timed in turns after a warm-up of each, so both see the same
    load on the machine."""
    floor()
    action()
    floors, actions = Samples(), Samples()
    for _ in range(repeat):
        floors.take(floor)
        actions.take(action)
    return floors, actions


def data_statements(action: Callable[[], object]) -> int:
    """What the action asks of the database, without the transaction control around it."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return sum(is_data(q["sql"]) for q in captured.captured_queries)

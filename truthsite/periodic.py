"""Periodic background tasks on Django's tasks framework, which has no schedule.

A periodic task claims the current tick (`interval` seconds, aligned to the clock)
in the shared cache, then enqueues itself for the start of the next tick. If two
chains ever exist (the task was started twice), the second to reach a tick finds it
taken and ends, so they collapse back into one. The next run is enqueued before the
work, so a run that fails or whose worker is killed does not end the chain.
With a backend that cannot defer (the in-process one of development and tests)
nothing is rescheduled: the task runs once, when called.
"""

import time
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone


def claim_tick(name, interval):
    """True for the first caller in this tick of `interval` seconds, False after."""
    tick = int(time.time() // interval)
    return cache.add(f"{name}:{tick}", 1, interval * 2)


def schedule_next_tick(task, interval, *args, **kwargs):
    """Enqueue `task` for just after the start of the next tick; None if it cannot defer."""
    if not task.get_backend().supports_defer:
        return None
    next_tick = timezone.now() + timedelta(seconds=interval - time.time() % interval + 1)
    return task.using(run_after=next_tick).enqueue(*args, **kwargs)


def start_tick(task, *, name, interval):
    """Claim this tick for `task` and schedule its next run; False if already claimed."""
    if not claim_tick(name, interval):
        return False
    schedule_next_tick(task, interval)
    return True

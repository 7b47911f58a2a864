"""``collector_paused``: build a big, long-lived object graph without the cyclic collector.

Loading a schema, building its IR and linting it allocate hundreds of thousands of small objects
that live as long as the result and form no cycles worth collecting. With the collector running,
it rescans them again and again while they grow (a third of a big load's time). Simply turning it
off and on again is not enough either: everything allocated meanwhile is still in the youngest
generation, so the first collection after re-enabling walks all of it (0.2 s on 5,000 models) and
finds nothing. Here those objects are moved straight to the oldest generation instead.

Layer 0: it knows nothing of workbench, so the loader and every feature can use it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block that allocates a big, long-lived, acyclic-in-the-main graph without the cyclic GC.

    On the way out, the objects allocated meanwhile move to the oldest generation (``freeze`` then
    ``unfreeze``: a list splice, no scan), where the next full collection sees them as it would
    have after they survived two younger ones. Skipped when someone froze objects on purpose (a
    pre-fork server): their freeze is kept. A caller who had the collector off keeps it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()

"""Keeping Streamlit's collection after each script run cheap: it runs a full garbage collection
(`gc.collect(2)`, `runner.postScriptGC`) after every run, holding the GIL while it walks every object
the process tracks. After the first page those are ~160,000 that live as long as the process (the
libraries, Altair's Vega-Lite schema, the caches): 0.1 s of CPU per run, paid between a click's run and
the page it opens, and before a run's last messages leave for the browser (0.25-0.7 s of wall time on
this shared machine; bench/page_switch.py --phases). `gc.freeze()` moves them to the permanent generation
the collector skips, so each collection walks only what the runs since made (about 1,500 objects: 1 ms).

Frozen objects are still freed when their last reference goes; only reference cycles among them would
stay, so the freeze is done only when the process holds more modules than at the last one (the first
runs of the pages, a handful of times in a server's life), never per run."""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_at_last_freeze = 0


def freeze_what_is_loaded() -> bool:
    """Freeze what the process holds now when it has imported modules since the last freeze; True when it
    froze. Called at the start of a run, when Streamlit's collection after the run before has freed that
    run's garbage."""
    global _modules_at_last_freeze
    with _lock:
        if len(sys.modules) <= _modules_at_last_freeze:
            return False
        _modules_at_last_freeze = len(sys.modules)
        gc.freeze()
        return True

"""A benchmark's temporary folder, removed however the run ends (issue 37, item 7).

`atexit` alone covers a normal end, an exception and Ctrl-C, but not SIGTERM or SIGHUP (a closed
terminal, `kill`, a CI timeout), which end Python without running it: up to 190 MB a run was left in
/tmp that way. Those two signals now end the run through `sys.exit`, so `atexit` and every `finally`
run. SIGKILL cannot be caught; what it leaves is named by the prefix given here.
"""
import atexit, shutil, signal, sys, tempfile

_handled = False


def _leave(signum, frame):
    sys.exit(128 + signum)


def scratch(prefix):
    """A new temporary folder named `prefix…`, removed when the run ends."""
    global _handled
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, True)
    if not _handled:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _leave)
        _handled = True
    return path

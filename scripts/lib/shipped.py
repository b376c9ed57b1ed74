"""The binary a benchmark measures when it is run alone, without --binary: the one a force installs,
built by scripts/lib/shipped-build (release, the Swift and C++ runtimes linked in, no run path), so a
benchmark run alone and `scripts/bench` measure the same binary, built with the same flags."""
import os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def shipped_binary(*products):
    """The path of the shipped `intake`, after building `products` (intake alone by default); the
    build's log is shown only if it fails."""
    done = subprocess.run([os.path.join(ROOT, "scripts/lib/shipped-build"), *(products or ("intake",))], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    return os.path.join(done.stdout.strip(), "intake")

"""A teaching scenario's answers as an operational answers file, for the benchmarks.

With its title, a scenario is always signed as a training record (issue 35), in the training
namespaces; the benchmarks make and re-sign operational records, so they take the answers alone.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def operational(name, folder):
    """flows/scenarios/NAME.yaml without its title and about, written into `folder`; its path."""
    kept, skipping = [], False
    with open(os.path.join(ROOT, f"flows/scenarios/{name}.yaml"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines:
        if line.startswith("title:") or line.startswith("about:"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        kept.append(line)
    path = os.path.join(folder, f"{name}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(kept))
    return path

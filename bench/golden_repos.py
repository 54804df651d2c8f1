"""The golden cases as in-memory repositories, for the benchmarks that generate corpora from them."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load():
    """[(case name, {relative path: bytes})] for every golden case, expectations left out."""
    base = os.path.join(ROOT, "golden")
    cases = []
    for case in sorted(os.listdir(base)):
        files = {}
        for dirpath, _, names in os.walk(os.path.join(base, case)):
            for n in names:
                if n.startswith("expected."):
                    continue
                p = os.path.join(dirpath, n)
                with open(p, "rb") as f:
                    files[os.path.relpath(p, os.path.join(base, case))] = f.read()
        cases.append((case, files))
    return cases

#!/usr/bin/env python3
"""Many Dockerfiles in one build context: the shape where msify used to list the directory and
probe the same manifests again for every file (436 Dockerfiles: 32,662 statx and 2,616
getdents64 calls). The directory holds one Node.js repository and N Dockerfile.<i> variants of
the golden Dockerfiles; all share that context. In one run: `msify -r --format json` over the
directory (whole process), BuildKit's parser (PyPI `dockerfile` binding, in-process, parse only)
over the same Dockerfiles, and `cat` of every file. Usage:

    cargo build --release && python3 bench/one_dir.py [--files 436] [--runs 5]

Targets (issue "legacy repositories"): msify >= 6x faster than the BuildKit binding, <= 3x cat.
With --strace, also counts msify's file-system calls (needs strace).
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_repos

ROOT = golden_repos.ROOT
MSIFY = os.path.join(ROOT, "target", "release", "msify")
VENV_PY = os.path.join(ROOT, ".venv", "bin", "python")


def generate(dest, n):
    cases = golden_repos.load()
    node = dict(next(files for case, files in cases if case == "node-npm-express"))
    for rel, data in node.items():
        if os.path.basename(rel) != "Dockerfile":
            p = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "wb").write(data)
    dockerfiles = [files["Dockerfile"] for _, files in cases if "Dockerfile" in files]
    paths = []
    for i in range(n):
        p = os.path.join(dest, f"Dockerfile.{i}")
        open(p, "wb").write(dockerfiles[i % len(dockerfiles)])
        paths.append(p)
    return paths


def wall(cmd, **kw):
    t = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


BUILDKIT = r"""
import sys, time, dockerfile
texts = [open(p).read() for p in sys.argv[1:]]
t = time.perf_counter()
for s in texts:
    try: dockerfile.parse_string(s)
    except Exception: pass
print(time.perf_counter() - t)
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=436)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--strace", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(MSIFY):
        sys.exit("build first: cargo build --release")
    tmp = tempfile.mkdtemp(prefix="msify-onedir-")
    try:
        paths = generate(tmp, args.files)
        cat = f"cat {tmp}/* > /dev/null"
        wall(cat, shell=True)
        msify = [MSIFY, "-r", "--quiet", "--format", "json", tmp]
        cats = [wall(cat, shell=True) for _ in range(args.runs)]
        runs = [wall(msify) for _ in range(args.runs)]
        buildkit = []
        for _ in range(args.runs):
            out = subprocess.run([VENV_PY, "-c", BUILDKIT, *paths], capture_output=True, text=True, check=True)
            buildkit.append(float(out.stdout.strip()))
        m, k, b = statistics.median(runs), statistics.median(cats), statistics.median(buildkit)
        print(f"{args.files} Dockerfiles in one directory (medians of {args.runs} runs)")
        print(f"  msify -r --format json (whole process): {m * 1000:.1f} ms")
        print(f"  BuildKit binding, parse only (in-process): {b * 1000:.1f} ms -> msify is {b / m:.1f}x faster (target >= 6x)")
        print(f"  cat of every file: {k * 1000:.1f} ms -> msify / cat {m / k:.2f}x (target <= 3x)")
        if args.strace and shutil.which("strace"):
            out = subprocess.run(["strace", "-f", "-c", "-o", os.path.join(tmp, "trace"), *msify], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            calls = {}
            for line in open(os.path.join(tmp, "trace")):
                parts = line.split()
                if len(parts) >= 5 and parts[-1] in ("statx", "newfstatat", "getdents64", "openat", "read", "lstat", "stat"):
                    calls[parts[-1]] = parts[3] if parts[3].isdigit() else parts[4]
            print("  file-system calls: " + ", ".join(f"{k} {v}" for k, v in sorted(calls.items())))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

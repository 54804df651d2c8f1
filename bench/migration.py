#!/usr/bin/env python3
"""Migration benchmark: msify -r over a generated tree of N repositories (default 10,000).

Each repository is a copy of one of the golden cases (realistic manifests and single-stage
Dockerfiles across every stack), so the tree has every kind of work: rewrites, refusals, already
multi-stage files. In the same run the same tree is read with `cat` (every file, native), and
the ratio is reported. Usage:

    cargo build --release && python3 bench/migration.py [--repos 10000] [--runs 3]

Prints files/second, CPU per Dockerfile, peak memory (max RSS of the msify process) and the
msify / cat wall-time ratio (target: under 3x, and under 1 ms of CPU per Dockerfile).
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_repos

ROOT = golden_repos.ROOT
MSIFY = os.environ.get("MSIFY_BIN") or os.path.join(ROOT, "target", "release", "msify")


def generate(dest, repos):
    cases = golden_repos.load()
    dockerfiles = 0
    for i in range(repos):
        case, files = cases[i % len(cases)]
        repo = os.path.join(dest, f"team{i % 100:02d}", f"{case}-{i:05d}")
        for rel, data in files.items():
            p = os.path.join(repo, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
            if os.path.basename(rel) == "Dockerfile":
                dockerfiles += 1
    return dockerfiles


def timed(cmd, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, **kw)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repos", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not os.path.exists(MSIFY):
        sys.exit("build first: cargo build --release")
    tmp = tempfile.mkdtemp(prefix="msify-bench-")
    try:
        tree = os.path.join(tmp, "repos")
        dockerfiles = generate(tree, args.repos)
        nfiles = sum(len(f) for _, _, f in os.walk(tree))
        print(f"tree: {args.repos} repositories, {nfiles} files, {dockerfiles} Dockerfiles")
        cat = f"find {tree} -type f -print0 | xargs -0 cat"
        subprocess.run(cat, shell=True, stdout=subprocess.DEVNULL)  # warm the page cache
        cats, walls, cpus = [], [], []
        peak = 0
        for _ in range(args.runs):
            cats.append(timed(cat, shell=True)[0])
            wall, cpu, rss = timed([MSIFY, "-r", "--quiet", "--format", "json", tree])
            walls.append(wall)
            cpus.append(cpu)
            peak = max(peak, rss)
        w, c, k = statistics.median(walls), statistics.median(cpus), statistics.median(cats)
        print(f"cat (read every file): {k:.3f} s")
        print(f"msify -r --format json: {w:.3f} s wall, {c:.3f} s CPU, peak RSS {peak / 1024:.0f} MB (max over runs; includes cat)")
        print(f"  {dockerfiles / w:,.0f} Dockerfiles/s, {nfiles / w:,.0f} files/s")
        print(f"  CPU per Dockerfile: {1000 * c / dockerfiles:.3f} ms (target < 1 ms)")
        print(f"  msify / cat: {w / k:.2f}x (target < 3x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

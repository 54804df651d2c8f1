"""Parse Dockerfiles with BuildKit's own Go parser (PyPI `dockerfile`) and print what it saw.

Usage: python buildkit_parse.py FILE...   -> one JSON object {path: result} on stdout.
A result is {"ok": true, "instructions": [...]} or {"ok": false, "error": "..."}.
Everything is parsed in one process so a batch of hundreds of files costs one interpreter start.
"""
import json
import sys

import dockerfile


def describe(cmd):
    entry = {
        "keyword": (cmd.cmd or "").lower(),
        "sub": (cmd.sub_cmd or "").lower() or None,
        "start_line": cmd.start_line,
        "end_line": cmd.end_line,
        "json": bool(cmd.json),
        "flags": list(cmd.flags),
        "heredocs": [h.name for h in cmd.heredocs],
        "heredoc_bodies": [h.content for h in cmd.heredocs],
        "value": list(cmd.value),
    }
    if entry["keyword"] == "from":
        values = list(cmd.value)
        entry["image"] = values[0] if values else None
        entry["stage"] = values[2] if len(values) >= 3 and values[1].lower() == "as" else None
    return entry


def main(paths):
    out = {}
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        try:
            cmds = dockerfile.parse_string(data.decode("utf-8"))
            out[path] = {"ok": True, "instructions": [describe(c) for c in cmds]}
        except dockerfile.GoParseError as e:
            out[path] = {"ok": False, "error": str(e)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])

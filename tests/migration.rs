//! `msify -r` over a tree of repositories: discovery (ignores, skipped dirs, symlinks), one bad
//! file not stopping the run, exit codes, summary, JSON/GitHub/SARIF output, nothing written
//! without --write.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn msify(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_msify")).args(args).current_dir(cwd).output().unwrap()
}

use common::copy_case;

/// repos/{go-api, node-svc, legacy (broken), platform (monorepo: services/api + services/web)}
/// plus an ignored dir, node_modules, a symlink loop and a link out of the root.
fn fixture(with_broken: bool) -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = dir.path().join("repos");
    copy_case("go-root", &root.join("go-api"));
    copy_case("node-npm-express", &root.join("node-svc"));
    copy_case("already-multi-stage", &root.join("done"));
    copy_case("go-cmd-server", &root.join("platform/services/api"));
    copy_case("spa-vite-react", &root.join("platform/services/web"));
    fs::rename(root.join("platform/services/web/Dockerfile"), root.join("platform/services/web/web.Dockerfile")).unwrap();
    if with_broken {
        fs::create_dir_all(root.join("legacy")).unwrap();
        fs::write(root.join("legacy/Dockerfile"), "FROM python:3.12\nRUN <<EOF\npip install flask\n").unwrap();
    }
    // Ignored by .gitignore and .msifyignore; never walked: node_modules.
    fs::write(root.join(".gitignore"), "generated/\n").unwrap();
    fs::write(root.join(".msifyignore"), "sandbox/\n").unwrap();
    for d in ["generated", "sandbox", "node-svc/node_modules/pkg"] {
        fs::create_dir_all(root.join(d)).unwrap();
        fs::write(root.join(d).join("Dockerfile"), "FROM golang:1.22\nRUN go build -o /x .\nCMD [\"/x\"]\n").unwrap();
    }
    // A symlink loop, and a link to a directory outside the root holding a Dockerfile.
    std::os::unix::fs::symlink("..", root.join("go-api/loop")).unwrap();
    fs::write(outside.path().join("Dockerfile"), "FROM golang:1.22\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("elsewhere")).unwrap();
    (dir, outside)
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in ignore::WalkBuilder::new(root).hidden(false).git_ignore(false).follow_links(false).build().flatten() {
        if e.file_type().is_some_and(|t| t.is_file()) {
            out.insert(e.path().to_path_buf(), fs::read(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn summary_exit_codes_and_nothing_written() {
    let (dir, _outside) = fixture(true);
    let before = snapshot(dir.path());
    let o = msify(&["-r", "--check", "repos"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "a broken file makes the run exit 2:\n{out}");
    for (path, status) in [
        ("repos/go-api/Dockerfile", "rewritten"),
        ("repos/node-svc/Dockerfile", "rewritten"),
        ("repos/done/Dockerfile", "already multi-stage"),
        ("repos/platform/services/api/Dockerfile", "rewritten"),
        ("repos/platform/services/web/web.Dockerfile", "rewritten"),
        ("repos/legacy/Dockerfile", "error"),
    ] {
        let line = out.lines().find(|l| l.starts_with(path)).unwrap_or_else(|| panic!("{path} missing:\n{out}"));
        assert!(line.contains(status), "{path}: {line}");
    }
    assert!(out.contains("unterminated heredoc"), "{out}");
    assert!(out.contains("loop"), "the symlink loop is reported:\n{out}");
    assert!(out.contains("leaves the root"), "the link out of the root is reported:\n{out}");
    for hidden in ["generated/", "sandbox/", "node_modules", "elsewhere/Dockerfile"] {
        assert!(!out.lines().any(|l| l.starts_with("repos/") && l.contains(hidden) && !l.contains("leaves the root")), "{hidden} must not be processed:\n{out}");
    }
    assert!(out.contains("4 rewritten"), "{out}");
    assert_eq!(before, snapshot(dir.path()), "nothing written without --write");

    // Without the broken file: --check exits 1 (changes proposed), a plain run 0.
    let (dir, _outside) = fixture(false);
    let o = msify(&["-r", "--check", "repos"], dir.path());
    assert_eq!(o.status.code(), Some(2), "the loop and the outside link are errors");
    fs::remove_file(dir.path().join("repos/go-api/loop")).unwrap();
    fs::remove_file(dir.path().join("repos/elsewhere")).unwrap();
    let o = msify(&["-r", "--check", "repos"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    let o = msify(&["-r", "repos"], dir.path());
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn monorepo_services_use_their_own_context() {
    let (dir, _outside) = fixture(false);
    let o = msify(&["-r", "--format", "json", "repos/platform"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let by_path = |p: &str| files.iter().find(|f| f["path"].as_str().unwrap().ends_with(p)).unwrap_or_else(|| panic!("{p}"));
    assert_eq!(by_path("services/api/Dockerfile")["detection"]["stack"], "go");
    assert_eq!(by_path("services/web/web.Dockerfile")["detection"]["stack"], "spa");
    assert_eq!(v["summary"]["rewritten"], 2);
}

#[test]
fn write_writes_each_file_and_says_so() {
    let (dir, _outside) = fixture(false);
    fs::remove_file(dir.path().join("repos/go-api/loop")).unwrap();
    fs::remove_file(dir.path().join("repos/elsewhere")).unwrap();
    let o = msify(&["-r", "--write", "repos"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_eq!(out.matches("wrote ").count(), 4, "{out}");
    let go = fs::read_to_string(dir.path().join("repos/go-api/Dockerfile")).unwrap();
    assert!(go.contains("FROM golang:1.22 AS build"));
    let o = msify(&["-r", "--check", "repos"], dir.path());
    assert_eq!(o.status.code(), Some(0), "idempotent over the tree: {}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn msify_toml_ignore_and_overrides() {
    let (dir, _outside) = fixture(false);
    fs::write(dir.path().join("repos/msify.toml"), "ignore = [\"node-svc\"]\n\n[[override]]\npath = \"go-api/**\"\nruntime = \"scratch\"\n").unwrap();
    let o = msify(&["-r", "--format", "json", "repos"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert!(files.iter().all(|f| !f["path"].as_str().unwrap().contains("node-svc")), "ignored dir is not walked");
    let go = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("go-api/Dockerfile")).unwrap();
    assert_eq!(go["runtime_image"], "scratch");
}

#[test]
fn github_annotations() {
    let (dir, _outside) = fixture(true);
    let o = msify(&["-r", "--format", "github", "repos"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.lines().any(|l| l.starts_with("::notice file=repos/go-api/Dockerfile,line=1,title=msify%3A multi-stage rewrite available::")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("::error file=repos/legacy/Dockerfile,line=2")), "{out}");
    assert!(out.contains("%0A+FROM golang:1.22 AS build"), "the diff travels in the annotation");
}

#[test]
fn sarif_validates_against_the_schema() {
    let (dir, _outside) = fixture(true);
    let o = msify(&["-r", "--format", "sarif", "repos"], dir.path());
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "MSIFY001" && r["fixes"].is_array()));
    assert!(results.iter().any(|r| r["ruleId"] == "MSIFY003" && r["level"] == "error"));
    // The official SARIF 2.1.0 schema (fetched by scripts/test.sh) with Python's jsonschema.
    let Some(python) = common::oracle_python() else { return };
    let schema = std::env::var_os("MSIFY_SARIF_SCHEMA").map(PathBuf::from).unwrap_or_else(|| common::repo_root().join(".venv/sarif-2.1.0.json"));
    assert!(schema.exists(), "SARIF schema missing at {} (scripts/test.sh fetches it)", schema.display());
    let file = dir.path().join("out.sarif");
    fs::write(&file, &o.stdout).unwrap();
    let check = "import json,sys,jsonschema\nschema=json.load(open(sys.argv[1]))\ndoc=json.load(open(sys.argv[2]))\ncls=jsonschema.validators.validator_for(schema)\nerrs=list(cls(schema).iter_errors(doc))\nbad={'version':'9.9'}\nassert list(cls(schema).iter_errors(bad)), 'the validator must reject a bad document'\nprint('\\n'.join(f'{list(e.absolute_path)}: {e.message}' for e in errs[:10]))\nsys.exit(1 if errs else 0)\n";
    let out = Command::new(python).args(["-c", check]).arg(&schema).arg(&file).output().unwrap();
    assert!(out.status.success(), "SARIF does not validate:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn recursive_discovery_finds_every_name_form() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["Dockerfile", "Dockerfile.prod", "api.Dockerfile", "Containerfile", "README.md"] {
        let d = dir.path().join(name.replace('.', "_"));
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join(name), "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/x .\nCMD [\"/app/x\"]\n").unwrap();
    }
    let found = msify::discover::discover(&[dir.path().to_path_buf()], &[]);
    let names: Vec<String> = found.files.iter().map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(!names.contains(&"README.md".to_string()));
}

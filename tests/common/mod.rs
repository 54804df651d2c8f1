//! Helpers shared by the integration tests: the BuildKit oracle and fixture discovery.
#![allow(dead_code)]

pub mod stage_grammar;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A test that cannot run here says so where the runner counts it: the reason goes to
/// `target/test-skips.txt`, which `scripts/test.sh` prints (and fails on with
/// `MSIFY_NO_SKIPS=1`). With `MSIFY_NO_SKIPS=1` set, the test itself fails instead.
pub fn skip(test: &str, reason: &str) {
    if std::env::var("MSIFY_NO_SKIPS").as_deref() == Ok("1") {
        panic!("{test} cannot run here: {reason} (MSIFY_NO_SKIPS=1)");
    }
    eprintln!("SKIPPED {test}: {reason}");
    let path = repo_root().join("target/test-skips.txt");
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).expect("skip log");
    std::io::Write::write_all(&mut f, format!("{test}: {reason}\n").as_bytes()).expect("skip log");
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Python interpreter that has the PyPI `dockerfile` package (BuildKit's parser).
/// `scripts/test.sh` creates `.venv`; `MSIFY_ORACLE_PYTHON` overrides.
/// Missing oracle fails the test, unless `MSIFY_SKIP_ORACLE=1` says to skip on purpose.
pub fn oracle_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("MSIFY_ORACLE_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = repo_root().join(".venv/bin/python");
    if venv.exists() {
        return Some(venv);
    }
    if std::env::var("MSIFY_SKIP_ORACLE").as_deref() == Ok("1") {
        skip("BuildKit oracle checks", "MSIFY_SKIP_ORACLE=1");
        return None;
    }
    panic!("BuildKit oracle not found: run ./scripts/test.sh (it creates .venv with PyPI `dockerfile`), set MSIFY_ORACLE_PYTHON, or MSIFY_SKIP_ORACLE=1 to skip");
}

/// Run the oracle over files in one process; returns {path: result} as JSON.
pub fn oracle_parse(python: &Path, files: &[PathBuf]) -> serde_json::Value {
    let script = repo_root().join("tests/oracle/buildkit_parse.py");
    let out = Command::new(python).arg(script).args(files).output().expect("run oracle");
    assert!(out.status.success(), "oracle failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("oracle JSON")
}

/// Files in a directory with the given suffix, sorted.
pub fn files_with_suffix(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// A golden case copied into `to` (directories included), without its `expected.*` files.
pub fn copy_case(case: &str, to: &Path) {
    copy_dir(&repo_root().join("golden").join(case), to);
    for f in ["expected.Dockerfile", "expected.diff", "expected.notes", "expected.detect.json"] {
        let _ = std::fs::remove_file(to.join(f));
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Whether the tests run as root (who ignores file permissions).
pub fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

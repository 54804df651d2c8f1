//! Helpers shared by the integration tests: the BuildKit oracle and fixture discovery.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

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
        eprintln!("MSIFY_SKIP_ORACLE=1: skipping the BuildKit oracle");
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

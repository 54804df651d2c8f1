//! Golden cases: `golden/<case>/` is a small repository with its single-stage Dockerfile; the
//! `expected.*` files beside it hold what msify must produce for it. `MSIFY_BLESS=1 cargo test
//! --test golden` rewrites the expectations (read the diff before committing); otherwise a
//! mismatch fails with a readable diff.

mod common;

use msify::cli::Target;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(common::repo_root().join("golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn blessing() -> bool {
    std::env::var("MSIFY_BLESS").as_deref() == Ok("1")
}

/// Compare `actual` with the expectation file, or write it when blessing. Returns a failure text.
fn check(case: &Path, file: &str, actual: &str) -> Option<String> {
    let path = case.join(file);
    if blessing() {
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
        .unified_diff()
        .header(&format!("{file} (expected)"), &format!("{file} (actual)"))
        .to_string();
    Some(format!("{}/{file} differs (MSIFY_BLESS=1 to accept):\n{diff}", case.display()))
}

#[test]
fn golden_detection() {
    let mut failures = Vec::new();
    for case in cases() {
        let target = Target::resolve(&case).unwrap();
        let text = target.dockerfile.as_ref().map(|p| std::fs::read_to_string(p).unwrap());
        let parsed = text.as_deref().map(|t| msify::syntax::parse(t).expect("golden Dockerfiles parse"));
        let detection = msify::detect::detect(&target.context, parsed.as_ref());
        let json = msify::report::detection_json(".", &detection);
        let rendered = serde_json::to_string_pretty(&json).unwrap() + "\n";
        failures.extend(check(&case, "expected.detect.json", &rendered));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

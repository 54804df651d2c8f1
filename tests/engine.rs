//! `msify verify` against a real Docker engine (run by scripts/engine-test.sh, which sets the
//! engine up): for Go, Node, Python, Java, Rust and an SPA, both images build, the rewritten one
//! is smaller, its settings match (or msify announced the change) and the smoke test passes.
#![cfg(feature = "engine")]

mod common;

use std::process::Command;

fn verify(case: &str, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let dir = common::repo_root().join("golden").join(case);
    let out = Command::new(env!("CARGO_BIN_EXE_msify"))
        .args(["verify", "--format", "json"])
        .args(extra)
        .arg(&dir)
        .output()
        .expect("run msify verify");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_proved(case: &str, extra: &[&str]) {
    let (code, r, err) = verify(case, extra);
    assert_eq!(code, 0, "{case}: {err}\n{r:#}");
    assert_eq!(r["passed"], true, "{case}: {r:#}");
    let orig = r["original"]["size_bytes"].as_u64().unwrap();
    let new = r["rewritten"]["size_bytes"].as_u64().unwrap();
    assert!(new < orig, "{case}: rewritten image ({new}) is not smaller than the original ({orig})");
    assert_eq!(r["smoke"]["passed"], true, "{case}: {r:#}");
    assert!(r["config_changes"].as_array().unwrap().iter().all(|c| c["announced"] == true), "{case}: {r:#}");
    eprintln!("{case}: {orig} -> {new} bytes ({:.1}% smaller), smoke {}", r["size_reduction_percent"].as_f64().unwrap(), r["smoke"]["rewritten"]);
}

#[test]
fn go() {
    assert_proved("go-root", &["--smoke-http", "8080/"]);
}

#[test]
fn node() {
    assert_proved("engine-node-http", &["--smoke-http", "3000/"]);
}

#[test]
fn python() {
    assert_proved("engine-python-http", &["--smoke-http", "8000/"]);
}

#[test]
fn java() {
    assert_proved("engine-java-jar", &["--smoke-http", "8080/"]);
}

#[test]
fn rust() {
    // The binary prints and exits 0: the default smoke test (stays up or exits 0) applies.
    assert_proved("rust-single", &[]);
}

#[test]
fn spa() {
    assert_proved("engine-spa-vite", &["--smoke-http", "4173/"]);
}

#[test]
fn verify_cleans_up_what_it_created() {
    let out = Command::new("/usr/bin/docker").args(["images", "-q", "--filter", "label=msify.verify"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).trim().is_empty(), "images left behind by msify verify");
    let out = Command::new("/usr/bin/docker").args(["ps", "-aq", "--filter", "label=msify.verify"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).trim().is_empty(), "containers left behind by msify verify");
}

#[test]
fn heredocs_on_an_old_engine_are_explained() {
    let (code, _, err) = verify("heredoc-run", &[]);
    let version = Command::new("/usr/bin/docker").args(["version", "--format", "{{.Server.Version}}"]).output().unwrap();
    let major: u32 = String::from_utf8_lossy(&version.stdout).split('.').next().unwrap_or("0").trim().parse().unwrap_or(0);
    if major < 23 {
        assert_eq!(code, 2);
        assert!(err.contains("heredoc") && err.contains("Docker 23"), "{err}");
    }
}

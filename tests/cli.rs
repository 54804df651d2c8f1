//! The real `msify` binary: exit codes, output modes, `--write` safety, and bad input.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn msify() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_msify"));
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> Output {
    msify().args(args).output().expect("run msify")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of a golden case in a temp dir (so --write can be tried on it).
fn scratch_copy(case: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    common::copy_case(case, dir.path());
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn help_and_version() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Examples:"));
    assert!(stdout(&o).contains("--check"));
    let o = run(&["--version"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("msify "));
    let o = run(&["--format", "yaml", "."]);
    assert_eq!(o.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn default_run_prints_a_diff_and_explanation_and_writes_nothing() {
    let (_d, dir) = scratch_copy("go-root");
    let before = fs::read(dir.join("Dockerfile")).unwrap();
    let o = run(&[dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("+++ b/"), "{out}");
    assert!(out.contains("+FROM golang:1.22 AS build"));
    assert!(out.contains("+COPY --from=build /app/hello /app/hello"));
    assert!(out.contains("stack: go"));
    assert!(out.contains("estimated runtime base"));
    assert!(!out.contains("\u{1b}["), "no colour when not a terminal");
    assert_eq!(fs::read(dir.join("Dockerfile")).unwrap(), before);
}

#[test]
fn check_exits_1_on_a_proposed_change_and_0_when_nothing_to_do() {
    let (_d, dir) = scratch_copy("go-root");
    let o = run(&["--check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let (_d2, ms) = scratch_copy("already-multi-stage");
    let o = run(&["--check", ms.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("already multi-stage"));
}

#[test]
fn refusal_is_explained_and_exits_2_under_check() {
    let (_d, dir) = scratch_copy("curl-pipe-sh");
    let o = run(&[dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("refused:"), "{}", stdout(&o));
    assert!(stdout(&o).contains("--force"));
    let o = run(&["--check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--force", dir.to_str().unwrap()]);
    assert!(stdout(&o).contains("+FROM node:20-slim"), "{}", stdout(&o));
}

#[test]
fn write_applies_atomically_keeping_mode_crlf_bom_and_final_newline_state() {
    use std::os::unix::fs::PermissionsExt;
    for case in ["crlf-go", "bom-node", "go-root"] {
        let (_d, dir) = scratch_copy(case);
        let df = dir.join("Dockerfile");
        fs::set_permissions(&df, fs::Permissions::from_mode(0o640)).unwrap();
        let expected = fs::read_to_string(common::repo_root().join("golden").join(case).join("expected.Dockerfile")).unwrap();
        let o = run(&["--write", dir.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{case}: {}", stderr(&o));
        assert!(stdout(&o).contains("wrote "), "{case}");
        assert_eq!(fs::read_to_string(&df).unwrap(), expected, "{case}");
        assert_eq!(fs::metadata(&df).unwrap().permissions().mode() & 0o777, 0o640, "{case}: mode kept");
        let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().contains(".msify-")).collect();
        assert!(leftovers.is_empty(), "{case}: temp file left behind");
        // Idempotent: a second --check proposes nothing.
        let o = run(&["--check", dir.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{case}: {}", stdout(&o));
    }
}

#[test]
fn stdin_is_read_with_dash() {
    let text = fs::read_to_string(common::repo_root().join("golden/go-root/Dockerfile")).unwrap();
    let mut child = msify().arg("-").current_dir(common::repo_root().join("golden/go-root")).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("--- a/-"), "{}", stdout(&o));
    assert!(stdout(&o).contains("+FROM gcr.io/distroless/static-debian12:nonroot"));
}

#[test]
fn json_output_has_the_documented_fields() {
    let (_d, dir) = scratch_copy("python-requirements-libpq");
    let o = run(&["--format", "json", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["status"], "rewritten");
    assert_eq!(f["detection"]["stack"], "python");
    assert_eq!(f["template"], "python-venv");
    assert_eq!(f["runtime_image"], "python:3.12-slim");
    assert!(f["diff"].as_str().unwrap().contains("+FROM python:3.12-slim"));
    assert!(f["new_content"].as_str().unwrap().contains("libpq5"));
    assert!(f["notes"].as_array().unwrap().len() > 3);
}

#[test]
fn color_always_and_no_color() {
    let dir = common::repo_root().join("golden/go-root");
    let o = run(&["--color", "always", dir.to_str().unwrap()]);
    assert!(stdout(&o).contains("\u{1b}["), "--color always colours");
    let o = msify().args(["--color", "auto", dir.to_str().unwrap()]).env("NO_COLOR", "1").output().unwrap();
    assert!(!stdout(&o).contains("\u{1b}["));
}

#[test]
fn runtime_variant_that_does_not_fit_is_an_error() {
    let dir = common::repo_root().join("golden/python-requirements-libpq");
    let o = run(&["--runtime", "alpine", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("libc"), "{}", stderr(&o));
    let o = run(&["--runtime", "nope", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("choose one of: slim, alpine"), "{}", stderr(&o));
    let go = common::repo_root().join("golden/go-root");
    let o = run(&["--runtime", "scratch", go.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("+FROM scratch"));
    assert!(stdout(&o).contains("ca-certificates.crt"));
}

#[test]
fn keep_root_adds_no_user() {
    let dir = common::repo_root().join("golden/rust-single");
    let o = run(&["--keep-root", dir.to_str().unwrap()]);
    assert!(!stdout(&o).contains("+USER"), "{}", stdout(&o));
    let o = run(&[dir.to_str().unwrap()]);
    assert!(stdout(&o).contains("+USER app"));
}

#[test]
fn bad_inputs_get_a_clear_error_exit_2_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    fs::write(p("binary"), b"FROM a\n\x00\x01\x02").unwrap();
    fs::write(p("latin1"), b"FROM a\nLABEL x=\"caf\xe9\"\n").unwrap();
    fs::write(p("huge"), vec![b'#'; 11 * 1024 * 1024]).unwrap();
    fs::write(p("syntax"), "FROM alpine\nRUN <<EOF\nnever closed\n").unwrap();
    std::os::unix::fs::symlink(p("loop-b"), p("loop-a")).unwrap();
    std::os::unix::fs::symlink(p("loop-a"), p("loop-b")).unwrap();
    let fifo = p("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    fs::create_dir(p("empty-dir")).unwrap();
    let cases: &[(&str, &str)] = &[
        ("binary", "binary file"),
        ("latin1", "invalid UTF-8"),
        ("huge", "larger than 10 MiB"),
        ("syntax", "unterminated heredoc"),
        ("loop-a", "symbolic link"),
        ("fifo", "not a regular file"),
        ("empty-dir", "no Dockerfile"),
        ("missing", "cannot read"),
    ];
    for (name, want) in cases {
        let before: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        let o = msify().args(["--write", p(name).to_str().unwrap()]).stdin(Stdio::null()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("hint:"), "{name}: errors say what to do");
        let after: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(before.len(), after.len(), "{name}: nothing created");
    }
    // A syntax error points at file:line:column with the line and a caret.
    let o = run(&[p("syntax").to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("syntax:2:1"), "{err}");
    assert!(err.contains("2 | RUN <<EOF"), "{err}");
    assert_eq!(fs::read_to_string(p("syntax")).unwrap(), "FROM alpine\nRUN <<EOF\nnever closed\n");
}

#[test]
fn one_bad_path_does_not_stop_the_others() {
    let good = common::repo_root().join("golden/go-root");
    let o = run(&["/nonexistent/path", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("+FROM golang:1.22 AS build"));
    assert!(stderr(&o).contains("/nonexistent/path"));
}

#[test]
fn detect_command_text_and_json() {
    let dir = common::repo_root().join("golden/spa-angular");
    let o = run(&["detect", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("spa/angular"), "{}", stdout(&o));
    assert!(stdout(&o).contains("angular.json"));
    let o = run(&["detect", "--format", "json", dir.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["primary"]["facts"]["output_dir"], "dist/shop/browser");
    let unknown = common::repo_root().join("golden/unknown-stack");
    let o = run(&["detect", "--format", "json", unknown.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["primary"].is_null());
    assert!(v["unknown_reason"].as_str().unwrap().contains("php:8.3-apache"));
}

#[test]
fn templates_list_show_and_user_overrides() {
    let o = run(&["templates", "list"]);
    assert_eq!(o.status.code(), Some(0));
    for name in ["go-static", "go-cgo", "node-server", "nextjs-standalone", "spa-nginx", "python-venv", "java-jre", "rust-native"] {
        assert!(stdout(&o).contains(name), "{name}");
    }
    let o = run(&["templates", "show", "rust-native"]);
    assert!(stdout(&o).contains("debian:{debian}-slim"));
    let o = run(&["templates", "show", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("known templates"));

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.toml"), "name = \"x\"\nstack = \"go\"\ndescription = \"d\"\n[[runtime.variants]]\nname = \"a\"\nimage = \"b\"\nsize_mb = 1\nsize_gb = 2\n").unwrap();
    let o = run(&["templates", "list", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.toml:8:1"), "{err}");
    assert!(err.contains("size_gb"), "{err}");

    // A user template replacing the built-in changes the rewrite.
    fs::remove_file(dir.path().join("bad.toml")).unwrap();
    let custom = fs::read_to_string(common::repo_root().join("templates/go-static.toml")).unwrap().replace("gcr.io/distroless/static-debian12:nonroot", "registry.example.com/base/static:1");
    fs::write(dir.path().join("go-static.toml"), custom).unwrap();
    let go = common::repo_root().join("golden/go-root");
    let o = run(&["--templates", dir.path().to_str().unwrap(), go.to_str().unwrap()]);
    assert!(stdout(&o).contains("+FROM registry.example.com/base/static:1"), "{}", stdout(&o));
}

#[test]
fn msify_toml_sets_the_preferred_runtime() {
    let (_d, dir) = scratch_copy("go-root");
    fs::write(dir.join("msify.toml"), "runtime = \"alpine\"\n").unwrap();
    let o = run(&[dir.to_str().unwrap()]);
    assert!(stdout(&o).contains("+FROM alpine:3.20"), "{}", stdout(&o));
    fs::write(dir.join("msify.toml"), "runtime = \"alpine\"\nruntimee = 1\n").unwrap();
    let o = run(&[dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("msify.toml:2:1"), "{}", stderr(&o));
}

#[test]
fn verify_without_an_engine_says_how_to_start_one_and_does_not_hang() {
    let dir = common::repo_root().join("golden/go-root");
    let start = std::time::Instant::now();
    let o = msify()
        .args(["verify", dir.to_str().unwrap()])
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .env("MSIFY_DOCKER", if Path::new("/usr/bin/docker").exists() { "/usr/bin/docker" } else { "docker" })
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no Docker engine reachable"), "{}", stderr(&o));
    assert!(stderr(&o).contains("dockerd"), "says how to start one: {}", stderr(&o));
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
}

/// Installed as `docker-msify` in a CLI plugin directory, msify answers the docker CLI's
/// metadata query and runs as `docker msify ...` (the plugin name docker passes first is dropped).
#[test]
fn docker_cli_plugin() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("cli-plugins");
    fs::create_dir_all(&plugins).unwrap();
    let plugin = plugins.join("docker-msify");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_msify"), &plugin).unwrap();
    let o = Command::new(&plugin).arg("docker-cli-plugin-metadata").output().unwrap();
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).expect("metadata is JSON");
    assert_eq!(meta["SchemaVersion"], "0.1.0");
    assert_eq!(meta["Vendor"], "msify");
    let golden = common::repo_root().join("golden/go-root");
    let o = Command::new(&plugin).args(["msify", "--check", golden.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "runs as msify --check: {}", stderr(&o));
    let o = Command::new(&plugin).args(["msify", "--bogus"]).output().unwrap();
    assert!(stderr(&o).contains("Usage: docker msify"), "{}", stderr(&o));

    // Through a real docker CLI, when one that knows plugins is installed (no engine needed).
    let Some(docker) = ["/usr/local/bin/docker", "/usr/bin/docker"].into_iter().find(|d| Path::new(d).exists()) else {
        common::skip("docker_cli_plugin (through docker)", "no docker CLI installed");
        return;
    };
    let o = Command::new(docker).args(["msify", "--version"]).env("DOCKER_CONFIG", dir.path()).output().unwrap();
    assert!(stdout(&o).starts_with("msify "), "`docker msify --version` through {docker}: {}{}", stdout(&o), stderr(&o));
    let o = Command::new(docker).arg("--help").env("DOCKER_CONFIG", dir.path()).output().unwrap();
    assert!(stdout(&o).contains("msify*") && stdout(&o).contains("multi-stage"), "listed by `docker --help`: {}", stdout(&o));
}

/// An app copied into `/` from a context of many entries (seen as one directory holding 436
/// Dockerfiles): nothing writes into them, so the runtime repeats the context copy once; when a
/// build may write into them, one COPY per entry from the builder would be 40 layers to review
/// and pass Docker's 127 on bigger contexts, so msify refuses and names the build.
#[test]
fn an_app_in_root_with_many_entries_is_one_copy_or_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("package.json"), r#"{"name":"many","version":"1.0.0","scripts":{"build":"node build.js"},"dependencies":{"express":"^4.18.0"}}"#).unwrap();
    fs::write(dir.path().join("index.js"), "require('express')().listen(3000);\n").unwrap();
    for i in 0..40 {
        fs::write(dir.path().join(format!("page{i}.html")), "<p>hi</p>\n").unwrap();
    }
    let dockerfile = dir.path().join("Dockerfile");
    fs::write(&dockerfile, "FROM node:18\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD [\"node\", \"index.js\"]\n").unwrap();
    let o = run(&["--format", "json", dockerfile.to_str().unwrap()]);
    let r = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["files"][0].clone();
    assert_eq!(r["status"], "rewritten", "{r:#}");
    let new = r["new_content"].as_str().unwrap();
    assert!(new.contains("\nCOPY . /\nCOPY --from=build /node_modules /node_modules\n"), "{new}");
    assert_eq!(new.matches("COPY").count(), 3, "{new}");

    fs::write(&dockerfile, "FROM node:18\nCOPY . .\nRUN npm install && npm run build\nEXPOSE 3000\nCMD [\"node\", \"index.js\"]\n").unwrap();
    let o = run(&["--format", "json", dockerfile.to_str().unwrap()]);
    let r = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["files"][0].clone();
    assert_eq!(r["status"], "refused", "{r:#}");
    assert_eq!(r["line"], 2, "{r:#}");
    let reason = r["reason"].as_str().unwrap();
    assert!(reason.contains("its 43 top-level entries") && reason.contains("line 3 runs `npm run build`") && reason.contains("WORKDIR /app"), "{reason}");
}

//! Hostile or broken input: each gets a clear error and exit 2 (or, when it is a valid
//! Dockerfile, a correct result), in bounded time, with nothing written. The time limits here
//! are hang guards, not performance targets (those live in bench/).

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run msify with a hang guard; returns the output. Output goes to files, so a large result
/// cannot block the child on a full pipe while we wait.
fn run_bounded(args: &[&str], cwd: &Path) -> Output {
    // The device-file runs start in `/`, which is not the test's to snapshot.
    if cwd == Path::new("/") {
        return run_and_wait(args, cwd);
    }
    let before = tree_state(cwd);
    let output = run_and_wait(args, cwd);
    assert_eq!(tree_state(cwd), before, "msify {args:?} changed files in {}", cwd.display());
    output
}

/// Every regular file under `dir` with its bytes (a digest of them past 1 MiB), and every other
/// entry's kind: a run without --write must leave all of it as it was.
fn tree_state(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, String> {
    use std::hash::{Hash, Hasher};
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let (path, kind) = (e.path(), e.file_type().unwrap());
            let state = if kind.is_dir() {
                stack.push(path.clone());
                "dir".to_string()
            } else if kind.is_file() {
                match fs::read(&path) {
                    Ok(bytes) if bytes.len() <= 1 << 20 => String::from_utf8_lossy(&bytes).into_owned(),
                    Ok(bytes) => {
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        bytes.hash(&mut h);
                        format!("{} bytes, digest {:x}", bytes.len(), h.finish())
                    }
                    Err(e) => format!("unreadable: {}", e.kind()),
                }
            } else {
                format!("{kind:?}")
            };
            out.insert(path, state);
        }
    }
    out
}

fn run_and_wait(args: &[&str], cwd: &Path) -> Output {
    let start = Instant::now();
    let out = tempfile::tempfile().unwrap();
    let err = tempfile::tempfile().unwrap();
    let (mut out_r, mut err_r) = (out.try_clone().unwrap(), err.try_clone().unwrap());
    let mut child = Command::new(env!("CARGO_BIN_EXE_msify")).args(args).current_dir(cwd).stdin(Stdio::null()).stdout(out).stderr(err).spawn().unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            use std::io::{Read, Seek};
            let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
            out_r.rewind().unwrap();
            out_r.read_to_end(&mut stdout).unwrap();
            err_r.rewind().unwrap();
            err_r.read_to_end(&mut stderr).unwrap();
            return Output { status, stdout, stderr };
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("msify {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn go_repo(dir: &Path) {
    fs::write(dir.join("go.mod"), "module example.com/x\n\ngo 1.22\n").unwrap();
    fs::write(dir.join("main.go"), "package main\n\nfunc main() {}\n").unwrap();
}

fn assert_error(o: &Output, want: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(want), "expected {want:?} in:\n{err}");
    assert!(err.contains("hint:"));
}

#[test]
fn hundred_megabyte_file_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("Dockerfile");
    let f = fs::File::create(&big).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB of NULs
    let o = run_bounded(&["--write", big.to_str().unwrap()], dir.path());
    assert_error(&o, "larger than 10 MiB");
    assert_eq!(fs::metadata(&big).unwrap().len(), 100 * 1024 * 1024);
}

#[test]
fn nul_bytes_and_invalid_utf8_are_located() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("nul"), b"FROM alpine\nRUN echo \x00\n").unwrap();
    let o = run_bounded(&["nul"], dir.path());
    assert_error(&o, "nul:2:10: binary file");
    fs::write(dir.path().join("bad"), b"FROM alpine\nLABEL a=\"\xff\xfe\"\n").unwrap();
    let o = run_bounded(&["bad"], dir.path());
    assert_error(&o, "bad:2:10: invalid UTF-8");
}

#[test]
fn device_files_are_not_read() {
    for dev in ["/dev/zero", "/dev/null", "/dev/urandom"] {
        let o = run_bounded(&[dev], Path::new("/"));
        assert_error(&o, "not a regular file");
    }
}

#[test]
fn unreadable_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    fs::write(&df, "FROM alpine\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&df, fs::Permissions::from_mode(0o000)).unwrap();
    let o = if common::is_root() {
        // root reads anything; an unprivileged user cannot.
        Command::new("setpriv").args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]).arg(env!("CARGO_BIN_EXE_msify")).arg(&df).output().unwrap()
    } else {
        run_bounded(&[df.to_str().unwrap()], dir.path())
    };
    assert_error(&o, "Permission denied");
}

#[test]
fn ten_thousand_line_continuation_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    go_repo(dir.path());
    let mut text = String::from("FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN true \\\n");
    for i in 0..10_000 {
        text.push_str(&format!("    && echo step{i} \\\n"));
    }
    text.push_str("    && CGO_ENABLED=0 go build -o /app/x .\nCMD [\"/app/x\"]\n");
    fs::write(dir.path().join("Dockerfile"), &text).unwrap();
    let o = run_bounded(&["--format", "json", "."], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["status"], "rewritten");
    let new = v["files"][0]["new_content"].as_str().unwrap();
    assert!(new.contains("COPY --from=build /app/x /app/x"));
    assert!(new.contains("    && echo step9999 \\\n"));
}

#[test]
fn deeply_nested_variable_substitution_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    go_repo(dir.path());
    let nested = format!("{}v{}", "${X:-".repeat(5_000), "}".repeat(5_000));
    let text = format!("FROM golang:1.22\nENV A={nested}\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/x .\nCMD [\"/app/x\"]\n");
    fs::write(dir.path().join("Dockerfile"), &text).unwrap();
    let o = run_bounded(&["--format", "json", "."], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["files"][0]["new_content"].as_str().unwrap().contains(&nested), "the ENV travels byte for byte");
}

#[test]
fn many_tiny_and_odd_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    go_repo(dir.path());
    let odd: &[&[u8]] = &[b"", b"\n", b"\xef\xbb\xbf", b"FROM", b"FROM a AS", b"\\\n", b"# escape=`\n", b"FROM a\nRUN <<", b"FROM a\nCMD [", b"FROM ${", b"FROM a\nCOPY --from= . .\n", b"FROM a\nONBUILD ONBUILD RUN x\n"];
    for (i, bytes) in odd.iter().enumerate() {
        let f = dir.path().join(format!("case{i}.Dockerfile"));
        fs::write(&f, bytes).unwrap();
        let o = run_bounded(&["--check", f.to_str().unwrap()], dir.path());
        let code = o.status.code();
        assert!(matches!(code, Some(0) | Some(1) | Some(2)), "case {i}: {code:?} (a panic exits 101)\n{}", String::from_utf8_lossy(&o.stderr));
        assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"), "case {i}");
    }
}

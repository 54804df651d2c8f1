//! `--write` under faults: it never leaves a damaged Dockerfile. Read-only file or directory,
//! a file changed between read and write, a full disk, a process killed mid-write; ownership,
//! permissions, line endings, BOM and the final-newline state are kept.

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn msify() -> Command {
    Command::new(env!("CARGO_BIN_EXE_msify"))
}

use common::is_root;

/// A golden case copied into `dir`; returns its Dockerfile.
fn case_into(case: &str, dir: &Path) -> PathBuf {
    common::copy_case(case, dir);
    dir.join("Dockerfile")
}

fn expected(case: &str) -> String {
    fs::read_to_string(common::repo_root().join("golden").join(case).join("expected.Dockerfile")).unwrap()
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.contains(".msify-")).collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn read_only_target_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let df = case_into("go-root", dir.path());
    let before = fs::read(&df).unwrap();
    fs::set_permissions(&df, fs::Permissions::from_mode(0o444)).unwrap();
    let o = msify().args(["--write", dir.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(fs::read(&df).unwrap(), before);
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn read_only_directory_fails_cleanly() {
    // Root ignores directory permissions, so the run drops to an unprivileged user.
    if !is_root() {
        return common::skip("read_only_directory_fails_cleanly", "needs root to run the case as an unprivileged user");
    }
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let repo = dir.path().join("repo");
    let df = case_into("go-root", &repo);
    fs::set_permissions(&df, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(&repo, fs::Permissions::from_mode(0o555)).unwrap();
    let before = fs::read(&df).unwrap();
    let o = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_msify"))
        .args(["--write", repo.to_str().unwrap()])
        .output()
        .unwrap();
    fs::set_permissions(&repo, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("original is unchanged"), "{}", stderr(&o));
    assert_eq!(fs::read(&df).unwrap(), before);
}

#[test]
fn file_changed_between_read_and_write_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let df = case_into("go-root", dir.path());
    let file = msify::source::read_path(&df).unwrap();
    let report = msify::pipeline::process_source(file.clone(), dir.path(), &msify::pipeline::Settings::default());
    let new = report.new_content.expect("a rewrite");
    fs::write(&df, "FROM golang:1.22\n# edited by someone else meanwhile\n").unwrap();
    let err = msify::write::write_atomic(&file, &new).unwrap_err();
    assert!(err.message.contains("changed since msify read it"), "{}", err.message);
    assert_eq!(fs::read_to_string(&df).unwrap(), "FROM golang:1.22\n# edited by someone else meanwhile\n");
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn full_disk_leaves_the_original_and_no_temp_file() {
    if !is_root() {
        return common::skip("full_disk_leaves_the_original_and_no_temp_file", "mounting a tiny tmpfs needs root");
    }
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("tiny");
    fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"]).arg(&mnt).status().map(|s| s.success()).unwrap_or(false);
    if !mounted {
        return common::skip("full_disk_leaves_the_original_and_no_temp_file", "cannot mount a tmpfs here");
    }
    let df = case_into("go-root", &mnt);
    let before = fs::read(&df).unwrap();
    // Fill the file system to the last byte.
    let mut filler = fs::File::create(mnt.join("filler")).unwrap();
    let chunk = vec![0u8; 1024];
    use std::io::Write;
    while filler.write_all(&chunk).is_ok() {}
    let mut last = [0u8; 1];
    while filler.write_all(&last).is_ok() {
        last[0] ^= 1;
    }
    drop(filler);
    let o = msify().args(["--write", mnt.to_str().unwrap()]).output().unwrap();
    let after = fs::read(&df).unwrap();
    let leftovers = temp_files(&mnt);
    let _ = Command::new("umount").arg(&mnt).status();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("No space left") || stderr(&o).contains("space"), "{}", stderr(&o));
    assert_eq!(after, before, "the original is intact");
    assert!(leftovers.is_empty(), "temp file left: {leftovers:?}");
}

/// The kill lands inside the write every time: msify pauses between the two halves of its
/// write (MSIFY_TEST_WRITE_PAUSE_MS), the test waits until the half-written temp file exists,
/// then kills. The Dockerfile must be the old one; a run left alone must end with the new one.
/// (A direct write to the Dockerfile fails the first assertion on every run.)
#[test]
fn killed_mid_write_leaves_old_or_new_never_partial() {
    let case = "python-requirements-libpq";
    let new = expected(case);
    for kill in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let df = case_into(case, dir.path());
        let old = fs::read_to_string(&df).unwrap();
        let mut child = msify()
            .args(["--write", dir.path().to_str().unwrap()])
            .env("MSIFY_TEST_WRITE_PAUSE_MS", if kill { "5000" } else { "50" })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if kill {
            let started = std::time::Instant::now();
            while temp_files(dir.path()).is_empty() && fs::read_to_string(&df).unwrap() == old {
                assert!(started.elapsed().as_secs() < 30, "msify never started writing");
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            let during = fs::read_to_string(&df).unwrap();
            child.kill().unwrap();
            child.wait().unwrap();
            assert_eq!(during, old, "mid-write, the Dockerfile itself was being written");
            assert_eq!(fs::read_to_string(&df).unwrap(), old, "killed mid-write: the old file must stay");
        } else {
            assert!(child.wait().unwrap().success());
            assert_eq!(fs::read_to_string(&df).unwrap(), new, "an uninterrupted write ends with the new file");
        }
    }
}

#[test]
fn owner_mode_crlf_bom_and_final_newline_are_kept() {
    for case in ["crlf-go", "bom-node"] {
        let dir = tempfile::tempdir().unwrap();
        let df = case_into(case, dir.path());
        fs::set_permissions(&df, fs::Permissions::from_mode(0o600)).unwrap();
        let owner = if is_root() {
            let _ = Command::new("chown").args(["1234:2345"]).arg(&df).status();
            Some((1234, 2345))
        } else {
            None
        };
        let o = msify().args(["--write", dir.path().to_str().unwrap()]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{case}: {}", stderr(&o));
        let meta = fs::metadata(&df).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{case}");
        if let Some((uid, gid)) = owner {
            assert_eq!((meta.uid(), meta.gid()), (uid, gid), "{case}: owner kept");
        }
        let text = fs::read_to_string(&df).unwrap();
        assert_eq!(text, expected(case), "{case}");
        let original = fs::read_to_string(common::repo_root().join("golden").join(case).join("Dockerfile")).unwrap();
        assert_eq!(text.starts_with('\u{feff}'), original.starts_with('\u{feff}'));
        assert_eq!(text.ends_with('\n'), original.ends_with('\n'));
        assert_eq!(text.contains("\r\n"), original.contains("\r\n"));
    }
}

#[test]
fn write_never_touches_other_files() {
    let dir = tempfile::tempdir().unwrap();
    case_into("node-npm-express", dir.path());
    let snapshot = |d: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = fs::read_dir(d).unwrap().map(|e| e.unwrap()).filter(|e| e.file_name() != "Dockerfile").map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap())).collect();
        v.sort();
        v
    };
    let before = snapshot(dir.path());
    let o = msify().args(["--write", dir.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn stale_temp_files_of_dead_processes_are_removed_live_ones_kept() {
    if !Path::new("/proc/self").exists() {
        return common::skip("stale_temp_files_of_dead_processes_are_removed_live_ones_kept", "process liveness is read from /proc");
    }
    let dir = tempfile::tempdir().unwrap();
    case_into("go-root", dir.path());
    let dead = dir.path().join(".Dockerfile.msify-4000000.tmp"); // above the kernel's pid_max
    let live = dir.path().join(format!(".Dockerfile.msify-{}.tmp", std::process::id()));
    let other = dir.path().join(".other.msify-4000000.tmp");
    for f in [&dead, &live, &other] {
        fs::write(f, "partial").unwrap();
    }
    let o = msify().args(["--write", dir.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!dead.exists(), "a dead process's temp file is removed");
    assert!(live.exists(), "a live process's temp file is kept");
    assert!(other.exists(), "only temp files of the file being written are touched");
}

//! `msify verify` against a fake `docker` CLI (tests/fake-docker/docker): how it finds a builder
//! on CLIs with and without buildx, whose problem a failed build is, and how it judges two
//! images (same failure passes, a path the rewrite cannot write fails). The real engine runs
//! the same code in tests/engine.rs; these paths need CLIs this machine does not have.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Run {
    out: Output,
    calls: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    fn code(&self) -> Option<i32> {
        self.out.status.code()
    }
    /// The docker calls that built the two images (not the probe).
    fn image_builds(&self) -> Vec<&str> {
        self.calls.lines().filter(|l| l.contains(" build") && (l.contains("Dockerfile.original") || l.contains("Dockerfile.rewritten"))).collect()
    }
}

fn case_dir(dockerfile_extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let golden = common::repo_root().join("golden/go-cmd-server");
    copy_dir(&golden, dir.path());
    if !dockerfile_extra.is_empty() {
        let df = dir.path().join("Dockerfile");
        let text = std::fs::read_to_string(&df).unwrap().replace("RUN go mod download\n", &format!("RUN go mod download\n{dockerfile_extra}\n"));
        std::fs::write(df, text).unwrap();
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else if !e.file_name().to_string_lossy().starts_with("expected") {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn verify(dir: &Path, mode: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let state = tempfile::tempdir().unwrap();
    let fake: PathBuf = common::repo_root().join("tests/fake-docker/docker");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_msify"));
    cmd.arg("verify").arg(dir).args(args).args(["--smoke-seconds", "1"]);
    cmd.env("MSIFY_DOCKER", &fake).env("FAKE_DOCKER_STATE", state.path()).env("FAKE_DOCKER_MODE", mode);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let calls = std::fs::read_to_string(state.path().join("calls")).unwrap_or_default();
    Run { out, calls }
}

#[test]
fn with_buildx_the_images_build_through_buildx() {
    let dir = case_dir("");
    let r = verify(dir.path(), "buildx", &[], &[]);
    assert_eq!(r.code(), Some(0), "{}{}", r.stdout(), r.stderr());
    assert!(r.stdout().contains("docker buildx build"), "{}", r.stdout());
    assert!(r.image_builds().iter().all(|l| l.contains("buildx build --load")), "{}", r.calls);
}

#[test]
fn a_cli_before_23_builds_with_its_own_buildkit_client() {
    let dir = case_dir("");
    let r = verify(dir.path(), "classic", &[], &[]);
    assert_eq!(r.code(), Some(0), "{}{}", r.stdout(), r.stderr());
    assert!(r.image_builds().iter().all(|l| l.starts_with("DOCKER_BUILDKIT=1 build")), "{}", r.calls);
}

#[test]
fn a_cli_without_buildx_falls_back_to_the_legacy_builder_and_says_so() {
    let dir = case_dir("");
    let r = verify(dir.path(), "legacy", &[], &[]);
    assert_eq!(r.code(), Some(0), "{}{}", r.stdout(), r.stderr());
    assert!(r.stdout().contains("legacy builder (this docker CLI has no buildx)"), "{}", r.stdout());
    assert!(r.image_builds().iter().all(|l| l.starts_with("DOCKER_BUILDKIT=0 build")), "{}", r.calls);
    assert!(!r.stderr().contains("does not build"), "never blames the file: {}", r.stderr());
}

#[test]
fn a_file_that_needs_buildkit_on_a_cli_without_buildx_says_what_to_install() {
    let dir = case_dir("RUN --mount=type=cache,target=/root/.cache true");
    let r = verify(dir.path(), "legacy", &[], &[]);
    assert_eq!(r.code(), Some(2), "{}{}", r.stdout(), r.stderr());
    let err = r.stderr();
    assert!(err.contains("RUN --mount") && err.contains("buildx plugin") && err.contains("MSIFY_DOCKER"), "{err}");
    assert!(err.contains("not about your Dockerfile") && !err.contains("original Dockerfile does not build"), "{err}");
    assert!(r.image_builds().is_empty(), "nothing built: {}", r.calls);
}

#[test]
fn an_engine_that_cannot_build_at_all_names_what_to_install() {
    let dir = case_dir("");
    let r = verify(dir.path(), "none", &[], &[]);
    assert_eq!(r.code(), Some(2));
    assert!(r.stderr().contains("builds neither with BuildKit") && r.stderr().contains("docker-buildx"), "{}", r.stderr());
}

#[test]
fn a_named_builder_needs_buildx() {
    let dir = case_dir("");
    let r = verify(dir.path(), "classic", &["--builder", "remote"], &[]);
    assert_eq!(r.code(), Some(2));
    assert!(r.stderr().contains("--builder remote needs docker buildx"), "{}", r.stderr());
}

#[test]
fn a_broken_original_is_the_users_problem_not_the_engines() {
    let dir = case_dir("RUN exit 3");
    let r = verify(dir.path(), "legacy", &[], &[]);
    assert_eq!(r.code(), Some(2), "{}{}", r.stdout(), r.stderr());
    assert!(r.stderr().contains("the original Dockerfile does not build") && r.stderr().contains("exit code: 3"), "{}", r.stderr());
    assert!(!r.stderr().contains("buildx"), "the engine is not blamed: {}", r.stderr());
}

#[test]
fn a_rewrite_that_fails_exactly_as_its_original_passes_as_same_behaviour() {
    let dir = case_dir("");
    let same = [("FAKE_EXIT_original", "2"), ("FAKE_EXIT_rewritten", "2"), ("FAKE_LOGS_original", "error: config.yml not found"), ("FAKE_LOGS_rewritten", "error: config.yml not found")];
    let r = verify(dir.path(), "classic", &[], &same);
    assert_eq!(r.code(), Some(0), "{}", r.stdout());
    assert!(r.stdout().contains("same behaviour") && r.stdout().contains("PASS"), "{}", r.stdout());

    let differ = [("FAKE_EXIT_original", "0"), ("FAKE_EXIT_rewritten", "2"), ("FAKE_LOGS_rewritten", "Permission denied: 'output'")];
    let r = verify(dir.path(), "classic", &[], &differ);
    assert_eq!(r.code(), Some(1), "{}", r.stdout());
    assert!(r.stdout().contains("FAIL") && r.stdout().contains("Permission denied"), "{}", r.stdout());
}

#[test]
fn a_path_the_original_wrote_must_be_writable_in_the_rewrite() {
    let dir = case_dir("");
    let wrote = ("FAKE_DIFF_original", "C /app\nA /app/output\nA /app/output/result.txt\nA /tmp/cache\nC /root\nA /root/.cache");
    let r = verify(dir.path(), "classic", &[], &[wrote, ("FAKE_DIFF_rewritten", "C /app\nA /app/output\nA /app/output/result.txt")]);
    assert_eq!(r.code(), Some(0), "wrote the same: {}", r.stdout());

    let r = verify(dir.path(), "classic", &[], &[wrote, ("FAKE_UNWRITABLE", "/app/output/result.txt\n")]);
    assert_eq!(r.code(), Some(1), "{}", r.stdout());
    assert!(r.stdout().contains("the original container wrote /app/output/result.txt; the rewrite's user (root) cannot write there"), "{}", r.stdout());
    let asked = r.calls.lines().find(|l| l.contains("--entrypoint sh")).expect("asked the rewritten image");
    assert!(asked.contains("rewritten") && asked.contains("/app/output/result.txt") && !asked.contains("/tmp/cache"), "{asked}");

    let r = verify(dir.path(), "classic", &[], &[wrote, ("FAKE_NO_SH", "1")]);
    assert_eq!(r.code(), Some(1), "{}", r.stdout());
    assert!(r.stdout().contains("verify cannot ask whether its user"), "{}", r.stdout());

    let r = verify(dir.path(), "classic", &[], &[wrote]);
    assert_eq!(r.code(), Some(0), "the rewrite may write there although it did not: {}", r.stdout());
}

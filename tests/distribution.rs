//! The distribution helpers stay valid: msify's own Dockerfile is multi-stage (msify itself says
//! so) and BuildKit parses it; completions and the man page generate; the pre-commit hook and
//! the action call options that exist.

mod common;

use std::process::Command;

fn msify(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_msify")).args(args).current_dir(common::repo_root()).output().unwrap()
}

#[test]
fn own_dockerfile_is_multi_stage_and_parses() {
    let o = msify(&["--check", "Dockerfile"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("already multi-stage"));
    let text = std::fs::read_to_string(common::repo_root().join("Dockerfile")).unwrap();
    let df = msify::syntax::parse(&text).unwrap();
    assert_eq!(df.stages().len(), 2);
    if let Some(python) = common::oracle_python() {
        let r = common::oracle_parse(&python, &[common::repo_root().join("Dockerfile")]);
        assert_eq!(r[common::repo_root().join("Dockerfile").to_str().unwrap()]["ok"], true);
    }
}

#[test]
fn completions_and_man_page_generate() {
    for shell in ["bash", "zsh", "fish"] {
        let o = msify(&["completions", shell]);
        assert!(o.status.success());
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("msify") && out.contains("recursive"), "{shell}");
    }
    let o = msify(&["man"]);
    assert!(o.status.success());
    let man = String::from_utf8_lossy(&o.stdout);
    assert!(man.contains(".TH msify") && man.contains("recursive"));
}

#[test]
fn hook_and_action_use_real_options() {
    let hook = std::fs::read_to_string(common::repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hook.contains("entry: msify --check"));
    let action = std::fs::read_to_string(common::repo_root().join("action.yml")).unwrap();
    for opt in ["-r", "--quiet", "--format github", "--format sarif", "--check", "scripts/install-release.sh", "cargo install --locked"] {
        assert!(action.contains(opt), "{opt}");
    }
    let help = String::from_utf8_lossy(&msify(&["--help"]).stdout).into_owned();
    for opt in ["--recursive", "--quiet", "--format", "--check"] {
        assert!(help.contains(opt), "{opt} in --help");
    }
}

/// The action installs a release binary when its tag has one, checked against its SHA-256, and
/// says "no release binary" (exit 3: build with cargo) otherwise. A release directory is faked
/// with this build's binary, served through file:// as the GitHub download URL would be.
#[test]
fn the_action_installs_a_checked_release_binary_or_falls_back() {
    let target = match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-musl",
        ("linux", "aarch64") => "aarch64-unknown-linux-musl",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        other => panic!("no release target for {other:?}"),
    };
    let releases = tempfile::tempdir().unwrap();
    let tag_dir = releases.path().join("v9.9.9");
    std::fs::create_dir_all(&tag_dir).unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_msify")).parent().unwrap();
    let archive = tag_dir.join(format!("msify-{target}.tar.gz"));
    assert!(Command::new("tar").arg("-czf").arg(&archive).arg("-C").arg(bin_dir).arg("msify").status().unwrap().success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    std::fs::write(tag_dir.join(format!("msify-{target}.tar.gz.sha256")), &sum.stdout).unwrap();

    let install = |tag: &str| {
        let dest = tempfile::tempdir().unwrap();
        let o = Command::new(common::repo_root().join("scripts/install-release.sh"))
            .args(["owner/msify", tag])
            .arg(dest.path())
            .env("MSIFY_RELEASE_BASE", format!("file://{}", releases.path().display()))
            .output()
            .unwrap();
        (o, dest)
    };
    let (o, dest) = install("v9.9.9");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v = Command::new(dest.path().join("bin/msify")).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("msify "));

    assert_eq!(install("v1.0.0").0.status.code(), Some(3), "no binary for this tag: build with cargo");
    assert_eq!(install("main").0.status.code(), Some(3), "a branch is not a release");
    std::fs::write(tag_dir.join(format!("msify-{target}.tar.gz.sha256")), "0000  x\n").unwrap();
    let (o, _) = install("v9.9.9");
    assert_eq!(o.status.code(), Some(1), "a checksum mismatch fails, never falls back silently");
    assert!(String::from_utf8_lossy(&o.stderr).contains("checksum mismatch"));
}

/// What the action's suggestions step gives reviewdog: after `msify -r --write`, the working
/// tree's `git diff` is msify's own proposed diff (same hunks), so each suggestion is exactly
/// the rewrite a reviewer sees in the annotation. And the files are written only after the
/// annotations have read them.
#[test]
fn suggestions_are_the_working_tree_diff_of_the_rewrite() {
    let action = std::fs::read_to_string(common::repo_root().join("action.yml")).unwrap();
    let steps: Vec<&str> = action.lines().filter_map(|l| l.strip_prefix("    - name: ")).collect();
    assert_eq!(steps, ["Install msify", "Annotate", "Write the rewrites for suggestions", "Post review suggestions"]);
    assert!(action.contains("uses: reviewdog/action-suggester@v1") && action.contains("--write"));

    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(repo.path()).env("GIT_AUTHOR_NAME", "t").env("GIT_AUTHOR_EMAIL", "t@t").env("GIT_COMMITTER_NAME", "t").env("GIT_COMMITTER_EMAIL", "t@t").output().unwrap();
    let case = common::repo_root().join("golden/node-npm-express");
    for f in ["Dockerfile", "package.json", "package-lock.json", "server.js"] {
        std::fs::copy(case.join(f), repo.path().join(f)).unwrap();
    }
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "single-stage"]);
    let o = Command::new(env!("CARGO_BIN_EXE_msify")).args(["-r", "--quiet", "--write", "."]).current_dir(repo.path()).output().unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&o.stderr));
    let hunks = |diff: &str| diff.lines().skip_while(|l| !l.starts_with("@@")).map(str::to_string).collect::<Vec<_>>();
    let working_tree = String::from_utf8(git(&["diff"]).stdout).unwrap();
    let proposed = std::fs::read_to_string(case.join("expected.diff")).unwrap();
    assert!(working_tree.starts_with("diff --git a/Dockerfile b/Dockerfile"), "{working_tree}");
    assert_eq!(hunks(&working_tree), hunks(&proposed));
}

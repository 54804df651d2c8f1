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
    for opt in ["-r", "--quiet", "--format github", "--format sarif", "--check"] {
        assert!(action.contains(opt), "{opt}");
    }
    let help = String::from_utf8_lossy(&msify(&["--help"]).stdout).into_owned();
    for opt in ["--recursive", "--quiet", "--format", "--check"] {
        assert!(help.contains(opt), "{opt} in --help");
    }
}

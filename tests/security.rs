//! msify reads repositories; it never runs anything from them. Build scripts, wrappers and
//! hooks in a repository stay unexecuted whatever msify does with it.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

#[test]
fn nothing_from_the_repository_is_executed() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("EXECUTED");
    let trap = format!("#!/bin/sh\ntouch {}\n", marker.display());
    // Executables a careless tool might call: build wrappers, package scripts, git hooks.
    for name in ["gradlew", "mvnw", "go", "npm", "node", "python", "cargo", "docker", "build.sh", ".git/hooks/post-checkout"] {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, &trap).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::write(dir.path().join("package.json"), r#"{"name":"x","scripts":{"preinstall":"touch EXECUTED","build":"touch EXECUTED","start":"node index.js"},"dependencies":{"express":"^4"}}"#).unwrap();
    fs::write(dir.path().join("build.gradle"), "plugins { id 'java' }\n").unwrap();
    fs::write(dir.path().join("Dockerfile"), "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN ./build.sh && npm ci\nCMD [\"node\", \"index.js\"]\n").unwrap();
    // PATH points at the repository too, so even a bare `npm` would hit the trap.
    let path = format!("{}:{}", dir.path().display(), std::env::var("PATH").unwrap_or_default());
    for args in [vec![], vec!["--write"], vec!["detect"], vec!["-r", "--format", "sarif"], vec!["--check"]] {
        let o = Command::new(env!("CARGO_BIN_EXE_msify")).args(&args).arg(dir.path()).env("PATH", &path).output().unwrap();
        assert!(o.status.code().is_some(), "{args:?}");
        assert!(!marker.exists(), "msify {args:?} executed something from the repository");
    }
}

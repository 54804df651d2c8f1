//! Detection reads only what it needs: a repository with 10,000 files, most of them under
//! node_modules, target, .git and vendor, costs a handful of reads.

use msify::detect::{detect_in, Repo};
use std::fs;

#[test]
fn detection_in_a_10000_file_repo_reads_only_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("package.json"), r#"{"name":"big","dependencies":{"express":"^4"},"scripts":{"start":"node index.js"}}"#).unwrap();
    fs::write(root.join("package-lock.json"), "{}").unwrap();
    for sub in ["node_modules/x", "target/debug", ".git/objects", "vendor/lib", "src"] {
        fs::create_dir_all(root.join(sub)).unwrap();
    }
    for i in 0..10_000 {
        let sub = ["node_modules/x", "target/debug", ".git/objects", "vendor/lib", "src"][i % 5];
        fs::write(root.join(sub).join(format!("f{i}.js")), "module.exports = 1;\n").unwrap();
    }
    let repo = Repo::new(root);
    msify::fsview::start_log();
    let detection = detect_in(&repo, None, Vec::new);
    let touched = msify::fsview::take_log();
    assert_eq!(detection.primary().unwrap().stack.as_str(), "node");
    let read = repo.read_paths();
    assert!(read.len() <= 5, "read too much: {read:?}");
    assert!(read.iter().all(|p| !p.contains('/')), "read inside a sub-directory: {read:?}");
    // At the file-system boundary, directory listings included: the root is listed, and no
    // dependency, build-output or VCS directory is listed or opened.
    let listed = touched.iter().filter(|t| t.starts_with("list ")).count();
    let opened = touched.iter().filter(|t| t.starts_with("open ")).count();
    assert!((1..=3).contains(&listed) && (1..=5).contains(&opened), "touched too much (or nothing was logged): {touched:?}");
    for skipped in ["node_modules", "target", ".git", "vendor"] {
        assert!(!touched.iter().any(|t| t.contains(&format!("/{skipped}"))), "looked into {skipped}: {touched:?}");
    }
}

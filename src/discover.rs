//! Finding Dockerfiles for a migration run (`msify -r`): `Dockerfile`, `Dockerfile.*`,
//! `*.Dockerfile`, `Containerfile[.*]` under each root. `.gitignore` and `.msifyignore` (same
//! syntax) are respected, `node_modules`, `target`, `.git` and `vendor` are never entered, and a
//! symbolic link is followed only while it stays inside the root; a loop is reported, not
//! followed.

use ignore::WalkBuilder;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Directories never walked into.
pub const SKIP_DIRS: &[&str] = &["node_modules", "target", ".git", "vendor", ".venv", "__pycache__"];

/// The custom ignore file, gitignore syntax.
pub const IGNORE_FILE: &str = ".msifyignore";

#[derive(Debug, Default)]
pub struct Discovery {
    /// Dockerfiles found, sorted, each with the root it was found under.
    pub files: Vec<(PathBuf, PathBuf)>,
    /// Paths that could not be walked (loops, links out of the root, unreadable dirs).
    pub problems: Vec<(String, String)>,
}

pub fn is_dockerfile_name(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || (name.ends_with(".Dockerfile") && name.len() > ".Dockerfile".len())
        || (name.ends_with(".dockerfile") && name.len() > ".dockerfile".len())
}

/// Walk the roots. `ignore_globs` (from msify.toml) are gitignore-style patterns to skip.
pub fn discover(roots: &[PathBuf], ignore_globs: &[String]) -> Discovery {
    let mut out = Discovery::default();
    for root in roots {
        if root.is_file() {
            out.files.push((root.clone(), root.parent().map(Path::to_path_buf).unwrap_or_default()));
            continue;
        }
        let canonical_root = match std::fs::canonicalize(root) {
            Ok(r) => r,
            Err(e) => {
                out.problems.push((root.display().to_string(), format!("cannot read: {e}")));
                continue;
            }
        };
        // Links the filter refuses to follow are recorded here and reported with the walk errors.
        let refused: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let refused_in_filter = Arc::clone(&refused);
        let mut builder = WalkBuilder::new(root);
        builder
            .hidden(false)
            .follow_links(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .add_custom_ignore_filename(IGNORE_FILE)
            .sort_by_file_name(|a, b| a.cmp(b));
        if !ignore_globs.is_empty() {
            let mut ov = ignore::overrides::OverrideBuilder::new(root);
            for g in ignore_globs {
                let _ = ov.add(&format!("!{g}"));
            }
            if let Ok(ov) = ov.build() {
                builder.overrides(ov);
            }
        }
        let root_for_filter = canonical_root.clone();
        builder.filter_entry(move |entry| {
            let name = entry.file_name().to_string_lossy();
            if entry.depth() > 0 && entry.file_type().is_some_and(|t| t.is_dir()) && SKIP_DIRS.contains(&name.as_ref()) {
                return false;
            }
            if entry.path_is_symlink() {
                match std::fs::canonicalize(entry.path()) {
                    Ok(target) if target.starts_with(&root_for_filter) => {}
                    Ok(target) => {
                        refused_in_filter.lock().expect("not poisoned").push((
                            entry.path().display().to_string(),
                            format!("symbolic link to {} leaves the root; not followed", target.display()),
                        ));
                        return false;
                    }
                    Err(_) => return true, // a loop or dangling link: the walker reports it
                }
            }
            true
        });
        for entry in builder.build() {
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_dockerfile_name(&e.file_name().to_string_lossy()) {
                        out.files.push((e.path().to_path_buf(), root.clone()));
                    }
                }
                Err(err) => {
                    let (path, msg) = describe(&err);
                    out.problems.push((path, msg));
                }
            }
        }
        out.problems.extend(refused.lock().expect("not poisoned").drain(..));
    }
    out.files.sort();
    out.files.dedup_by(|a, b| a.0 == b.0);
    out
}

fn describe(err: &ignore::Error) -> (String, String) {
    match err {
        ignore::Error::WithPath { path, err } => (path.display().to_string(), describe(err).1),
        ignore::Error::Loop { child, ancestor } => (child.display().to_string(), format!("symbolic link loop back to {}; not followed", ancestor.display())),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => describe(err),
        other => (String::new(), other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for n in ["Dockerfile", "Dockerfile.prod", "api.Dockerfile", "Containerfile", "Containerfile.dev"] {
            assert!(is_dockerfile_name(n), "{n}");
        }
        for n in ["Dockerfile-old.txt", "README.md", ".Dockerfile", "dockerfile"] {
            assert!(!is_dockerfile_name(n), "{n}");
        }
    }
}

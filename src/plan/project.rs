//! Where the project lives in the builder: the paths its files were copied to from the build
//! context and the trees its installs filled (`node_modules`, a virtualenv). For Node and Python
//! these are what the runtime copies; for compiled stacks they are the sources, left behind.
//! An app copied into `/` is its COPY targets (the context's top-level entries, `.dockerignore`
//! applied), never `/` itself.

use super::{Planner, Refusal};
use crate::model::is_within;
use std::path::Path;

/// Destinations that are the system's, not the project's: config and scripts copied there are
/// replayed from the build context instead.
pub(crate) const SYSTEM: &[&str] = &[
    "/etc", "/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/local/lib", "/usr/share", "/bin", "/sbin", "/lib", "/lib64",
    "/docker-entrypoint.d", "/tmp", "/root", "/var/cache", "/var/lib", "/var/log", "/var/run", "/run",
];

/// Top-level directories of a Linux root file system: an app entry with such a name, copied
/// into `/`, would merge into the system's own.
const ROOT_DIRS: &[&str] = &["bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"];

/// The project's paths, outermost only.
pub(crate) fn project_paths(p: &Planner) -> Result<Vec<String>, Refusal> {
    let mut paths: Vec<String> = Vec::new();
    let system = |d: &str| SYSTEM.iter().any(|s| is_within(d, s));
    for s in &p.stage.steps {
        let Some(copy) = &s.copy else { continue };
        if copy.from.is_some() || system(&copy.dest) {
            continue;
        }
        if copy.sources.iter().all(|src| super::secret_file(src.rsplit('/').next().unwrap_or(src))) {
            continue;
        }
        if !copy.into || copy.dest != "/" {
            paths.push(copy.dest.clone());
            continue;
        }
        // Into `/`: each source's target; `.` is every top-level entry of the context.
        for src in &copy.sources {
            let names = if matches!(src.trim_end_matches('/'), "." | "") { context_entries(p.context) } else { vec![src.trim_end_matches('/').rsplit('/').next().unwrap_or(src).to_string()] };
            for name in names {
                if ROOT_DIRS.contains(&name.as_str()) {
                    return Err(Refusal::at(
                        Some(s.line),
                        format!("line {} copies the app into /, and its `{name}` would merge with the system's /{name}; give the app a directory of its own (`WORKDIR /app` before the COPY)", s.line),
                    ));
                }
                paths.push(format!("/{name}"));
            }
        }
    }
    // Trees dependency installs fill (node_modules, a virtualenv): not files moved or cloned.
    // A virtualenv outside the copied sources and the directory it was made in (/opt/venv) is
    // the dependency directory, copied as such (the same as the one msify would make), not a
    // part of the project; an in-project `.venv` (uv sync in WORKDIR) is.
    let copied = paths.clone();
    for s in &p.stage.steps {
        for w in s.run.iter().flat_map(|fx| fx.writes.iter()).filter(|w| w.tree && (w.how.ends_with(" install") || w.how == "a virtualenv")) {
            let in_workdir = s.before.workdir != "/" && is_within(&w.path, &s.before.workdir);
            let outside_venv = w.how == "a virtualenv" && !in_workdir && !copied.iter().any(|c| is_within(&w.path, c));
            if !system(&w.path) && w.path != "/" && !outside_venv {
                paths.push(w.path.clone());
            }
        }
    }
    paths.sort();
    paths.dedup();
    let outer: Vec<String> = paths.iter().filter(|x| !paths.iter().any(|y| y != *x && is_within(x, y))).cloned().collect();
    Ok(outer)
}

/// Top-level entries of the build context that `COPY . /` copies: `.dockerignore` applied (its
/// patterns that name a top-level entry), the Dockerfile and VCS data left out.
fn context_entries(dir: &Path) -> Vec<String> {
    let ignore = crate::fsview::read_prefix(&dir.join(".dockerignore"), 1 << 20).map(|t| t.to_string()).unwrap_or_default();
    let mut rules: Vec<(bool, globset::GlobMatcher)> = Vec::new();
    for line in ignore.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (keep, pattern) = match line.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let pattern = pattern.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/');
        if let Ok(g) = globset::Glob::new(pattern) {
            rules.push((keep, g.compile_matcher()));
        }
    }
    let ignored = |name: &str| rules.iter().fold(false, |state, (keep, m)| if m.is_match(name) { !keep } else { state });
    let mut names: Vec<String> = crate::fsview::list(dir).map(|l| l.iter().map(|(n, _)| n.clone()).collect()).unwrap_or_default();
    names.retain(|n| !ignored(n) && n != ".git" && n != ".dockerignore");
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_hides_top_level_entries() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["app.py", "README.md", "node_modules", "keep.md", ".git"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        std::fs::write(dir.path().join(".dockerignore"), "# comment\n*.md\n!keep.md\n/node_modules\n").unwrap();
        assert_eq!(context_entries(dir.path()), ["app.py", "keep.md"]);
    }
}

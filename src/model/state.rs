//! What is true inside a stage at one point of the build: variables, working directory, user,
//! accounts, paths (with their owner), programs on PATH, the distribution. Each instruction
//! turns one state into the next ([`super::walk`]); `None` in a field means "not known" (a base
//! image msify has no facts about), and nothing is concluded from it.

use crate::templates::knowledge::Distro;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Where a variable's definition comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarFrom {
    /// Declared by ARG on this line (value: its default or the global ARG's; `--build-arg` may
    /// override it).
    Arg(usize),
    /// Set by ENV on this line.
    Env(usize),
    /// Defined by the base image's own config.
    Base,
    /// Inherited from a parent stage (`FROM build AS test`).
    Parent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    /// The value when msify can work it out.
    pub value: Option<String>,
    pub from: VarFrom,
}

/// A path an instruction created or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathInfo {
    /// The owner as the Dockerfile names it (`app`, `1001:1001`); `root` by default.
    pub owner: String,
    /// The line that made it.
    pub line: usize,
    /// Whether everything below it may exist too (a directory copied or built into).
    pub tree: bool,
    /// The owner of what is below it, when that differs: a COPY into a directory that exists
    /// gives the files its `--chown` owner and leaves the directory's own owner as it was.
    pub inside: Option<String>,
    /// The `chmod` modes given to the path itself since it was made, in order (`g=u`, `775`).
    /// A COPY --from carries the modes of what it copies, but not of the directory it copies
    /// into: a runtime that makes that directory anew loses them.
    pub modes: Vec<String>,
}

/// A state is snapshotted before every instruction ([`super::Step::before`]), so its maps are
/// shared between snapshots and copied only when a step changes them (`Arc::make_mut`): most
/// steps change one map or none, and copying every map at every step was most of a run's time.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub vars: Arc<BTreeMap<String, Var>>,
    pub workdir: String,
    /// The user RUN, CMD and ENTRYPOINT run as (`root` unless USER or the base says otherwise).
    pub user: String,
    /// Accounts that exist; `None` when the base image's are not known.
    pub users: Option<Arc<BTreeSet<String>>>,
    /// Paths this stage (or its parents) made, by absolute path.
    pub paths: Arc<BTreeMap<String, PathInfo>>,
    /// Directories the base image ships; `None` when not known. Shared: every step's state
    /// holds the same list.
    pub base_paths: Option<Arc<Vec<String>>>,
    /// Programs on PATH; `None` when the base image's are not known. Shared until a step adds
    /// one (`Arc::make_mut`), so the per-step snapshots do not copy the base image's list.
    pub programs: Option<Arc<BTreeSet<String>>>,
    /// Something put programs msify cannot name on PATH (`pip install`, `npm i -g`, a copied
    /// virtualenv): an unknown program may exist, a well-known system tool still may not.
    pub open_path: bool,
    pub distro: Distro,
    /// Packages installed with apt/apk in this stage (and its parents).
    pub packages: Arc<Vec<String>>,
    /// RUN runs in bash (a `SHELL ["/bin/bash", ...]`), which defines `$UID` and friends.
    pub bash: bool,
}

impl State {
    pub fn var(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }

    /// Known variable values, for expanding Dockerfile arguments.
    pub fn value(&self, name: &str) -> Option<String> {
        self.vars.get(name).and_then(|v| v.value.clone())
    }

    /// Whether the current user is known not to be root.
    pub fn non_root(&self) -> bool {
        is_non_root(&self.user)
    }

    /// Whether `path` is known to exist here: made by an instruction (or inside a tree one made),
    /// or shipped by the base image.
    pub fn exists(&self, path: &str) -> bool {
        self.made(path).is_some() || self.base_paths.as_ref().is_some_and(|b| b.iter().any(|p| is_within(path, p)))
    }

    /// Whether `path` may be a directory that exists here: made by an instruction (or inside a
    /// tree one made), or one of the base image's directories itself. Unlike [`exists`](Self::exists),
    /// a path inside a base directory is not taken for one (`/usr/local/bin/tool` is a new name
    /// for `ln -s`, not a directory to link into); nor is a name below `/` that a COPY into `/`
    /// may have brought.
    pub fn may_be_dir(&self, path: &str) -> bool {
        // A COPY into `/` fills the root; that does not make every name below it a directory.
        let made = self.made(path).is_some_and(|(at, _)| at != "/" || path == "/");
        made || self.base_paths.as_ref().is_some_and(|b| b.iter().any(|p| p.trim_end_matches('/') == path))
    }

    /// Whether `path` is known to be a directory here: the working directory, a directory of
    /// the base image, or the parent of a path an instruction made (`COPY src /source/src`
    /// makes /source one). A file copied to it without a trailing slash lands inside it.
    pub fn is_dir(&self, path: &str) -> bool {
        path == self.workdir
            || self.paths.keys().any(|p| p != path && is_within(p, path))
            || self.base_paths.as_ref().is_some_and(|b| b.iter().any(|p| p.trim_end_matches('/') == path))
    }

    /// The instruction-made path that holds `path`: itself, or a tree above it.
    pub fn made(&self, path: &str) -> Option<(&str, &PathInfo)> {
        if let Some((p, info)) = self.paths.get_key_value(path) {
            return Some((p.as_str(), info));
        }
        self.paths.iter().filter(|(p, info)| info.tree && is_within(path, p)).max_by_key(|(p, _)| p.len()).map(|(p, i)| (p.as_str(), i))
    }

    /// The owner of `path`: the nearest instruction-made path at or above it (what is inside a
    /// directory has the owner of its contents); `root` otherwise.
    pub fn owner(&self, path: &str) -> String {
        match self.paths.iter().filter(|(p, _)| is_within(path, p)).max_by_key(|(p, _)| p.len()) {
            Some((p, i)) if p != path => i.inside.clone().unwrap_or_else(|| i.owner.clone()),
            Some((_, i)) => i.owner.clone(),
            None => "root".into(),
        }
    }

    /// The owner of what is inside directory `path` (the files a COPY put there).
    pub fn contents_owner(&self, path: &str) -> String {
        match self.paths.get(path) {
            Some(i) => i.inside.clone().unwrap_or_else(|| i.owner.clone()),
            None => self.owner(path),
        }
    }

    pub fn make(&mut self, path: &str, owner: &str, line: usize, tree: bool) {
        Arc::make_mut(&mut self.paths).insert(path.to_string(), PathInfo { owner: owner.to_string(), line, tree, inside: None, modes: Vec::new() });
    }

    /// `rm` of `path` (and what is below it), or of what is inside `dir` for `dir/*`: instruction-
    /// made paths only, since what a base image ships is not listed one file at a time.
    pub fn delete(&mut self, path: &str) {
        if self.paths.keys().any(|p| removes(path, p)) {
            Arc::make_mut(&mut self.paths).retain(|p, _| !removes(path, p));
        }
    }

    /// A COPY into the existing directory `path`: its files belong to `owner`, the directory
    /// keeps its own owner.
    pub fn fill(&mut self, path: &str, owner: &str, line: usize) {
        // Not made by an instruction of its own, it has the owner of what holds it (a directory
        // inside a home useradd made is the user's).
        let own = self.paths.get(path).map(|i| i.owner.clone()).unwrap_or_else(|| self.owner(path));
        let modes = self.paths.get(path).map(|i| i.modes.clone()).unwrap_or_default();
        let inside = (own != owner).then(|| owner.to_string());
        Arc::make_mut(&mut self.paths).insert(path.to_string(), PathInfo { owner: own, line, tree: true, inside, modes });
    }

    pub fn set_var(&mut self, name: String, var: Var) {
        Arc::make_mut(&mut self.vars).insert(name, var);
    }

    /// Whether `program` is known to be on PATH (`Some(false)`: known to be absent).
    /// `system_tool` tells whether it is a well-known system tool; it is asked only when the
    /// answer depends on it.
    pub fn has_program(&self, program: &str, system_tool: impl FnOnce() -> bool) -> Option<bool> {
        let programs = self.programs.as_ref()?;
        if programs.contains(program) {
            return Some(true);
        }
        if self.open_path && !system_tool() {
            return None;
        }
        Some(false)
    }
}

/// Whether `rm` of `target` removes `path`: the path itself and what is below it, or for
/// `dir/*` what is inside `dir`.
pub fn removes(target: &str, path: &str) -> bool {
    match target.strip_suffix("/*") {
        Some(dir) => is_within(path, if dir.is_empty() { "/" } else { dir }) && path != dir && !(dir.is_empty() && path == "/"),
        None => is_within(path, target),
    }
}

/// `root`, `0`, `0:0`, `root:root` and an empty USER are root.
pub fn is_non_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    !(name.is_empty() || name == "root" || name == "0")
}

/// The account a USER or `--chown` value needs to exist: its name part, unless that is numeric
/// (`65532:65532` needs no account), empty or a variable.
pub fn account_of(user: &str) -> Option<&str> {
    let name = user.split(':').next().unwrap_or("").trim_matches('"');
    (!name.is_empty() && !name.chars().all(|c| c.is_ascii_digit()) && !name.contains('$')).then_some(name)
}

/// Whether `path` is `dir` or inside it (`/app2` is not inside `/app`).
pub fn is_within(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty() || path.strip_prefix(dir).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `base` joined with `path` (absolute paths replace), `.`/`..` folded, no trailing slash.
pub fn join_path(base: &str, path: &str) -> String {
    // Most paths are already in that form (`/app`, `/app` + `dist`): no folding to do.
    if path.starts_with('/') && is_folded(path) {
        return path.to_string();
    }
    if !path.starts_with('/') && !path.is_empty() && is_folded(base) && plain_components(path) {
        let mut out = String::with_capacity(base.len() + path.len() + 1);
        out.push_str(base.trim_end_matches('/'));
        out.push('/');
        out.push_str(path);
        return out;
    }
    fold_join(base, path)
}

/// [`join_path`] the long way: every component of both, `.`/`..` folded.
fn fold_join(base: &str, path: &str) -> String {
    let base = if path.starts_with('/') { "" } else { base };
    let mut parts: Vec<&str> = Vec::new();
    for p in base.split('/').chain(path.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::with_capacity(base.len() + path.len() + 1);
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// An absolute path with nothing [`join_path`] would fold: `/`, or components that are neither
/// empty, `.` nor `..`, and no trailing slash.
fn is_folded(path: &str) -> bool {
    path == "/" || path.strip_prefix('/').is_some_and(plain_components)
}

/// Every `/`-separated component is a name (not empty, `.` or `..`).
fn plain_components(path: &str) -> bool {
    path.as_bytes().split(|&b| b == b'/').all(|c| !c.is_empty() && c != b"." && c != b"..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_without_folding_equals_join_with_folding() {
        let samples = ["", "/", ".", "..", "app", "/app", "/app/", "app/", "/app/bin", "a/b", "./a", "a/./b", "a/../b", "/a//b", "/a/b/..", "é/ü", "/srv/é"];
        for base in samples {
            for path in samples {
                assert_eq!(join_path(base, path), fold_join(base, path), "{base:?} + {path:?}");
            }
        }
    }

    #[test]
    fn paths_and_owners() {
        let mut s = State::default();
        s.make("/app", "app", 3, true);
        s.make("/app/static", "root", 5, false);
        assert!(s.exists("/app/x/y") && !s.exists("/srv"));
        assert_eq!(s.owner("/app/x"), "app");
        assert_eq!(s.owner("/app/static/css"), "root");
        assert_eq!(s.owner("/opt"), "root");
        assert_eq!(join_path("/app", "sub/../bin/"), "/app/bin");
        assert!(is_non_root("1001:1001") && !is_non_root("root") && !is_non_root("0:0"));
        assert_eq!(join_path("/", "."), "/");
        assert_eq!(join_path("/srv/", "/opt//x/./y/.."), "/opt/x");
        assert_eq!(join_path("/a/b", "../../.."), "/");
        assert_eq!(join_path("relative", "x"), "/relative/x");
        assert!(is_within("/app", "/app/") && is_within("/app/x", "/app") && is_within("/x", "/"));
        assert!(!is_within("/app2", "/app") && !is_within("/ap", "/app"));
    }
}

//! Where the project lives in the builder: the paths its files were copied to from the build
//! context or cloned to and built in, and the trees its installs filled (`node_modules`, a
//! virtualenv). For Node and Python these are what the runtime copies; for compiled stacks
//! they are the sources, left behind.
//! An app copied into `/` is its COPY targets (the context's top-level entries, `.dockerignore`
//! applied), never `/` itself. An entry named like a system directory (`lib`, merged into the
//! system's /lib) cannot be copied from the builder without the builder's system files: the
//! runtime copies it from the build context, as the original did, when nothing the build runs
//! may write into it. When nothing the build runs may write into any entry of a whole context
//! copied into `/`, the runtime repeats that one copy from the build context: one COPY per
//! entry would be as many layers as the context has entries, and Docker stacks at most 127.

use crate::paths::Basename;
use super::{Planner, Refusal};
use crate::model::is_within;
use std::path::Path;

/// Destinations that are the system's, not the project's: config and scripts copied there are
/// replayed from the build context instead.
pub(crate) const SYSTEM: &[&str] = &[
    "/etc", "/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/local/lib", "/usr/share", "/bin", "/sbin", "/lib", "/lib64",
    "/docker-entrypoint.d", "/tmp", "/root", "/var/cache", "/var/lib", "/var/log", "/var/run", "/run",
];

/// Entries of an app in `/` the runtime copies from the builder one by one at most: each is a
/// COPY to review and a layer (Docker stacks at most 127).
const MAX_ENTRY_COPIES: usize = 32;

/// Top-level directories of a Linux root file system: an app entry with such a name, copied
/// into `/`, would merge into the system's own.
const ROOT_DIRS: &[&str] = &["bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"];

/// Where the project lives: its paths, and the copies the runtime takes from the build context
/// rather than the builder (`COPY . /` with a `lib`, or a whole context nothing writes into).
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Every project path, outermost only; the runtime copies from the builder those no
    /// context copy brings.
    pub paths: Vec<String>,
    pub from_context: Vec<ContextCopy>,
}

/// A COPY the runtime repeats from the build context.
#[derive(Clone, Debug)]
pub(crate) struct ContextCopy {
    /// Context path (`.` for the whole context) and destination.
    pub from: String,
    pub to: String,
    /// The original COPY's `--chown`.
    pub chown: Option<String>,
    /// The project paths it brings.
    pub brings: Vec<String>,
}

/// What every refusal of an app in `/` asks for.
const OWN_DIRECTORY: &str = "Give the app a directory of its own (`WORKDIR /app` before the COPY)";

/// The project's paths.
pub(crate) fn project_paths(p: &Planner) -> Result<Layout, Refusal> {
    let mut paths: Vec<String> = Vec::new();
    let mut from_context: Vec<ContextCopy> = Vec::new();
    // The first COPY that puts the app's files into `/` itself.
    let mut in_root: Option<usize> = None;
    let system = |d: &str| SYSTEM.iter().any(|s| is_within(d, s));
    for s in &p.stage.steps {
        let Some(copy) = &s.copy else { continue };
        if copy.from.is_some() || system(&copy.dest) {
            continue;
        }
        if copy.sources.iter().all(|src| super::secret_file(src.basename())) {
            continue;
        }
        // Into `/` itself, or entries named as they are in the context (`ADD ./pages ./pages`);
        // not a directory of the app's own (`COPY . /src`).
        let as_entry = |src: &String| {
            let name = src.trim_end_matches('/').basename();
            !matches!(name, "." | "" | "*") && copy.target_of(src) == format!("/{name}")
        };
        if s.before.workdir == "/" && ((copy.into && copy.dest == "/") || copy.sources.iter().any(as_entry)) {
            in_root.get_or_insert(s.line);
        }
        if !copy.into || copy.dest != "/" {
            paths.push(copy.dest.clone());
            continue;
        }
        for src in &copy.sources {
            into_root(p, s, copy, src, &mut paths, &mut from_context)?;
        }
    }
    let app_in_root = in_root.filter(|_| p.copies_project() && p.stage.end.workdir == "/");
    if let Some((copy_line, (line, what))) = app_in_root.and_then(|at| Some((at, builds_in_root(p, at)?))) {
        return Err(Refusal::at(
            Some(copy_line),
            format!("line {copy_line} copies the app into /, and line {line} runs `{what}` there: msify cannot tell which files it makes in / (a build output such as .next or dist) from the system's. {OWN_DIRECTORY}"),
        ));
    }
    // Sources the build fetches itself and then works in (lightspeed-ingest: `git clone URL`,
    // `WORKDIR` into it, `cargo build`) are the project as much as copied ones: a compiled
    // stack's are left behind with their build tree, a Node or Python app's are copied.
    for (i, s) in p.stage.steps.iter().enumerate() {
        for w in s.run.iter().flat_map(|fx| fx.writes.iter()).filter(|w| w.how == "git clone" && !system(&w.path) && w.path != "/") {
            let worked_in = p.stage.steps[i..].iter().flat_map(|later| later.run.iter().flat_map(|fx| fx.dirs.iter())).any(|dir| is_within(dir, &w.path));
            if worked_in {
                paths.push(w.path.clone());
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
    // What the build deleted again once done with it (sqlpad: `cp -r /sqlpad/server /usr/app
    // && rm -rf /sqlpad`) was not in the image: the runtime does not get it either.
    paths.retain(|path| p.stage.deleted_for_good(path).is_none());
    Ok(Layout { paths: outermost(paths), from_context })
}

/// One source of a COPY into `/`: its target, or for `.` every top-level entry of the context.
/// The runtime repeats a whole context copy nothing writes into; an entry named like a system
/// directory comes from the build context; the rest from the builder, one COPY each.
fn into_root(p: &Planner, s: &crate::model::Step, copy: &crate::model::CopyEffect, src: &str, paths: &mut Vec<String>, from_context: &mut Vec<ContextCopy>) -> Result<(), Refusal> {
    let whole = matches!(src.trim_end_matches('/'), "." | "");
    let names = if whole { context_entries(p.context) } else { vec![src.trim_end_matches('/').basename().to_string()] };
    let may_write = Writers::of(p);
    let writers: Vec<Option<(usize, String)>> = names.iter().map(|name| may_write.first_into(&format!("/{name}"))).collect();
    if whole && writers.iter().all(Option::is_none) {
        let brings: Vec<String> = names.iter().map(|n| format!("/{n}")).collect();
        paths.extend(brings.iter().cloned());
        from_context.push(ContextCopy { from: ".".into(), to: "/".into(), chown: copy.chown.clone(), brings });
        return Ok(());
    }
    if let Some((line, what)) = writers.iter().flatten().next().filter(|_| names.len() > MAX_ENTRY_COPIES) {
        return Err(Refusal::at(
            Some(s.line),
            format!("line {} copies the app into / with its {} top-level entries, and line {line} {what}, which may write into them: the runtime would copy each from the builder, one COPY and one layer per entry. {OWN_DIRECTORY}", s.line, names.len()),
        ));
    }
    for (name, writer) in names.into_iter().zip(writers) {
        let dest = format!("/{name}");
        paths.push(dest.clone());
        if !ROOT_DIRS.contains(&name.as_str()) {
            continue;
        }
        if let Some((line, what)) = writer {
            return Err(Refusal::at(
                Some(s.line),
                format!("line {} copies the app into /, and its `{name}` merges with the system's /{name}; line {line} {what}, which may write there, and the builder's /{name} cannot be told from the system's. {OWN_DIRECTORY}", s.line),
            ));
        }
        let rel = if whole { name.clone() } else { src.trim_end_matches('/').to_string() };
        from_context.push(ContextCopy { from: rel, to: dest.clone(), chown: copy.chown.clone(), brings: vec![dest] });
    }
    Ok(())
}

/// The paths no other path holds, sorted: each is looked up by its ancestors, so a context of
/// hundreds of entries costs no more than their number.
fn outermost(paths: Vec<String>) -> Vec<String> {
    let all: std::collections::BTreeSet<String> = paths.into_iter().collect();
    let held = |p: &str| all.contains("/") && p != "/" || p.match_indices('/').skip(1).any(|(i, _)| all.contains(&p[..i]));
    all.iter().filter(|p| !held(p)).cloned().collect()
}

/// Commands that cannot write into an app directory of their own accord: system package
/// managers, account and file-mode tools, shell builtins. Their explicit destinations are
/// the stage model's writes, checked separately.
const NO_APP_WRITES: &[&str] = &["apt-get", "apt", "apk", "yum", "dnf", "microdnf", "dpkg", "useradd", "adduser", "groupadd", "addgroup", "usermod", "mkdir", "chown", "chgrp", "chmod", "rm", "ln", "touch", "curl", "wget", "sleep"];

/// Package scripts that dependency installs run by themselves.
const INSTALL_SCRIPTS: &[&str] = &["preinstall", "install", "postinstall", "prepare"];

/// What the stage's RUN lines may write, read once: a whole context copied into `/` asks it
/// for every top-level entry, and a context can hold hundreds.
struct Writers<'p> {
    /// Each RUN: its line, its effects, and the first command whose files msify cannot name.
    runs: Vec<(usize, &'p crate::model::RunEffects, Option<&'p crate::shell::Command>)>,
    /// The words of each install script the package's manifest names (`prepare`: `tsc -p .`).
    scripts: Vec<(&'static str, Vec<String>)>,
}

impl<'p> Writers<'p> {
    fn of(p: &'p Planner) -> Writers<'p> {
        let runs = p.stage.of("run").filter_map(|s| s.run.as_deref().map(|fx| (s.line, fx, unknown_writer(fx)))).collect();
        let scripts = INSTALL_SCRIPTS.iter().filter_map(|s| p.cand.fact(&format!("{s}_script")).map(|text| (*s, crate::shell::words(text)))).collect();
        Writers { runs, scripts }
    }

    /// The first RUN that may write into `dir` (a line and what it runs): a write the stage
    /// model sees there, a build (`npm run build`, a script, `make`: their outputs are not
    /// known), or a dependency install whose package scripts (`prepare`, `postinstall`) name
    /// the directory.
    fn first_into(&self, dir: &str) -> Option<(usize, String)> {
        let name = dir.trim_start_matches('/');
        let names_it = |w: &String| {
            let w = w.trim_start_matches("./");
            w.trim_end_matches('/') == name || w.strip_prefix(name).is_some_and(|rest| rest.starts_with('/'))
        };
        let script_names_it = self.scripts.iter().find(|(_, words)| words.iter().any(names_it)).map(|(s, _)| *s);
        for &(line, fx, unknown) in &self.runs {
            if let Some(w) = fx.writes.iter().find(|w| is_within(&w.path, dir)) {
                return Some((line, format!("writes {} ({})", w.path, w.how)));
            }
            if let Some(c) = unknown {
                return Some((line, format!("runs `{}`", c.words.join(" "))));
            }
            if let Some(script) = script_names_it.filter(|_| fx.commands.iter().any(|c| c.installs_node_packages())) {
                return Some((line, format!("installs the packages, which runs the package's `{script}` script")));
            }
        }
        None
    }
}

/// The first command of a RUN whose files msify cannot name: not a builtin, not one of
/// [`NO_APP_WRITES`], not a dependency install (`npm run build`, a script, `make`).
fn unknown_writer(fx: &crate::model::RunEffects) -> Option<&crate::shell::Command> {
    fx.commands.iter().find(|c| {
        let program = c.program();
        let installs = c.installs_node_packages() || c.installs_node_package_globally() || (c.runs_pip() && c.words.iter().any(|w| w == "install")) || c.has_pair("npm", "prune") || c.has_pair("npm", "cache");
        !(program.is_empty() || crate::model::run::is_builtin(program) || NO_APP_WRITES.contains(&program) || installs)
    })
}

/// A RUN in `/` after the app's files went there (from `line`) whose files msify cannot name
/// (a line and what it runs): what it makes there (`.next`, `dist`) is not among the entries
/// the COPY lines name, and cannot be told from the system's.
fn builds_in_root(p: &Planner, line: usize) -> Option<(usize, String)> {
    p.stage.of("run").filter(|s| s.line > line && s.before.workdir == "/").find_map(|s| unknown_writer(s.run.as_ref()?).map(|c| (s.line, c.words.join(" "))))
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
    fn outermost_paths_only() {
        let paths = ["/app/node_modules", "/app", "/app-data", "/srv/a/b", "/srv/a", "/app"].map(String::from).to_vec();
        assert_eq!(outermost(paths), ["/app", "/app-data", "/srv/a"]);
        assert_eq!(outermost(["/", "/x"].map(String::from).to_vec()), ["/"]);
    }

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

//! What the runtime stage leaves behind: the reason to split at all. A split whose runtime
//! starts from the builder's own image and leaves nothing behind makes no image smaller, and a
//! Python one makes it larger (the virtualenv brings its own pip: +12 to +22 MB measured on the
//! engine for seven real-world repositories on `python:*-slim` that only `pip install` wheels).
//! msify then proposes no change and says why; `--force` splits anyway.

use super::builder::Builder;
use super::needs::RuntimePackages;
use super::roles::Role;
use super::Planner;
use crate::syntax::ImageRef;

/// Something the build stage keeps that the image had, as the reviewer would name it — the
/// first found, cheapest check first; `None` when the split would leave nothing behind.
pub(super) fn left_behind(p: &Planner, roles: &[Role], at_run_time: &RuntimePackages, builder: &Builder, runtime_image: &str) -> Option<String> {
    if !same_image(&p.stage.from.image_text, runtime_image) {
        return Some(format!("the base image {} (the runtime starts from {runtime_image})", p.stage.from.image_text));
    }
    let builder_only = || p.stage.steps.iter().zip(roles).filter(|(_, r)| !matches!(r, Role::Move | Role::Repeat)).filter_map(|(s, r)| s.run.as_ref().map(|fx| (s, r, fx)));
    let replayed = |r: &Role, text: &str| matches!(r, Role::RepeatPart(parts) if parts.iter().any(|t| t == text));
    let tool = builder_only().find_map(|(s, r, fx)| fx.commands.iter().find(|c| installs_a_tool_globally(c) && !replayed(r, &c.text)).map(|c| (s, c)));
    if let Some((s, c)) = tool {
        return Some(format!("a tool installed for the build (`{}`, line {})", c.text, s.line));
    }
    // `pip install poetry` into the system interpreter: the runtime copies only the venv.
    if let Some(s) = builder_only().map(|(s, _, _)| s).find(|s| s.before.value("VIRTUAL_ENV").is_none() && super::python::installs_only_tools(p, s)) {
        return Some(format!("a Python packaging tool installed for the build (line {})", s.line));
    }
    if let Some((s, cache)) = builder_only().find_map(|(s, _, _)| cache_kept(p, s).map(|c| (s, c))) {
        return Some(format!("{cache} (line {})", s.line));
    }
    if !builder.finish.is_empty() && has_dev_dependencies(p) {
        return Some("the dev dependencies package.json lists (pruned)".into());
    }
    let (s, pkg) = builder_only().find_map(|(s, _, fx)| fx.installs.iter().flat_map(|i| i.packages.iter()).find(|pkg| !at_run_time.names.contains(pkg)).map(|pkg| (s, pkg)))?;
    Some(format!("{pkg}, which only the build uses (line {})", s.line))
}

/// Why no split is proposed, for the report.
pub(super) fn nothing_to_gain(p: &Planner, runtime_image: &str) -> String {
    let mut why = format!(
        "already thin: the runtime stage would start from {runtime_image}, the image this Dockerfile already uses, and the build leaves nothing behind (no build-only packages or tools, no dev dependencies, no npm, yarn or apt caches), so a second stage would not make the image smaller"
    );
    if matches!(p.python, super::python::PythonEnv::Inserted { .. }) {
        why.push_str("; the virtualenv it needs brings its own pip, so the image would grow");
        let cached: Vec<String> = p.stage.of("run").filter(|s| pip_without_no_cache_dir(s)).map(|s| s.line.to_string()).collect();
        if !cached.is_empty() {
            let lines = if cached.len() == 1 { "line" } else { "lines" };
            why.push_str(&format!(". pip keeps its download cache in the image: `--no-cache-dir` on {lines} {} drops it", cached.join(", ")));
        }
    }
    why.push_str(". Use --force to split it anyway");
    why
}

fn same_image(a: &str, b: &str) -> bool {
    let (a, b) = (ImageRef::parse(a), ImageRef::parse(b));
    let name = |i: &ImageRef| i.name.trim_start_matches("docker.io/").trim_start_matches("library/").to_string();
    name(&a) == name(&b) && a.tag.as_deref().unwrap_or("latest") == b.tag.as_deref().unwrap_or("latest") && a.digest == b.digest
}

/// `npm install -g typescript`, `gem install bundler`, `go install`, `cargo install`: programs
/// the build put into the system (the runtime replays only those the container starts).
fn installs_a_tool_globally(c: &crate::shell::Command) -> bool {
    c.installs_node_package_globally() || c.has_pair("gem", "install") || c.has_pair("go", "install") || c.has_pair("cargo", "install")
}

/// The download cache or package lists a RUN leaves in the image, which the runtime does not
/// copy: npm's and yarn's caches (often larger than the app), apt's lists. pip's cache does not
/// count when msify adds the virtualenv: it weighs about what the venv's own pip adds (measured
/// on the engine, the split came out larger), and `--no-cache-dir` drops it without a stage.
fn cache_kept(p: &Planner, s: &crate::model::Step) -> Option<&'static str> {
    let fx = s.run.as_ref()?;
    if s.ins.flag("mount").is_some_and(|m| m.value.as_deref().is_some_and(|v| v.contains("type=cache"))) {
        return None;
    }
    let text = s.run_text(p.df);
    let removes = |dir: &str| fx.commands.iter().any(|c| c.program() == "rm" && c.args().iter().any(|a| a.contains(dir)));
    let node_install = fx.commands.iter().any(|c| c.installs_node_packages());
    if node_install && !text.contains("cache clean") && !text.contains("--cache ") && !removes(".npm") && !removes(".cache") && !removes("/tmp") {
        return Some("the package manager's download cache");
    }
    let apt_update = fx.commands.iter().any(|c| matches!(c.program(), "apt-get" | "apt") && c.args().first().is_some_and(|a| a == "update"));
    if apt_update && !removes("/var/lib/apt/lists") {
        return Some("apt's package lists");
    }
    // pip keeps its cache in the installing user's home (~/.cache/pip): when that home is the
    // project the runtime copies (tamato works in /home/tamato), the cache goes along.
    let cache_copied = || p.in_project(&format!("{}/.cache/pip", super::python::home_of(p, s)));
    if pip_without_no_cache_dir(s) && !matches!(p.python, super::python::PythonEnv::Inserted { .. }) && !cache_copied() {
        return Some("pip's download cache");
    }
    None
}

/// A RUN with a command that downloads through pip's cache and keeps it: no --no-cache-dir on
/// it (`pip-compile` resolves by downloading, whatever the install lines say), no
/// PIP_NO_CACHE_DIR, no `rm` of the cache.
fn pip_without_no_cache_dir(s: &crate::model::Step) -> bool {
    let Some(fx) = &s.run else { return false };
    let cached = fx.commands.iter().any(|c| {
        let pip = c.runs_pip() && c.args().iter().any(|a| matches!(a.as_str(), "install" | "download" | "wheel"));
        (pip || c.program() == "pip-compile") && !c.args().iter().any(|a| a == "--no-cache-dir" || a == "--no-cache")
    });
    let removed = fx.commands.iter().any(|c| c.program() == "rm" && c.args().iter().any(|a| a.contains(".cache")));
    cached && !removed && s.before.value("PIP_NO_CACHE_DIR").is_none()
}

/// Whether the project's package.json lists dev dependencies (what the prune removes).
fn has_dev_dependencies(p: &Planner) -> bool {
    let Some(text) = p.context_file_at("package.json") else { return true };
    let Ok(pkg) = serde_json::from_str::<serde_json::Value>(&text) else { return true };
    pkg.get("devDependencies").and_then(|d| d.as_object()).is_some_and(|d| !d.is_empty())
}

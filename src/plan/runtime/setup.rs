//! What runs first in the runtime stage, as root: the packages it needs (run-time libraries by
//! the runtime's own distribution and release, tools its command or HEALTHCHECK call), the
//! template's own setup (an nginx config, unless the Dockerfile writes its own), the user msify
//! adds and the directories that user must own.

use super::user::UserPlan;
use crate::detect::dockerfile_signals::env_pairs;
use crate::model::is_within;
use crate::plan::needs::{Needs, RuntimePackages};
use crate::plan::{Failure, Planner};
use crate::templates::Variant;

pub(super) fn lines(p: &mut Planner, v: &Variant, needs: &Needs, packages: &RuntimePackages, user: &UserPlan, image: &str) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    for (_, why) in &needs.libraries {
        p.notes.push(format!("{why}; its run-time library is installed in the runtime"));
    }
    for (pkg, line, why) in &needs.carried {
        p.notes.push(format!("line {line}: {pkg} {why}"));
    }
    for (tool, how) in &packages.tools {
        p.notes.push(format!("{how} {tool}, which {image} lacks; it is installed in the runtime"));
    }
    for (pkg, program, line) in &packages.replayed {
        p.notes.push(format!("line {line} (repeated in the runtime) runs `{program}`, which {image} lacks; {pkg} is installed in the runtime"));
    }
    let packages = &packages.names;
    if !packages.is_empty() {
        if let Some((_, line)) = needs.recommends.first() {
            let names: Vec<&str> = needs.recommends.iter().map(|(pkg, _)| pkg.as_str()).collect();
            p.notes.push(format!("line {line} installs {} with apt's recommended packages (no --no-install-recommends), and so does the runtime, as the original did: what the app runs from them may need one", names.join(", ")));
        }
        let flag = if needs.recommends.is_empty() { "--no-install-recommends " } else { "" };
        out.push(match v.package_manager.as_deref() {
            Some("apk") => format!("RUN apk add --no-cache {}", packages.join(" ")),
            _ => format!("RUN apt-get update && apt-get install -y {flag}{} && rm -rf /var/lib/apt/lists/*", packages.join(" ")),
        });
    }
    let own_config = user_written(p);
    for s in p.template.runtime.setup.clone() {
        if let Some((path, line)) = own_config.iter().find(|(w, _)| s.unless_path.iter().any(|u| is_within(w, u))) {
            p.notes.push(format!("line {line}: your own server config ({path}) is kept; the template's is not added"));
            continue;
        }
        for line in p.render_steps(std::slice::from_ref(&s), v, false)? {
            if let Some(rest) = line.strip_prefix("ENV ") {
                for (k, _) in env_pairs(rest, '\\') {
                    p.changes.push(format!("env:{k}"));
                }
            }
            out.push(line);
        }
    }
    if user.added.is_some() {
        // One RUN makes the user and gives it its directories.
        let mut root_steps: Vec<String> = user.create.iter().cloned().collect();
        // VOLUMEs and the WORKDIR: made now, owned by the new user. The WORKDIR too when the
        // app is copied into it: `COPY --chown` gives the user what it copies, but a directory
        // that exists (WORKDIR made it, as root) keeps its owner, and an app that writes
        // `output/` in its working directory then fails (seen on the engine).
        let name = user.added.clone().unwrap_or_default();
        let dirs = given_to_user(p);
        if user.before_workdir {
            // No shell to chown with: the WORKDIR is created after USER (so it is the user's); a
            // VOLUME stays root's.
            let volumes: Vec<&String> = dirs.iter().filter(|d| p.stage.volumes.iter().any(|(v, _)| v == *d)).collect();
            if !volumes.is_empty() {
                p.notes.push(format!("{image} has no shell to give {name} the VOLUME {}: if the app writes there, mount it writable for {name}", volumes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")));
            }
        } else if !dirs.is_empty() {
            root_steps.push(format!("mkdir -p {} && chown {name} {}", dirs.join(" "), dirs.join(" ")));
            p.notes.push(format!("{} made first and owned by {name} (the working directory, volumes, directories the app makes): the app may write there, as it could as root", dirs.join(", ")));
        }
        if !root_steps.is_empty() {
            out.push(format!("RUN {}", root_steps.join(" && ")));
        }
    }
    let template_env: Vec<(String, String)> = p.template.runtime.env.clone().into_iter().filter(|(k, _)| p.stage.end.var(k).is_none()).collect();
    if !template_env.is_empty() {
        let mut pairs = Vec::new();
        for (k, val) in template_env {
            p.changes.push(format!("env:{k}"));
            pairs.push(format!("{k}={}", crate::shell::quote(&p.render(&val)?)));
        }
        out.push(format!("ENV {}", pairs.join(" ")));
    }
    Ok(out)
}

/// Paths the user's stage writes (COPY destinations, RUN writes), with their line.
fn user_written(p: &Planner) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for s in &p.stage.steps {
        if let Some(c) = &s.copy {
            out.extend(c.sources.iter().map(|src| (c.target_of(src), s.line)));
        }
        out.extend(s.run.iter().flat_map(|fx| fx.writes.iter().map(|w| (w.path.clone(), s.line))));
    }
    out
}

/// Where a replayed `mkdir` makes a directory that stays root's. Narrower than
/// [`project::SYSTEM`](crate::plan::project::SYSTEM) on purpose: that list says what is not
/// the project's to copy, this one what the app never writes. `mkdir -p /var/log/app`,
/// `/var/run/app` or `/var/lib/app` is the app's own place to write, so it is given to the new
/// user; `/var/lib/apt` and `/var/cache` are the package manager's.
const ROOT_KEEPS: &[&str] = &["/etc", "/usr", "/var/lib/apt", "/var/cache", "/tmp", "/root", "/bin", "/sbin", "/lib", "/proc", "/sys", "/dev"];

/// The directories an added user is given (made first, owned by it): the VOLUMEs, the WORKDIR
/// and the directories a replayed `mkdir` makes. One list for the `chown` and for what a start
/// script may write as that user ([`super::user`]).
pub(super) fn given_to_user(p: &Planner) -> Vec<String> {
    let wd = Some(p.stage.end.workdir.clone()).filter(|wd| wd != "/");
    let mut dirs: Vec<String> = Vec::new();
    for d in p.stage.volumes.iter().map(|(v, _)| v.clone()).chain(wd).chain(replayed_mkdirs(p)) {
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    dirs
}

/// Directories a RUN the runtime replays makes with `mkdir` for the app (`mkdir -p
/// /config/logs`): root made them, and the app wrote there as root. Made first and given to
/// the new user (the replayed mkdir then finds them), except system and project paths.
fn replayed_mkdirs(p: &Planner) -> Vec<String> {
    let roles = p.roles.as_deref().unwrap_or(&[]);
    let mut out = Vec::new();
    for (s, r) in p.stage.steps.iter().zip(roles) {
        if s.kw != "run" || !r.in_runtime() {
            continue;
        }
        for w in s.run.iter().flat_map(|fx| fx.writes.iter()).filter(|w| w.how == "mkdir") {
            let system = ROOT_KEEPS.iter().any(|d| is_within(&w.path, d));
            if !system && !p.copies_project_path_holding(&w.path) && !out.contains(&w.path) {
                out.push(w.path.clone());
            }
        }
    }
    out
}

//! What the runtime copies from the builder, with the owner it must have and the point of the
//! replay after which it can be copied: after the last builder step that writes into it (its
//! anchor), and once the user it is given to exists.

use super::user::UserPlan;
use crate::model::{is_non_root, is_within};
use crate::plan::{Failure, Planner};
use crate::templates::Variant;

#[derive(Clone, Debug)]
pub(crate) struct Artifact {
    pub from: String,
    pub to: String,
    pub chown: Option<String>,
    /// Step index after which it may be copied (`None`: at the top).
    pub anchor: Option<usize>,
    /// Copied from the build context rather than the builder.
    pub from_context: bool,
}

pub(super) fn place(p: &mut Planner, v: &Variant, user: &UserPlan, stage_name: &str) -> Result<Vec<Artifact>, Failure> {
    let mut out = Vec::new();
    if p.copies_builder_ca(v) && p.template.runtime.packages.iter().any(|pkg| pkg == "ca-certificates") || v.ca_certificates {
        out.push(Artifact { from: "/etc/ssl/certs/ca-certificates.crt".into(), to: "/etc/ssl/certs/ca-certificates.crt".into(), chown: None, anchor: None, from_context: false });
        let why = if v.ca_certificates { "has none".to_string() } else { "cannot install them (its release left the Debian mirrors)".to_string() };
        let image = p.render(&v.image).unwrap_or_else(|_| v.image.clone()).replace(":-", ":");
        p.notes.push(format!("added the builder's CA certificates: {image} {why}, and TLS clients need them"));
    }
    for c in p.template.copy.clone() {
        if !p.holds(&c.when) {
            continue;
        }
        if let Some(rel) = &c.if_exists {
            if !crate::fsview::exists(&p.context.join(&p.cand.root).join(rel)) {
                continue;
            }
        }
        // `{app}` stands for each project path the runtime copies.
        // `{artifact}` stands for each compiled program the container runs.
        let pairs: Vec<(String, String)> = if c.from == "{app}" {
            // A whole context copied into `/` brings every top-level entry: one set, not a
            // scan of the entries for each project path.
            let brought: rustc_hash::FxHashSet<&str> = p.context_copies.iter().flat_map(|c| c.brings.iter().map(String::as_str)).collect();
            p.project.iter().filter(|x| !brought.contains(x.as_str())).map(|x| (x.clone(), x.clone())).collect()
        } else if c.from == "{artifact}" && !p.binaries.is_empty() {
            // A program a COPY from the build context put there (an entrypoint script in
            // /usr/local/bin) comes with that COPY, which the runtime repeats.
            let repeated = |path: &str| {
                let roles = p.roles.as_deref().unwrap_or_default();
                p.stage.steps.iter().zip(roles).any(|(s, r)| matches!(r, crate::plan::roles::Role::Repeat) && s.copy.as_ref().is_some_and(|c| c.from.is_none() && c.sources.iter().any(|src| c.target_of(src) == path)))
            };
            p.binaries.iter().filter(|(from, _)| !repeated(from)).cloned().collect()
        } else {
            vec![(p.render(&c.from)?, p.render(&c.to)?)]
        };
        for (from, to) in pairs {
            let chown = owner_for(p, user, &from, c.from == "{app}");
            let reason = p.artifact_reason(&from);
            p.notes.push(format!("added COPY --from={stage_name} {from}: {reason}"));
            out.push(Artifact { anchor: anchor(p, &from), from, to, chown, from_context: false });
        }
    }
    // Files the build put outside the project: copied after the step that made them.
    for path in p.outputs.clone() {
        out.push(Artifact { anchor: anchor(p, &path), chown: None, to: path.clone(), from: path, from_context: false });
    }
    // The app's entries in `/` that the runtime copies from the build context, as the original
    // did (see `project`), with the original's owner.
    if p.copies_project() {
        for c in p.context_copies.clone() {
            p.notes.push(if c.from == "." {
                format!("added COPY {} {} from the build context: the app is in /, and nothing the build runs writes into the {} entries the original copied there; one COPY from the builder per entry would stack as many layers", c.from, c.to, c.brings.len())
            } else {
                format!("added COPY {} {} from the build context: the app is in / and its `{}` merges with the system's {}, which the builder's copy would bring along", c.from, c.to, c.from, c.to)
            });
            out.push(Artifact { anchor: None, chown: c.chown, from: c.from, to: c.to, from_context: true });
        }
    }
    Ok(out)
}

/// The owner the copy must give: the new user for the app's own directories (it could write
/// there as root before); otherwise, when the app runs as a non-root user, the owner the
/// builder gave (COPY --from keeps the owners inside, but a directory it creates is root's).
fn owner_for(p: &Planner, user: &UserPlan, from: &str, app: bool) -> Option<String> {
    if let Some(added) = &user.added {
        return app.then(|| added.clone());
    }
    user.runtime_user.as_ref()?;
    let owner = p.stage.end.contents_owner(from);
    is_non_root(&owner).then_some(owner)
}

/// The last builder-only step that writes into `path`: a COPY into it, a RUN working in or on
/// it, an install into the dependency directory; when none does, the builder's last step.
/// The same whether msify's own finishing steps are appended or already in the file.
fn anchor(p: &Planner, path: &str) -> Option<usize> {
    let deps = p.python.holds(path);
    let roles = p.roles.as_deref().unwrap_or(&[]);
    let builder_only = |i: &usize| roles.get(*i).is_none_or(|r| !r.in_runtime());
    let steps = || p.stage.steps.iter().enumerate().filter(|(i, _)| builder_only(i));
    // A repeated RUN that works in the path counts too when msify appends to the builder
    // (`npm prune` runs after every step): the copy comes after it either way.
    let appended = p.builder_appends;
    let writer = |(i, s): &(usize, &crate::model::Step)| (builder_only(i) || (appended && s.kw == "run")) && writes_into(s, path, deps);
    let after_builder = p.stage.steps.iter().enumerate().filter(writer).map(|(i, _)| i).last().or_else(|| steps().filter(|(_, s)| matches!(s.kw.as_str(), "run" | "copy" | "add")).map(|(i, _)| i).last());
    // A repeated RUN that makes the directory the copy lands in (`mkdir -p /etc/app` of a RUN
    // that also builds /etc/app/config.yml) goes first: after the copy it would do nothing.
    let makes_parent = |(i, s): &(usize, &crate::model::Step)| !builder_only(i) && s.run.as_ref().is_some_and(|fx| fx.writes.iter().any(|w| w.how == "mkdir" && w.path != path && is_within(path, &w.path)));
    let parent_made = p.stage.steps.iter().enumerate().filter(makes_parent).map(|(i, _)| i).last();
    after_builder.max(parent_made)
}

fn writes_into(s: &crate::model::Step, path: &str, deps: bool) -> bool {
    let near = |a: &str| is_within(a, path) || is_within(path, a);
    if let Some(c) = &s.copy {
        return c.sources.iter().any(|src| near(&c.target_of(src))) || near(&c.dest);
    }
    let Some(fx) = &s.run else { return false };
    near(&s.before.workdir)
        || fx.writes.iter().any(|w| near(&w.path))
        || (deps && (fx.opens_path || !fx.venvs.is_empty()))
}

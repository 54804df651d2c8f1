//! The directories the Dockerfile's own user owned stay its own, with their group and mode. The
//! runtime makes its WORKDIR (as root) before copying the app in, and a directory that exists keeps
//! its owner through `COPY --chown` (BuildKit copies into it): the `chown -R app /app` or `mkdir
//! /app && chown` the original ran is then lost for /app itself, and an app that creates files
//! there (a SQLite database, uploads) fails — seen on the engine with gtonic/nfl_mcp. Decided on
//! the rewrite's own stage model, the same one its check uses: where the container's USER line is
//! replayed, each WORKDIR or VOLUME the user owned at the end of the original and would not own
//! there is given to it, just before that line (still as root).
//!
//! The group and the mode count too: OpenShift runs an image as a random uid in group 0, so such
//! images give the directory to `app:0` and run `chmod -R g=u` on it (etherpad-lite). A WORKDIR
//! made after USER has the user's own group, and a COPY --from carries the modes of what it copies
//! but not of the directory it copies into (both checked on the engine): the runtime makes such a
//! directory before USER with the original's group and `chmod`.

use super::user::UserPlan;
use super::{render, Line};
use crate::plan::builder::Builder;
use crate::plan::Planner;
use crate::rewrite::Edit;

pub(super) fn keep(p: &mut Planner, builder: &Builder, from: &str, lines: &mut Vec<Line>, user: &UserPlan) {
    if user.added.is_some() {
        // A user msify adds gets its directories when it is created (see `setup`).
        return;
    }
    let Some(run_user) = user.runtime_user.clone() else { return };
    let end = &p.stage.end;
    let mut dirs: Vec<String> = p.stage.volumes.iter().map(|(v, _)| v.clone()).collect();
    if end.workdir != "/" {
        dirs.push(end.workdir.clone());
    }
    dirs.retain(|d| user_of(&end.owner(d)) == user_of(&run_user));
    let Some(at) = lines.iter().rposition(|l| matches!(l, Line::Original { last, .. } if is_user_line(p, *last))) else { return };
    if dirs.is_empty() {
        return;
    }
    let text = rewritten(p, builder, from, lines);
    let Ok(df) = crate::syntax::parse(&text) else { return };
    let model = crate::model::model(&df, p.knowledge);
    let Some(stage) = model.stages.last() else { return };
    let Some(state) = stage.steps.iter().rfind(|s| s.kw == "user").map(|s| &s.before) else { return };
    if state.non_root() {
        return;
    }
    let mut fix = Fix::default();
    for d in dirs {
        let want = Access::of(end, &d);
        let made = state.paths.contains_key(&d);
        // Made later, after USER (a WORKDIR, a COPY), it is the user's with the user's own group:
        // enough unless the original gave it another group or modes.
        let have = if made { Access::of(state, &d) } else { Access { owner: run_user.clone(), modes: Vec::new() } };
        let owner_lost = user_of(&have.owner) != user_of(&want.owner) || group_differs(&want.owner, &have.owner);
        let modes_lost = !want.modes.is_empty() && Access::of(&stage.end, &d).modes != want.modes;
        if owner_lost || modes_lost {
            fix.add(d, want, made, owner_lost, modes_lost);
        }
    }
    if fix.chowns.is_empty() {
        return;
    }
    lines.insert(at, Line::New(format!("RUN {}", fix.commands())));
    p.notes.extend(fix.notes());
}

/// Who owns a directory and the modes `chmod` gave it, as a stage model has them.
struct Access {
    owner: String,
    modes: Vec<String>,
}

impl Access {
    fn of(state: &crate::model::State, dir: &str) -> Access {
        Access { owner: state.owner(dir), modes: state.paths.get(dir).map(|i| i.modes.clone()).unwrap_or_default() }
    }
}

/// What the runtime does, as root, to give the directories back what the original gave them.
#[derive(Default)]
struct Fix {
    mkdirs: Vec<String>,
    /// (owner, directories): one `chown` per owner, in the order first met.
    chowns: Vec<(String, Vec<String>)>,
    /// Directories that lost more than their owner: each with what it gets back and why.
    remade: Vec<(String, Access, Vec<&'static str>)>,
}

impl Fix {
    fn add(&mut self, dir: String, want: Access, made: bool, owner_lost: bool, modes_lost: bool) {
        let mut why = Vec::new();
        if !made {
            // `chown` on one that does not exist yet would fail the build.
            self.mkdirs.push(dir.clone());
            if owner_lost {
                why.push("made after USER, it would have the user's own group");
            }
        }
        if modes_lost {
            why.push("a COPY --from carries the modes of what it copies, not of the directory it copies into");
        }
        if !why.is_empty() {
            let modes = if modes_lost { want.modes.clone() } else { Vec::new() };
            self.remade.push((dir.clone(), Access { owner: want.owner.clone(), modes }, why));
        }
        match self.chowns.iter_mut().find(|(o, _)| *o == want.owner) {
            Some((_, ds)) => ds.push(dir),
            None => self.chowns.push((want.owner, vec![dir])),
        }
    }

    fn render(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.mkdirs.is_empty() {
            out.push(format!("mkdir -p {}", self.mkdirs.join(" ")));
        }
        out.extend(self.chowns.iter().map(|(owner, ds)| format!("chown {owner} {}", ds.join(" "))));
        for (dir, access, _) in &self.remade {
            out.extend(access.modes.iter().map(|m| format!("chmod {m} {dir}")));
        }
        out
    }

    fn commands(&self) -> String {
        self.render().join(" && ")
    }

    fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (owner, dirs) in &self.chowns {
            let kept: Vec<&str> = dirs.iter().filter(|d| !self.remade.iter().any(|(r, _, _)| r == *d)).map(String::as_str).collect();
            if !kept.is_empty() {
                out.push(format!(
                    "{} given to {} before USER, as the original had it: the runtime makes it before copying the app in, and a directory that exists keeps its owner through COPY --chown",
                    kept.join(", "),
                    said(owner)
                ));
            }
        }
        for (dir, access, why) in &self.remade {
            let modes = if access.modes.is_empty() { String::new() } else { format!(" and chmod {}", access.modes.join(", ")) };
            out.push(format!("{dir} owned by {}{modes} before USER, as the original had it: {}", access.owner, why.join("; ")));
        }
        out
    }
}

/// The user part of an owner (`app` of `app:0`).
fn user_of(owner: &str) -> &str {
    owner.split(':').next().unwrap_or(owner)
}

/// Whether the original's owner names a group the other owner does not have. An owner without
/// a group has the user's own (useradd makes one of the user's name; BuildKit's WORKDIR and
/// `--chown` take the user's primary group). A numeric group against a name cannot be told
/// apart from here, except root's (`0`).
fn group_differs(want: &str, have: &str) -> bool {
    let group = |owner: &str| owner.split_once(':').map(|(_, g)| g.to_string()).unwrap_or_else(|| user_of(owner).to_string());
    let root = |g: &str| g == "0" || g == "root";
    let (w, h) = (group(want), group(have));
    if root(&w) || root(&h) {
        return root(&w) != root(&h);
    }
    let numeric = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    w != h && numeric(&w) == numeric(&h)
}

/// Whether item `item` of the user's file is a USER instruction.
fn is_user_line(p: &Planner, item: usize) -> bool {
    p.stage.steps.iter().any(|s| s.item == item && s.kw == "user")
}

/// The whole rewritten file as it would be with these runtime lines.
fn rewritten(p: &Planner, builder: &Builder, from: &str, lines: &[Line]) -> String {
    let mut edits = builder.edits.clone();
    edits.push(Edit::insert(p.df.items[builder.last_kept].span.end, render(p, builder, from, lines)));
    crate::rewrite::apply(&p.df.text, &edits)
}

/// An owner as chown names it, said in words: chown's `user:` form is the user and the user's
/// login group (`eas:` → "eas and its login group").
fn said(owner: &str) -> String {
    match owner.strip_suffix(':') {
        Some(user) if !user.contains(':') => format!("{user} and its login group"),
        _ => owner.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{group_differs, said};

    #[test]
    fn chowns_user_colon_form_is_said_in_words() {
        assert_eq!(said("eas:"), "eas and its login group");
        assert_eq!(said("tfm:nogroup"), "tfm:nogroup");
        assert_eq!(said("app"), "app");
    }

    #[test]
    fn a_group_differs_when_both_name_it_or_one_is_roots() {
        assert!(group_differs("app:0", "app"));
        assert!(group_differs("app:root", "app:app"));
        assert!(group_differs("tfm:nogroup", "tfm"));
        assert!(!group_differs("app", "app:app"));
        assert!(!group_differs("app:0", "app:root"));
        // A numeric group against a name: unknown, so not taken for a difference.
        assert!(!group_differs("app:1000", "app"));
        assert!(group_differs("app:1000", "app:1001"));
    }
}

//! The replay: the user's instructions that the runtime needs, in their original order, with
//! each artifact copied in right after its anchor once its owner exists, and the USER msify adds
//! after the last line that changes the file system (a root-only step after it would fail).

use super::artifacts::Artifact;
use super::user::UserPlan;
use super::Line;
use crate::plan::roles::Role;
use crate::plan::{Failure, Planner};
use std::collections::BTreeSet;

/// How many leading steps set the environment the original's first package install ran in
/// (`ENV DEBIAN_FRONTEND=noninteractive`, proxies, ARGs before `apt-get install`): the runtime
/// writes those of them it repeats before its own installs, which would otherwise run without
/// it (tzdata's prompt hangs an Ubuntu build). Only a prefix of ENV and ARG lines (and the
/// LABELs among them), so no line changes place relative to another line the runtime repeats.
pub(super) fn install_environment(p: &Planner, roles: &[Role]) -> usize {
    let steps = &p.stage.steps;
    let Some(install) = steps.iter().position(|s| s.run.as_ref().is_some_and(|fx| !fx.installs.is_empty())) else { return 0 };
    // Metadata the runtime takes over (`LABEL maintainer=...` above the ENV) changes nothing
    // for an install and may come along.
    let repeated_env = |s: &crate::model::Step, r: &Role| matches!(s.kw.as_str(), "env" | "arg") && *r == Role::Repeat;
    let metadata = |s: &crate::model::Step, r: &Role| matches!(s.kw.as_str(), "label" | "maintainer") && *r == Role::Move;
    let leading = steps[..install].iter().zip(roles).position(|(s, r)| r.in_runtime() && !repeated_env(s, r) && !metadata(s, r));
    let end = leading.unwrap_or(install);
    // Only as far as the last ENV/ARG the runtime repeats: the rest replays in place.
    steps[..end].iter().zip(roles).rposition(|(s, r)| repeated_env(s, r)).map_or(0, |i| i + 1)
}

/// The replay of steps from `first` on (those before it were written ahead of the runtime's
/// own setup, see [`install_environment`]).
pub(super) fn replay(p: &mut Planner, roles: &[Role], first: usize, mut pending: Vec<Artifact>, user: &UserPlan, image: &str, copy_from: &str) -> Result<Vec<Line>, Failure> {
    let stage_name = copy_from.to_string();
    let mut users: BTreeSet<String> = p.knowledge.image(&crate::syntax::ImageRef::parse(image)).users.as_deref().cloned().unwrap_or_default();
    users.extend(user.added.clone());
    let mut lines: Vec<Line> = Vec::new();
    let flush = |lines: &mut Vec<Line>, pending: &mut Vec<Artifact>, users: &BTreeSet<String>, at: Point| {
        let ready = |a: &Artifact| {
            let owner = a.chown.as_deref().map(|c| c.split(':').next().unwrap_or(c).to_string());
            let owner_exists = owner.is_none_or(|o| o.chars().all(|c| c.is_ascii_digit()) || o.contains('$') || users.contains(&o));
            match at {
                Point::Top => a.anchor.is_none() && owner_exists,
                Point::After(i) => a.anchor.is_none_or(|x| x <= i) && owner_exists,
                Point::End => true,
            }
        };
        let (now, later): (Vec<Artifact>, Vec<Artifact>) = pending.drain(..).partition(|a| ready(a));
        *pending = later;
        for a in now {
            let own = a.chown.map(|c| format!(" --chown={c}")).unwrap_or_default();
            let from = if a.from_context { String::new() } else { format!(" --from={stage_name}") };
            lines.push(Line::New(format!("COPY{from}{own} {} {}", a.from, a.to)));
        }
    };
    flush(&mut lines, &mut pending, &users, Point::Top);
    if first > 0 {
        flush(&mut lines, &mut pending, &users, Point::After(first - 1));
    }
    let mut repeated = Vec::new();
    for (i, (s, role)) in p.stage.steps.iter().zip(roles).enumerate().skip(first) {
        match role {
            Role::Move => lines.push(Line::Original { first: s.first_item, last: s.item }),
            Role::Repeat => {
                match given_to_user(p, s, user) {
                    Some((text, owner)) => {
                        p.notes.push(format!("line {}: repeated with --chown={owner}: it copies into a directory {owner} is given, where the app wrote as root before", s.line));
                        lines.push(Line::New(text));
                    }
                    None => lines.push(Line::Original { first: s.item, last: s.item }),
                }
                if !matches!(s.kw.as_str(), "env" | "user" | "arg" | "workdir" | "shell") {
                    repeated.push(format!("{} (line {})", s.kw.to_uppercase(), s.line));
                }
            }
            Role::RepeatPart(parts) if s.kw == "env" => lines.push(Line::New(format!("ENV {}", parts.join(" ")))),
            Role::RepeatPart(parts) => {
                lines.push(Line::New(format!("RUN {}", parts.join(" && "))));
                // All of it, with a `mkdir` given `-p` (see `roles::idempotent`).
                let whole = s.run.as_ref().is_some_and(|fx| fx.commands.len() == parts.len() && fx.commands.iter().zip(parts).any(|(c, t)| c.text != *t));
                p.notes.push(if whole {
                    format!("line {}: the runtime repeats it as `{}`: a plain `mkdir` fails where the runtime has made the directory already", s.line, parts.join(" && "))
                } else {
                    format!("line {}: the runtime repeats `{}` of it (the rest builds)", s.line, parts.join(" && "))
                });
            }
            // The comments above a replaced CMD go with the command that replaces it.
            Role::Drop if s.first_item < s.item => lines.push(Line::Original { first: s.first_item, last: s.item - 1 }),
            Role::Stay | Role::Drop | Role::Test => {}
        }
        if role.in_runtime() {
            users.extend(s.run.iter().flat_map(|fx| fx.users_created.iter().cloned()));
        }
        flush(&mut lines, &mut pending, &users, Point::After(i));
    }
    flush(&mut lines, &mut pending, &users, Point::End);
    if !repeated.is_empty() {
        p.notes.push(format!("repeated in the runtime stage (what the app needs at run time besides the build's output): {}", repeated.join(", ")));
    }
    let moved: Vec<String> = p.stage.steps.iter().zip(roles).filter(|(_, r)| **r == Role::Move).map(|(s, _)| format!("{} (line {})", s.kw.to_uppercase(), s.line)).collect();
    if !moved.is_empty() {
        p.notes.push(format!("moved to the runtime stage: {}", moved.join(", ")));
    }
    Ok(lines)
}

/// A COPY/ADD the runtime repeats into a VOLUME or the working directory, which msify gives
/// to the user it adds: the files it copies are given to that user too (`ADD demo.db /data/`:
/// the app wrote the database as root before). The line as written with `--chown=<user>`.
fn given_to_user(p: &Planner, s: &crate::model::Step, user: &UserPlan) -> Option<(String, String)> {
    let owner = user.added.clone()?;
    let copy = s.copy.as_ref().filter(|c| c.chown.is_none() && c.from.is_none())?;
    let crate::syntax::ItemKind::Instruction(ins) = &p.df.items[s.item].kind else { return None };
    if !ins.heredocs.is_empty() {
        return None;
    }
    let workdir = &p.stage.end.workdir;
    let dirs = p.stage.volumes.iter().map(|(v, _)| v.as_str()).chain((workdir != "/").then_some(workdir.as_str()));
    let inside = dirs.into_iter().any(|d| crate::model::is_within(&copy.dest, d));
    if !inside {
        return None;
    }
    let at = ins.keyword_start + ins.keyword.len();
    let text = format!("{} --chown={owner}{}", &p.df.text[ins.keyword_start..at], &p.df.text[at..ins.content_end]);
    Some((text, owner))
}

/// Where the USER msify adds goes: after the last line that changes the file system (a
/// root-only step after it would fail) — or, in an image without a shell, before the first
/// WORKDIR, which BuildKit then creates owned by that user (no `chown` is possible there).
pub(super) fn add_user(p: &Planner, lines: &mut Vec<Line>, user: &UserPlan) {
    let Some(u) = &user.added else { return };
    let at = if user.before_workdir {
        lines.iter().position(|l| keyword(p, l) == "workdir").unwrap_or(lines.len())
    } else {
        lines.iter().rposition(|l| matches!(keyword(p, l).as_str(), "run" | "copy" | "add" | "workdir")).map(|i| i + 1).unwrap_or(0)
    };
    lines.insert(at, Line::New(format!("USER {u}")));
}

/// Where in the replay the artifacts that are ready get copied in.
#[derive(Clone, Copy)]
enum Point {
    Top,
    After(usize),
    End,
}

/// A runtime line's keyword, lower-case.
fn keyword(p: &Planner, line: &Line) -> String {
    match line {
        Line::New(l) => l.split_whitespace().next().unwrap_or("").to_ascii_lowercase(),
        Line::Original { last, .. } => match &p.df.items[*last].kind {
            crate::syntax::ItemKind::Instruction(i) => i.keyword.to_ascii_lowercase(),
            _ => String::new(),
        },
    }
}

//! The user's own stage becomes the builder, by edits to its bytes: its FROM gets a name, the
//! instructions that moved to the runtime are deleted with the comments above them (never
//! leaving two blank lines a deletion made adjacent), a virtualenv is inserted where the model
//! says root can make it, and the template's finishing steps (pruning dev dependencies,
//! deleting credential files) close the stage.

use crate::paths::Basename;
use super::python::PythonEnv;
use super::roles::Role;
use super::{secret_file, Failure, Planner};
use crate::model::is_within;
use crate::rewrite::Edit;
use crate::syntax::ItemKind;
use crate::templates::Variant;
use std::collections::BTreeSet;

/// What the builder's edits leave for the runtime assembly.
pub(crate) struct Builder {
    pub edits: Vec<Edit>,
    pub stage_name: String,
    /// The builder's last kept item: the runtime stage is appended after it.
    pub last_kept: usize,
    /// Lines appended at the end of the builder.
    pub finish: Vec<String>,
    /// RUNs that only test, moved to the `test` stage (`--test-stage`): (first item, item).
    pub tests: Vec<(usize, usize)>,
    /// The stage the runtime copies from: the builder, or with a test stage and finishing
    /// lines, the `release` stage that runs them after the tests branched off.
    pub copy_from: String,
}

pub(crate) fn edit(p: &mut Planner, roles: &[Role], v: &Variant) -> Result<Builder, Failure> {
    let df = p.df;
    let le = df.line_ending();
    let stage = p.stage;
    let from_ins = match &df.items[stage.from_item].kind {
        ItemKind::Instruction(i) => i,
        _ => unreachable!("stages start at FROM"),
    };
    let mut edits = Vec::new();
    let stage_name = stage.from.stage_name.clone().unwrap_or_else(|| "build".to_string());
    if stage.from.stage_name.is_none() {
        let at = stage.from.image_span.map(|s| s.end).unwrap_or(from_ins.content_end);
        let as_kw = if from_ins.keyword.chars().all(|c| c.is_ascii_lowercase()) { "as" } else { "AS" };
        edits.push(Edit::insert(at, format!(" {as_kw} {stage_name}")));
    }
    p.notes.insert(0, format!("line {}: FROM {} becomes the build stage `{stage_name}`; it keeps the toolchain", from_ins.start_line, stage.from.image_text));

    // Deleted items: moved/dropped instructions with their comment blocks.
    let mut deleted: BTreeSet<usize> = BTreeSet::new();
    for (s, role) in stage.steps.iter().zip(roles) {
        if role.leaves_builder() {
            deleted.extend(s.first_item..=s.item);
        }
    }
    let last_kept = (stage.from_item..stage.end_item)
        .rev()
        .find(|i| !deleted.contains(i) && matches!(df.items[*i].kind, ItemKind::Instruction(_) | ItemKind::Comment))
        .unwrap_or(stage.from_item);
    for i in last_kept + 1..stage.end_item {
        if matches!(df.items[i].kind, ItemKind::Blank) {
            deleted.insert(i);
        }
    }
    collapse_blank_lines(p, &mut deleted, last_kept);
    for &i in &deleted {
        let span = df.items[i].span;
        edits.push(Edit::delete(span.start, span.end));
    }

    // A virtualenv before the first dependency install, owned by whoever installs.
    if let PythonEnv::Inserted { at, line, owner, venv_package } = p.python.clone() {
        p.vars.insert("venv_owner".into(), owner.clone().unwrap_or_default());
        p.vars.insert("venv_package".into(), venv_package.clone().unwrap_or_default());
        if let Some(pkg) = &venv_package {
            p.notes.push(format!("line {line}: the build stage installs {pkg} first: the distribution's python3 cannot create a virtualenv without it (the runtime needs only python3)"));
        }
        let lines = p.render_steps(&p.template.builder.before_install, v, true)?;
        if !lines.is_empty() {
            edits.push(Edit::insert(df.items[at].span.start, lines.iter().map(|l| format!("{l}{le}")).collect::<String>()));
            let who = owner.map(|o| format!(", owned by {o} who installs them (created while the stage still runs as root)")).unwrap_or_default();
            p.notes.push(format!("line {line}: a virtualenv (/opt/venv) is created before the first dependency install{who}, so the dependencies can be copied as one directory"));
        }
    }
    let tests: Vec<(usize, usize)> = stage.steps.iter().zip(roles).filter(|(_, r)| **r == Role::Test).map(|(s, _)| (s.first_item, s.item)).collect();
    let rendered = p.render_steps_done(&p.template.builder.finish, v, true)?;
    let mut finish = rendered.lines;
    // The template's notes say who finished the build (`{finished_by}`: the user's RUN; else
    // `{finish_added}`: msify), or why nothing did (`{finish_kept_for}`: the start command's
    // dev tool needs what a prune removes) — never a prune that was not added.
    if let Some(line) = rendered.done_by.filter(|_| finish.is_empty()) {
        p.vars.insert("finished_by".into(), format!("line {line}"));
    }
    if let Some(tool) = rendered.kept_for.filter(|_| finish.is_empty()) {
        p.vars.insert("finish_kept_for".into(), tool);
    }
    if !finish.is_empty() {
        p.vars.insert("finish_added".into(), "true".into());
    }
    // `cd` rather than a WORKDIR: the stage's own working directory stays what the user wrote.
    if let Some((dir, end)) = finish_dir(p, roles).filter(|_| !finish.is_empty()) {
        p.notes.push(format!("the build stage ends in {end}; the added steps `cd {dir}` first, so they run where the dependencies were installed"));
        for line in &mut finish {
            if let Some(command) = line.strip_prefix("RUN ") {
                *line = format!("RUN cd {dir} && {command}");
            }
        }
    }
    // With a test stage, the finishing steps (npm prune) run in a stage of their own after the
    // tests branched off, so the tests still see the dev dependencies.
    let copy_from = if tests.is_empty() || finish.is_empty() {
        stage_name.clone()
    } else if stage_name == "release" {
        "release-build".to_string()
    } else {
        "release".to_string()
    };
    if !finish.is_empty() {
        let whose = if copy_from == stage_name { "the build stage".to_string() } else { format!("the stage `{copy_from}` (FROM {stage_name}, after the `test` stage branched off, so the tests keep the dev dependencies)") };
        p.notes.push(format!("added to {whose}: {} (dev dependencies stay out of the runtime)", finish.join("; ")));
    }
    let secrets = secret_files_in_project(p);
    if !secrets.is_empty() {
        finish.push(format!("RUN rm -f {}", secrets.iter().map(|(path, _)| path.as_str()).collect::<Vec<_>>().join(" ")));
        for (path, line) in &secrets {
            p.notes.push(format!("line {line}: {path} holds credentials; it is deleted before the app directory is copied, so it does not reach the runtime image"));
        }
    }
    Ok(Builder { edits, stage_name, last_kept, finish, tests, copy_from })
}

/// Where the stage installed its Node.js dependencies (the directory the last install ran in,
/// `cd` followed: where package.json is) and where the build stage ends, when they differ
/// (`RUN cd server && npm ci` after `WORKDIR /app`): the finishing steps (`npm prune`, the
/// build) must run there. `None` when the install ran outside the project the runtime copies.
fn finish_dir(p: &Planner, roles: &[Role]) -> Option<(String, String)> {
    let steps = &p.stage.steps;
    let (_, dir) = p.node_installs().last()?;
    let dir = dir.as_str();
    // Installed elsewhere and copied in (`cd /tmp/app && npm install`, then `cp -a`): the
    // project the runtime copies is where the stage ends.
    if !p.in_project(dir) {
        return None;
    }
    // The working directory after the last step the builder keeps.
    let kept = steps.iter().zip(roles).rposition(|(_, r)| !r.leaves_builder())?;
    let end = steps.get(kept + 1).map(|s| s.before.workdir.as_str()).unwrap_or(&p.stage.end.workdir);
    (dir != end).then(|| (dir.to_string(), end.to_string()))
}

/// No two blank lines made adjacent by a deletion (blank lines the user wrote together stay).
fn collapse_blank_lines(p: &Planner, deleted: &mut BTreeSet<usize>, last_kept: usize) {
    let df = p.df;
    let mut prev_blank = false;
    let mut removed_since = false;
    for i in p.stage.from_item..=last_kept {
        if deleted.contains(&i) {
            removed_since = true;
            continue;
        }
        let blank = matches!(df.items[i].kind, ItemKind::Blank);
        if blank && prev_blank && removed_since {
            deleted.insert(i);
        }
        if !blank || !deleted.contains(&i) {
            prev_blank = blank;
        }
        removed_since = false;
    }
}

/// Credential files copied into a project path that the runtime copies, as (path, line).
/// Whether a RUN after `line` already deletes `path` (`rm -f .npmrc` in the app directory).
fn removed_later(p: &Planner, path: &str, line: usize) -> bool {
    p.stage.of("run").filter(|s| s.line > line).any(|s| {
        s.run.iter().flat_map(|fx| fx.commands.iter()).any(|c| c.program() == "rm" && c.args().iter().any(|a| !a.starts_with('-') && crate::model::join_path(&s.before.workdir, a) == path))
    })
}

fn secret_files_in_project(p: &Planner) -> Vec<(String, usize)> {
    if !p.copies_project() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for s in p.stage.steps.iter().filter(|s| s.ins.flag("from").is_none()) {
        let Some(copy) = &s.copy else { continue };
        for src in &copy.sources {
            if secret_file(src.basename()) {
                let path = copy.target_of(src);
                if p.project.iter().any(|d| is_within(&path, d)) && !removed_later(p, &path, s.line) {
                    out.push((path, s.line));
                }
            }
        }
    }
    out
}

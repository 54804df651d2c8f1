//! The directories the Dockerfile's own user owned stay its own. The runtime makes its WORKDIR
//! (as root) before copying the app in, and a directory that exists keeps its owner through
//! `COPY --chown` (BuildKit copies into it): the `chown -R app /app` or `mkdir /app && chown`
//! the original ran is then lost for /app itself, and an app that creates files there (a SQLite
//! database, uploads) fails — seen on the engine with gtonic/nfl_mcp. Decided on the rewrite's
//! own stage model, the same one its check uses: where the container's USER line is replayed,
//! each WORKDIR or VOLUME the user owned at the end of the original and would not own there is
//! given to it, just before that line (still as root).

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
    let name = |owner: &str| owner.split(':').next().unwrap_or(owner).to_string();
    let end = &p.stage.end;
    let mut dirs: Vec<String> = p.stage.volumes.iter().map(|(v, _)| v.clone()).collect();
    if end.workdir != "/" {
        dirs.push(end.workdir.clone());
    }
    dirs.retain(|d| name(&end.owner(d)) == name(&run_user));
    let Some(at) = lines.iter().rposition(|l| matches!(l, Line::Original { last, .. } if is_user_line(p, *last))) else { return };
    if dirs.is_empty() {
        return;
    }
    let text = rewritten(p, builder, from, lines);
    let Ok(df) = crate::syntax::parse(&text) else { return };
    let model = crate::model::model(&df, p.knowledge);
    let Some(state) = model.stages.last().and_then(|s| s.steps.iter().rfind(|s| s.kw == "user")).map(|s| &s.before) else { return };
    if state.non_root() {
        return;
    }
    // Made by an instruction so far (a WORKDIR, a COPY): one made later, after USER, is the
    // user's already, and `chown` on one that does not exist yet would fail the build.
    let lost: Vec<String> = dirs.into_iter().filter(|d| state.paths.contains_key(d) && name(&state.owner(d)) != name(&run_user)).collect();
    let Some(first) = lost.first() else { return };
    let owner = end.owner(first);
    lines.insert(at, Line::New(format!("RUN chown {owner} {}", lost.join(" "))));
    p.notes.push(format!(
        "{} given to {owner} before USER, as the original had it: the runtime makes it before copying the app in, and a directory that exists keeps its owner through COPY --chown",
        lost.join(", ")
    ));
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

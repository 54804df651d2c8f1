//! `compose-command`: a Compose service starts the image with a command of its own
//! ([`crate::compose`]), and the rewrite's last stage — the image the service now gets — lacks
//! a program or file that command runs, which the original image had (`nodemon` installed
//! globally for development, `./migrations/migrate.sh` from the source tree). The Dockerfile's
//! own start is unchanged, so the rewrite stands; the finding is a warning that names the
//! Compose file and line and says how to keep the service working: build the stage that has
//! what it runs (`target:`), or give the runtime what it runs.

use super::{Finding, Severity};
use crate::compose::Start;
use crate::model::{run_command, state::join_path, Model, RunCommand, StageModel};
use crate::templates::Knowledge;

/// One warning per service whose start loses something in the rewrite.
pub fn compose_starts(original: &Model, rewrite: &Model, starts: &[Start], knowledge: &Knowledge) -> Vec<Finding> {
    let (Some(before), Some(after)) = (original.stages.last(), rewrite.stages.last()) else { return Vec::new() };
    let builder = rewrite.stages.first().map(StageModel::name).unwrap_or_default();
    let mut out = Vec::new();
    for s in starts {
        let (was, now) = (started(before, s), started(after, s));
        let lost: Vec<(String, Option<bool>)> =
            runs(&was).into_iter().map(|p| (has(before, &p, knowledge), p)).filter(|(was, p)| *was != Some(false) && has(after, p, knowledge) == Some(false)).map(|(was, p)| (p, was)).collect();
        if lost.is_empty() || now.argv.is_empty() {
            continue;
        }
        // What the original's build made unknowably (an archive unpacked onto PATH) may have
        // been there: the message says so rather than claim it.
        let had = if lost.iter().all(|(_, was)| *was == Some(true)) { "the original image had it" } else { "the original image may have had it" };
        let lost: Vec<String> = lost.into_iter().map(|(p, _)| p).collect();
        let line = run_command(after).line.unwrap_or(after.from_line);
        let item = after.steps.iter().find(|st| st.line == line).map_or(after.from_item, |st| st.item);
        let message = format!(
            "{}:{}: Compose service `{}` starts the image with `{}`, and the runtime stage has no {} ({had}): add `target: {builder}` to the service's `build:` to run it on the build stage, or give the runtime stage what it runs",
            s.file.display(),
            s.line,
            s.service,
            s.text(),
            lost.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        );
        out.push(Finding::new("compose-command", Severity::Warning, after, item, line, lost.join(" "), message));
    }
    out
}

fn started(stage: &StageModel, s: &Start) -> RunCommand {
    crate::model::command::run_command_with(stage, s.entrypoint.as_deref(), s.command.as_deref())
}

/// The programs and scripts a start runs: wrappers, each program of a shell text, and the
/// script a shell is given (`sh migrations/migrate.sh`).
fn runs(cmd: &RunCommand) -> Vec<String> {
    let mut out: Vec<String> = cmd.wrappers.iter().chain(&cmd.programs).cloned().collect();
    out.extend(cmd.shell_script().map(str::to_string));
    out.retain(|p| !p.is_empty() && !p.contains('$') && !crate::model::run::is_builtin(p));
    out.dedup();
    out
}

/// Whether the stage's image has `program` at its end: a path (relative to the WORKDIR) it
/// made or its base ships; a name on PATH. `None`: the build may have made it (an archive
/// unpacked onto PATH, a base image msify does not know).
pub(super) fn has(stage: &StageModel, program: &str, knowledge: &Knowledge) -> Option<bool> {
    if program.contains('/') {
        return Some(stage.end.exists(&join_path(&stage.end.workdir, program)));
    }
    stage.end.has_program(program, || super::rules::system_tool(knowledge, program))
}

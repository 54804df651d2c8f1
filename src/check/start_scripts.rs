//! `start-script-program`: the start script the runtime stage starts (`ENTRYPOINT
//! ["./docker-entrypoint.sh"]`, `CMD ["sh", "start.sh"]`) runs a program or file the original
//! image had and the runtime stage lacks (`timeout 60 bin/migrate up` with bin/migrate left in
//! the build stage): the container fails where the original ran. The script is read from the
//! build context where the original's COPY lines put it ([`crate::model::context`]), and what it
//! runs as the planner reads it ([`crate::model::run::script_programs`]). Only a loss counts:
//! what the original lacked too is not the rewrite's doing.

use super::compose::has;
use super::{Finding, Severity};
use crate::model::{join_path, run_command, Model, StageModel};
use crate::templates::Knowledge;
use std::path::Path;

/// An error for each program a start script of the rewrite's last stage runs that the
/// original's last stage had and it lacks.
pub fn start_scripts(original: &Model, rewrite: &Model, context: &Path, knowledge: &Knowledge) -> Vec<Finding> {
    let (Some(before), Some(after)) = (original.stages.last(), rewrite.stages.last()) else { return Vec::new() };
    let cmd = run_command(after);
    let Some(line) = cmd.line else { return Vec::new() };
    let item = after.steps.iter().find(|s| s.line == line).map_or(after.from_item, |s| s.item);
    let mut out = Vec::new();
    for script in started_scripts(after) {
        let Some(text) = crate::model::context::file_at(before, context, &script) else { continue };
        let mut lost: Vec<String> = Vec::new();
        for (_, program) in crate::model::run::script_programs(&text, &|n: &str| after.end.value(n)) {
            if !lost.contains(&program) && named(&program) && had(before, &program, knowledge) && has(after, &program, knowledge) == Some(false) {
                lost.push(program);
            }
        }
        if lost.is_empty() {
            continue;
        }
        let message = format!(
            "line {line} starts the container with the script {script}, which runs {}; the runtime stage has no {} (the original image had it): copy it from the build stage, or install it",
            lost.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "),
            if lost.len() == 1 { "such program" } else { "such programs" }
        );
        out.push(Finding::new("start-script-program", Severity::Error, after, item, line, lost.join(" "), message));
    }
    out
}

/// The scripts a stage's start command runs, as paths of the stage: the program when it is a
/// path (`./docker-entrypoint.sh`), and the script a shell is given (`sh start.sh`).
fn started_scripts(stage: &StageModel) -> Vec<String> {
    let cmd = run_command(stage);
    let mut out = Vec::new();
    if cmd.program().contains('/') {
        out.push(join_path(&stage.end.workdir, cmd.program()));
    }
    if crate::shell::is_shell(cmd.program_name()) {
        if let Some(script) = cmd.argv.get(1).filter(|a| !a.starts_with('-') && !a.contains('$')) {
            out.push(join_path(&stage.end.workdir, script));
        }
    }
    out
}

/// A program word that names one: not a variable still, a builtin, or a pattern (the shell
/// reader takes a `case` pattern such as `sync*)` for a command).
fn named(program: &str) -> bool {
    !program.is_empty() && !program.contains(['$', '*', '?', '[']) && !crate::model::run::is_builtin(program)
}

/// Whether the original's last stage had `program`: a path one of its instructions made, itself
/// or inside a tree it made elsewhere than the root or a directory the image ships (an unpacked
/// archive there says nothing of `/usr/bin/find`), or a name on its PATH.
fn had(stage: &StageModel, program: &str, knowledge: &Knowledge) -> bool {
    if program.contains('/') {
        let path = join_path(&stage.end.workdir, program);
        let shipped = |dir: &str| dir == "/" || stage.end.base_paths.as_ref().is_some_and(|b| b.iter().any(|p| p == dir));
        return stage.end.made(&path).is_some_and(|(at, _)| at == path || !shipped(at));
    }
    has(stage, program, knowledge) != Some(false)
}

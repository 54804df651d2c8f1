//! `start-script-program`: the start script the runtime stage starts (`ENTRYPOINT
//! ["./docker-entrypoint.sh"]`, `CMD ["sh", "start.sh"]`) runs a program or file the original
//! image had and the runtime stage lacks (`timeout 60 bin/migrate up` with bin/migrate left in
//! the build stage): the container fails where the original ran. The script is read from the
//! build context where the original's COPY lines put it, or on its PATH
//! ([`crate::model::context::program_file`]), and what it
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
        let Some(text) = crate::model::context::program_file(before, context, &script) else { continue };
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

/// The scripts a stage's start command runs: the program (`./docker-entrypoint.sh`, or
/// `entrypoint.sh` found on PATH) and the script a shell is given (`sh start.sh`); a path as a
/// path of the stage, a bare name as written.
fn started_scripts(stage: &StageModel) -> Vec<String> {
    let cmd = run_command(stage);
    let as_path = |word: &str| if word.contains('/') { join_path(&stage.end.workdir, word) } else { word.to_string() };
    let shell_script = cmd.shell_script().filter(|s| !s.contains('$')).map(|s| join_path(&stage.end.workdir, s));
    Some(cmd.program()).filter(|p| !p.is_empty()).map(as_path).into_iter().chain(shell_script).collect()
}

/// A program word that names one: not a variable still, a builtin, or a glob.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The programs the check finds lost when `original` is rewritten as `rewrite`, the context
    /// holding `start.sh` with `script`.
    fn lost(original: &str, rewrite: &str, script: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("start.sh"), script).unwrap();
        let knowledge = &crate::templates::Library::builtin().unwrap().knowledge;
        let (before_df, after_df) = (crate::syntax::parse(original).unwrap(), crate::syntax::parse(rewrite).unwrap());
        let before = crate::model::model(&before_df, knowledge);
        let after = crate::model::model_of_rewrite(&after_df, knowledge, &before);
        start_scripts(&before, &after, dir.path(), knowledge).into_iter().map(|f| f.subject).collect()
    }

    const ORIGINAL: &str = "FROM python:3.11\nWORKDIR /app\nCOPY . .\nCMD [\"./start.sh\"]\n";

    #[test]
    fn a_program_the_runtime_lacks_is_found() {
        let slim = "FROM python:3.11 AS build\nWORKDIR /app\nCOPY . .\n\nFROM python:3.11-slim\nWORKDIR /app\nCOPY --from=build /app /app\nCMD [\"./start.sh\"]\n";
        let script = "#!/bin/sh\nset -e\ncurl -fsS \"$CONFIG_URL\" -o config.json\nexec python app.py\n";
        assert_eq!(lost(ORIGINAL, slim, script), ["curl"]);
        let with_curl = slim.replace("WORKDIR /app\nCOPY --from", "RUN apt-get update && apt-get install -y curl\nWORKDIR /app\nCOPY --from");
        assert_eq!(lost(ORIGINAL, &with_curl, script), Vec::<String>::new());
    }

    #[test]
    fn a_file_of_the_original_left_in_the_build_stage_is_found() {
        let original = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o bin/migrate ./cmd/migrate && go build -o bin/server .\nCMD [\"./start.sh\"]\n";
        let rewrite = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o bin/migrate ./cmd/migrate && go build -o bin/server .\n\nFROM debian:bookworm-slim\nWORKDIR /src\nCOPY --from=build /src/start.sh /src/start.sh\nCOPY --from=build /src/bin/server /src/bin/server\nCMD [\"./start.sh\"]\n";
        let script = "#!/bin/sh\nset -e\ntimeout 60 bin/migrate up\nexec bin/server\n";
        assert_eq!(lost(original, rewrite, script), ["bin/migrate"]);
    }

    #[test]
    fn an_entrypoint_named_on_path_is_read_where_the_copy_put_it() {
        let original = "FROM python:3.11\nWORKDIR /app\nCOPY start.sh /usr/local/bin/\nENTRYPOINT [\"start.sh\"]\n";
        let rewrite = "FROM python:3.11 AS build\nWORKDIR /app\n\nFROM python:3.11-slim\nCOPY start.sh /usr/local/bin/\nENTRYPOINT [\"start.sh\"]\n";
        assert_eq!(lost(original, rewrite, "#!/bin/sh\ncurl -fsS x\nexec \"$@\"\n"), ["curl"]);
        // Not on PATH: the shell would not find it there, and neither does the check.
        let elsewhere = |df: &str| df.replace("/usr/local/bin/", "/opt/");
        assert_eq!(lost(&elsewhere(original), &elsewhere(rewrite), "#!/bin/sh\ncurl -fsS x\n"), Vec::<String>::new());
    }

    #[test]
    fn case_patterns_variables_and_what_the_original_lacked_are_not_programs() {
        let slim = "FROM python:3.11 AS build\nWORKDIR /app\nCOPY . .\n\nFROM python:3.11-slim\nWORKDIR /app\nCOPY --from=build /app /app\nCMD [\"./start.sh\"]\n";
        let script = "#!/bin/sh\ncase \"$ROLE\" in\n  web*) exec python app.py ;;\n  *) exec \"$@\" ;;\nesac\n/usr/bin/find /tmp -delete\nnot-installed-anywhere --flag\n";
        assert_eq!(lost(ORIGINAL, slim, script), Vec::<String>::new());
    }
}

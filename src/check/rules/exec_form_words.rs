//! `exec-form-words`: an exec-form RUN, ENTRYPOINT or CMD whose program is one JSON string
//! holding the whole command (`CMD ["ffly --host 0.0.0.0"]`). Each string of the exec form is
//! one word, so the engine looks for a program named with the spaces in it: the build fails,
//! or the container does not start (firefly's image shipped so).

use crate::check::{Finding, Severity};
use crate::model::{Step, StageModel};
use crate::syntax::Form;

pub fn exec_form_words(stage: &StageModel, out: &mut Vec<Finding>) {
    let has_entrypoint = stage.steps.iter().any(|s| s.kw == "entrypoint");
    for step in &stage.steps {
        // A CMD after an ENTRYPOINT is the entrypoint's arguments, not a program.
        let runs_program = match step.kw.as_str() {
            "run" | "entrypoint" => true,
            "cmd" => !has_entrypoint,
            _ => false,
        };
        let Some((program, words)) = runs_program.then(|| program_with_spaces(step)).flatten() else { continue };
        out.push(Finding::new(
            "exec-form-words",
            Severity::Error,
            stage,
            step.item,
            step.line,
            program.clone(),
            format!("line {} runs a program named `{program}`: each string of the exec form is one word, so the engine looks for a program with the spaces in its name and fails; write it as {words}", step.line),
        ));
    }
}

/// The program of an exec-form instruction when it holds spaces, with the form it should have
/// been written in (`["ffly", "--host", "0.0.0.0"]`).
fn program_with_spaces(step: &Step) -> Option<(String, String)> {
    let Form::Exec(argv) = &step.ins.form else { return None };
    let program = argv.first().filter(|p| p.trim().contains(char::is_whitespace))?;
    let words: Vec<String> = program.split_whitespace().map(str::to_string).chain(argv[1..].iter().cloned()).collect();
    Some((program.clone(), serde_json::to_string(&words).unwrap_or_default().replace("\",\"", "\", \"")))
}

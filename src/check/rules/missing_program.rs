//! `missing-program`: a RUN, CMD, ENTRYPOINT or HEALTHCHECK calls a program the stage does not
//! have: not shipped by its image (knowledge), not installed by a package, not copied onto PATH.
//! Only for images whose programs are known; a PATH that received unknown programs (a copied
//! virtualenv, `pip install`) may hold any program but a well-known system tool.

use crate::check::{Finding, Severity};
use crate::model::{run_command, Model, StageModel, State};
use crate::templates::Knowledge;
use crate::syntax::Form;

/// A well-known system tool: one the knowledge lists, or one every distribution packages. A
/// PATH that received unknown programs may hold anything but these.
pub fn system_tool(knowledge: &Knowledge, program: &str) -> bool {
    knowledge.knows_program(program) || matches!(program, "sh" | "bash" | "make" | "gcc" | "curl" | "wget" | "git")
}

pub fn missing_program(model: &Model, stage: &StageModel, knowledge: &Knowledge, out: &mut Vec<Finding>) {
    let _ = model;
    let image = || match &stage.base {
        crate::model::Base::Image(i, _) => format!("{}{}", i.name, i.tag.as_deref().map(|t| format!(":{t}")).unwrap_or_default()),
        crate::model::Base::Stage(i) => format!("stage {i}"),
    };
    let system = |p: &str| system_tool(knowledge, p);
    let mut report = |state: &State, item: usize, line: usize, program: &str, how: &str| {
        if !crate::model::run::found_on_path(program) {
            return;
        }
        if state.has_program(program, || system(program)) == Some(false) {
            out.push(Finding::new("missing-program", Severity::Error, stage, item, line, program, format!("line {line} {how} `{program}`, which {} does not have and no instruction before it installs", image())));
        }
    };
    for (i, step) in stage.steps.iter().enumerate() {
        if let Some(fx) = &step.run {
            if matches!(step.ins.form, Form::Shell) {
                report(&step.before, step.item, step.line, "sh", "runs its command with");
            }
            // A RUN that installs programs may call them after the install (`pip install poetry
            // && poetry config ...`, `apt-get install -y curl && curl ...`): what it runs is
            // looked up where it leaves the stage.
            let installs = fx.opens_path || !fx.installs.is_empty() || !fx.adds_programs.is_empty();
            let state = if installs { stage.steps.get(i + 1).map_or(&stage.end, |n| &n.before) } else { &step.before };
            for p in &fx.programs {
                report(state, step.item, step.line, p, "runs");
            }
        }
        if step.kw == "healthcheck" {
            if let Some((shell, programs)) = crate::model::command::healthcheck_programs(&step.ins.args) {
                if shell {
                    report(&stage.end, step.item, step.line, "sh", "checks health with");
                }
                for p in programs {
                    report(&stage.end, step.item, step.line, &p, "checks health with");
                }
            }
        }
    }
    let cmd = run_command(stage);
    let Some(line) = cmd.line else { return };
    let item = stage.steps.iter().find(|s| s.line == line).map(|s| s.item).unwrap_or(stage.from_item);
    if cmd.shell {
        report(&stage.end, item, line, "sh", "starts the container with");
    }
    for w in &cmd.wrappers {
        report(&stage.end, item, line, w, "starts the container with");
    }
    for p in &cmd.programs {
        report(&stage.end, item, line, p, "starts the container with");
    }
}

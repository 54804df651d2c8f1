//! `undefined-variable`: an instruction reads a variable nothing in its stage defines. Build
//! arguments exist only in the stage that declares them (a global ARG must be declared again),
//! and only while building: a CMD in shell form sees ENV and the image's variables, not ARGs.
//! Inside a RUN, the shell's own assignments, `for`/`read`/`export` and fallbacks
//! (`${X:-default}`) count as defined.

use crate::check::{Finding, Severity};
use crate::model::{Model, StageModel, VarFrom, BASH_ONLY, PREDEFINED};
use crate::shell;
use crate::syntax::Form;

/// Instructions whose arguments the builder expands itself.
const EXPANDED: &[&str] = &["env", "arg", "workdir", "copy", "add", "expose", "user", "label", "volume", "stopsignal"];

pub fn undefined_variable(model: &Model, stage: &StageModel, out: &mut Vec<Finding>) {
    // Without the base image's own variables, a read may be satisfied by the image.
    let base_known = match &stage.base {
        crate::model::Base::Image(_, facts) => facts.env.is_some(),
        crate::model::Base::Stage(_) => true,
    };
    if !base_known {
        return;
    }
    for step in &stage.steps {
        let vars = &step.before;
        let defined = |name: &str, run_time: bool| match vars.var(name) {
            Some(v) => !(run_time && matches!(v.from, VarFrom::Arg(_))),
            None => PREDEFINED.contains(&name) || (vars.bash && BASH_ONLY.contains(&name)),
        };
        let needed: Vec<(String, bool)> = match step.kw.as_str() {
            "run" => step.run.iter().flat_map(|fx| fx.required_vars.iter().map(|v| (v.clone(), false))).collect(),
            "cmd" | "entrypoint" if matches!(step.ins.form, Form::Shell) => {
                shell::commands(&step.ins.args).iter().flat_map(|c| c.required.clone()).map(|v| (v, true)).collect()
            }
            kw if EXPANDED.contains(&kw) => {
                let mut text = step.ins.args.clone();
                for f in &step.ins.flags {
                    text.push(' ');
                    text.push_str(f.value.as_deref().unwrap_or(""));
                }
                // `ARG NAME=$OTHER` and `ENV A=$A` read the names before defining them.
                shell::required(&text).into_iter().map(|v| (v, false)).collect()
            }
            _ => Vec::new(),
        };
        for (name, run_time) in needed {
            if defined(&name, run_time) || !shell::is_name(&name) {
                continue;
            }
            let elsewhere = model
                .stages
                .iter()
                .filter(|s| s.index != stage.index && s.steps.iter().any(|st| st.kw == "arg" && st.ins.args.split_whitespace().any(|w| w.split('=').next() == Some(name.as_str()))))
                .map(|s| format!(" (stage `{}` declares it, but ARGs do not cross stages)", s.name()))
                .next()
                .or_else(|| model.global_args.contains_key(&name).then(|| " (a global ARG: declare `ARG ".to_string() + &name + "` in this stage to use it)"))
                .unwrap_or_default();
            let message = match (run_time, vars.var(&name)) {
                (true, Some(_)) => format!("line {} reads ${name} when the container starts, but ${name} is a build argument: it does not exist at run time (set it with ENV)", step.line),
                _ => format!("line {} reads ${name}, which no ARG or ENV before it in this stage defines{elsewhere}", step.line),
            };
            out.push(Finding::new("undefined-variable", Severity::Error, stage, step.item, step.line, name, message));
        }
    }
}

//! `unknown-user`: USER or `--chown` names an account that neither the image ships nor an
//! instruction creates (numeric ids are always fine).

use crate::check::{Finding, Severity};
use crate::model::StageModel;

pub fn unknown_user(stage: &StageModel, out: &mut Vec<Finding>) {
    for step in &stage.steps {
        let Some(users) = &step.before.users else { continue };
        let named = match step.kw.as_str() {
            "user" => Some(crate::shell::unquote(&crate::shell::expand(step.ins.args.trim(), &|n: &str| step.before.value(n)))),
            "copy" | "add" => step.copy.as_ref().and_then(|c| c.chown.clone()),
            _ => None,
        };
        let Some(named) = named else { continue };
        let Some(name) = crate::model::account_of(&named).filter(|n| !users.contains(*n)) else { continue };
        out.push(Finding::new(
            "unknown-user",
            Severity::Error,
            stage,
            step.item,
            step.line,
            name,
            format!("line {} names the user `{name}`, which the image does not have and no instruction before it creates", step.line),
        ));
    }
}

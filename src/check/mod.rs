//! The stage model check: every stage of a Dockerfile walked with [`crate::model`], and each
//! instruction held against what exists at that point — a variable read before any ARG or ENV
//! defines it, a path used before the COPY that makes it, a root-only command after a non-root
//! USER, a program the image does not have, a user no instruction creates, a package named as
//! another distribution or release names it, a COPY --from of a path its stage never made,
//! more layers than Docker stacks, a program written as one exec-form string with its
//! arguments. Every rewrite passes this check before it is printed or written; a finding that
//! already holds for the user's own file is reported as theirs ([`attribute`]), not blamed on
//! msify.

mod compose;
mod rules;
mod start_scripts;

pub(crate) use rules::exec_form_words;

pub use compose::compose_starts;
pub use start_scripts::start_scripts;

use crate::paths::Basename;
use crate::model::{self, Model};
use crate::syntax::{Dockerfile, ItemKind};
use crate::templates::Knowledge;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails, or the container does not do what it did.
    Error,
    /// Cannot be proved either way (a non-root app over a root-owned directory it may write).
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `undefined-variable`, `used-before-created`, `needs-root`, `missing-program`,
    /// `unknown-user`, `package-name`, `copy-source`, `root-owned`, `lost-program`, `mkdir-exists`,
    /// `layer-limit`, `compose-command`, `exec-form-words`, `start-script-program`.
    pub rule: &'static str,
    pub severity: Severity,
    /// Stage index (0-based) and 1-based line.
    pub stage: usize,
    pub line: usize,
    /// The variable, path, program, user or package the finding is about.
    pub subject: String,
    pub message: String,
    /// The same finding holds for the user's original file: theirs, not the rewrite's.
    pub original: bool,
    #[serde(skip)]
    pub item: usize,
}

impl Finding {
    fn new(rule: &'static str, severity: Severity, stage: &model::StageModel, step_item: usize, line: usize, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Finding { rule, severity, stage: stage.index, line, subject: subject.into(), message: message.into(), original: false, item: step_item }
    }
}

/// Every finding of every stage, in line order.
pub fn check(model: &Model, knowledge: &Knowledge) -> Vec<Finding> {
    let mut out = Vec::new();
    for stage in &model.stages {
        rules::undefined_variable(model, stage, &mut out);
        rules::used_before_created(model, stage, &mut out);
        rules::mkdir_exists(stage, &mut out);
        rules::needs_root(stage, &mut out);
        rules::missing_program(model, stage, knowledge, &mut out);
        rules::unknown_user(stage, &mut out);
        rules::package_name(stage, knowledge, &mut out);
        rules::copy_source(model, stage, &mut out);
        rules::root_owned(stage, &mut out);
        rules::layer_limit(model, stage, &mut out);
        rules::exec_form_words(stage, &mut out);
    }
    out.sort_by_key(|f| (f.line, f.rule));
    out.dedup();
    out
}

/// Check a Dockerfile's text.
pub fn check_text(df: &Dockerfile, knowledge: &Knowledge) -> Vec<Finding> {
    check(&model::model(df, knowledge), knowledge)
}

/// Mark the findings of a rewrite that already hold for the original: same rule and subject on
/// an instruction whose text is the same in both files. Also adds `lost-program` findings: a
/// program the original's start command runs that the rewrite's final stage no longer runs —
/// except the ones the rewrite announced it replaces (`replaced`: the Node server of an SPA that
/// nginx now serves).
pub fn attribute(original: &Dockerfile, rewrite: &Dockerfile, knowledge: &Knowledge, replaced: &[String], findings: &mut Vec<Finding>) {
    let (a, b) = (model::model(original, knowledge), model::model(rewrite, knowledge));
    attribute_models(&a, &b, knowledge, replaced, findings);
}

/// As [`attribute`], over models the caller already built (each Dockerfile is walked once).
pub fn attribute_models(a: &Model, b: &Model, knowledge: &Knowledge, replaced: &[String], findings: &mut Vec<Finding>) {
    let (original, rewrite) = (a.df, b.df);
    let theirs = check(a, knowledge);
    let text_of = |df: &Dockerfile, item: usize| match &df.items.get(item).map(|i| &i.kind) {
        Some(ItemKind::Instruction(_)) => df.slice(df.items[item].span).trim_end().to_string(),
        _ => String::new(),
    };
    for f in findings.iter_mut() {
        let text = text_of(rewrite, f.item);
        if let Some(t) = theirs.iter().find(|t| t.rule == f.rule && t.subject == f.subject && text_of(original, t.item) == text) {
            // Said in the original's own line numbers: that is the file the user knows.
            f.original = true;
            f.line = t.line;
            f.message = t.message.clone();
        }
    }
    if let (Some(orig), Some(last)) = (a.stages.last(), b.stages.last()) {
        let before = model::run_command(orig);
        let after = model::run_command(last);
        let name = |p: &String| p.basename().to_string();
        let kept: Vec<String> = after.programs.iter().map(name).collect();
        for p in before.programs.iter().map(name) {
            if !kept.contains(&p) && !after.wrappers.contains(&p) && !replaced.contains(&p) {
                let line = after.line.unwrap_or(last.from_line);
                findings.push(Finding {
                    rule: "lost-program",
                    severity: Severity::Error,
                    stage: last.index,
                    line,
                    subject: p.clone(),
                    message: format!("the original starts `{p}` (line {}); the final stage no longer does", before.line.unwrap_or(0)),
                    original: false,
                    item: 0,
                });
            }
        }
    }
}

/// The errors a rewrite adds to its original: what makes msify refuse instead. A `root-owned`
/// directory is only a warning about a Dockerfile (whether the app writes there cannot be
/// proved), but one the rewrite takes from the user the original gave it is a change in what
/// the container can do.
pub fn blamed_on_rewrite(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| (f.severity == Severity::Error || f.rule == "root-owned") && !f.original).collect()
}

#[cfg(test)]
mod tests;

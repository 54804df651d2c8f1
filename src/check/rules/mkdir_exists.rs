//! `mkdir-exists`: a RUN's `mkdir` (without `-p`) of a directory that already exists fails the
//! build. Only what is known to exist is judged: a path an instruction made itself (a WORKDIR,
//! an earlier `mkdir`, a COPY destination) or a directory the base image ships; a path inside a
//! copied tree may or may not be there.

use crate::check::{Finding, Severity};
use crate::model::StageModel;

pub fn mkdir_exists(stage: &StageModel, out: &mut Vec<Finding>) {
    for step in &stage.steps {
        let Some(fx) = &step.run else { continue };
        for dir in &fx.strict_mkdirs {
            let made = step.before.paths.get(dir).map(|info| info.line);
            let shipped = step.before.base_paths.as_ref().is_some_and(|b| b.iter().any(|p| p.trim_end_matches('/') == dir));
            if made.is_none() && !shipped {
                continue;
            }
            let by = made.map(|l| format!("line {l} made it")).unwrap_or_else(|| "the base image has it".into());
            out.push(Finding::new("mkdir-exists", Severity::Error, stage, step.item, step.line, dir.clone(), format!("line {} runs `mkdir {dir}`, which fails: {dir} exists already ({by}); use `mkdir -p`", step.line)));
        }
    }
}

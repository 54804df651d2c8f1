//! `copy-source`: `COPY --from=<stage>` of a path nothing in that stage makes: not a WORKDIR,
//! COPY destination, written path or base directory, and not inside a directory a RUN worked in;
//! or one a RUN deleted and nothing made again.

use crate::check::{Finding, Severity};
use crate::model::{is_within, join_path, Model, StageModel};

pub fn copy_source(model: &Model, stage: &StageModel, out: &mut Vec<Finding>) {
    for step in &stage.steps {
        let Some(copy) = &step.copy else { continue };
        let Some(from) = &copy.from else { continue };
        let Some(source) = model.stage_named(from, stage.index) else { continue };
        for src in &copy.sources {
            let path = join_path("/", src);
            if src.contains('*') || src.contains('$') || source.end.exists(&path) {
                continue;
            }
            // Deleted by a RUN (`cd .. && rm -rf deck` once the build is copied out) and not
            // made again after: not there, whatever the RUNs before it made.
            if let Some(line) = source.deleted_for_good(&path) {
                out.push(Finding::new("copy-source", Severity::Error, stage, step.item, step.line, path.clone(), format!("line {} copies {path} from stage `{}`, where line {line} deletes it", step.line, source.name())));
                continue;
            }
            // A RUN may make anything inside the directory it runs in.
            let built_there = source.steps.iter().any(|s| s.run.is_some() && s.before.workdir != "/" && is_within(&path, &s.before.workdir));
            let under_root_run = source.steps.iter().any(|s| s.run.is_some() && s.before.workdir == "/");
            if built_there || (under_root_run && path.matches('/').count() <= 1) {
                continue;
            }
            out.push(Finding::new(
                "copy-source",
                Severity::Error,
                stage,
                step.item,
                step.line,
                path.clone(),
                format!("line {} copies {path} from stage `{}`, which no instruction of that stage makes", step.line, source.name()),
            ));
        }
    }
}

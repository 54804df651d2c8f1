//! `used-before-created`: a RUN works on a path (chmod, chown, runs it) that a later instruction
//! of the same stage creates — the order is wrong (`RUN chmod +x /entrypoint.sh` above
//! `COPY entrypoint.sh /entrypoint.sh`).

use crate::check::{Finding, Severity};
use crate::model::{is_within, StageModel};

pub fn used_before_created(stage: &StageModel, out: &mut Vec<Finding>) {
    for (i, step) in stage.steps.iter().enumerate() {
        let Some(fx) = &step.run else { continue };
        for (path, how) in &fx.uses {
            if step.before.exists(path) || fx.writes.iter().any(|w| is_within(path, &w.path)) {
                continue;
            }
            let later = stage.steps[i + 1..].iter().find(|s| {
                s.copy.as_ref().is_some_and(|c| c.sources.iter().any(|src| c.target_of(src) == *path) || (c.into && is_within(path, &c.dest) && c.dest != "/"))
                    || s.run.as_ref().is_some_and(|r| r.writes.iter().any(|w| w.path == *path))
            });
            if let Some(maker) = later {
                out.push(Finding::new(
                    "used-before-created",
                    Severity::Error,
                    stage,
                    step.item,
                    step.line,
                    path.clone(),
                    format!("line {} uses {path} ({how}), which line {} creates later", step.line, maker.line),
                ));
            }
        }
    }
}

//! `used-before-created`: a RUN works on a path (chmod, chown, runs it) that a later instruction
//! of the same stage creates — the order is wrong (`RUN chmod +x /entrypoint.sh` above
//! `COPY entrypoint.sh /entrypoint.sh`, or a `chown` of /home/app/src above the `COPY --from`
//! of /home/app that brings it).

use crate::check::{Finding, Severity};
use crate::model::{is_within, join_path, Model, Step, StageModel};

pub fn used_before_created(model: &Model, stage: &StageModel, out: &mut Vec<Finding>) {
    for (i, step) in stage.steps.iter().enumerate() {
        let Some(fx) = &step.run else { continue };
        for (path, how) in &fx.uses {
            if made_before(stage, step, path) || fx.writes.iter().any(|w| is_within(path, &w.path)) {
                continue;
            }
            let after = &stage.steps[i + 1..];
            // A base image's directories may hold the path already (/etc/nginx/nginx.conf);
            // one an instruction of another stage made reaches this stage only by its COPY.
            let later = brought_from_another_stage(model, stage, after, path).or_else(|| {
                (!step.before.exists(path)).then(|| {
                    after.iter().find(|s| {
                        s.copy.as_ref().is_some_and(|c| c.sources.iter().any(|src| c.target_of(src) == *path) || (c.into && is_within(path, &c.dest) && c.dest != "/"))
                            || s.run.as_ref().is_some_and(|r| r.writes.iter().any(|w| w.path == *path))
                    })
                })?
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

/// The later `COPY --from` that brings `path` inside a tree whose source stage made it there
/// (the builder's /home/oncall/source under a copied /home/oncall).
fn brought_from_another_stage<'s, 'a>(model: &Model, stage: &StageModel, after: &'s [Step<'a>], path: &str) -> Option<&'s Step<'a>> {
    after.iter().find(|s| {
        let Some(c) = &s.copy else { return false };
        let Some(source) = c.from.as_deref().and_then(|f| model.stage_named(f, stage.index)) else { return false };
        c.sources.iter().any(|src| {
            let target = c.target_of(src);
            let within = target != "/" && is_within(path, &target);
            within && {
                let there = join_path(&join_path("/", src), path[target.trim_end_matches('/').len()..].trim_start_matches('/'));
                source.end.paths.keys().any(|made| is_within(made, &there))
            }
        })
    })
}

/// Whether an instruction before `step` made `path`, or a tree that holds it — not a home
/// directory `useradd -m` made, which holds only the skeleton's dotfiles.
fn made_before(stage: &StageModel, step: &Step, path: &str) -> bool {
    match step.before.made(path) {
        Some((made, _)) if made == path => true,
        Some((made, info)) => !stage.steps.iter().any(|s| s.line == info.line && s.run.as_ref().is_some_and(|r| r.homes.iter().any(|h| h.path == made))),
        None => false,
    }
}

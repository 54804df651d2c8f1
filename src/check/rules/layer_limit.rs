//! `layer-limit`: Docker stacks at most 127 layers in an image (overlay2 passes every lower
//! layer in one page of mount options; moby/moby#26380); a build or a run past that fails with
//! "max depth exceeded". Each RUN, COPY and ADD makes a layer, and so does each of the base
//! image's, whose number the knowledge does not hold: a typical official image has up to a
//! dozen, which this rule allows for.

use crate::check::{Finding, Severity};
use crate::model::{Base, Model, StageModel};

/// Layers Docker stacks at most.
pub const MAX_LAYERS: usize = 127;
/// The base image's layers this rule allows for.
const BASE_LAYERS: usize = 12;

pub fn layer_limit(model: &Model, stage: &StageModel, out: &mut Vec<Finding>) {
    let mut layers = inherited(model, stage);
    for step in stage.steps.iter().filter(|s| makes_layer(&s.kw)) {
        layers += 1;
        if layers == MAX_LAYERS - BASE_LAYERS + 1 {
            out.push(Finding::new(
                "layer-limit",
                Severity::Error,
                stage,
                step.item,
                step.line,
                "layers",
                format!("line {} is the stage's {layers}th instruction that makes a layer; with its base image's, the image passes the {MAX_LAYERS} layers Docker stacks, and building or running it fails with \"max depth exceeded\"; merge RUNs, or copy a directory instead of its entries", step.line),
            ));
        }
    }
}

fn makes_layer(kw: &str) -> bool {
    matches!(kw, "run" | "copy" | "add")
}

/// Layers a stage starts with from the stages it is built on.
fn inherited(model: &Model, stage: &StageModel) -> usize {
    match stage.base {
        Base::Stage(i) if i < stage.index => model.stages.get(i).map_or(0, |parent| inherited(model, parent) + parent.steps.iter().filter(|s| makes_layer(&s.kw)).count()),
        _ => 0,
    }
}

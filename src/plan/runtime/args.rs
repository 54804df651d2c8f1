//! Build arguments in the runtime stage: ARGs do not cross stages, so a global ARG (declared
//! before the first FROM) that a replayed line reads is declared again right after FROM. ARG
//! lines of the stage itself are replayed where they were (see [`super::super::roles`]).

use super::Line;
use crate::plan::roles::{arg_names, reads, Role};
use crate::plan::{looks_secret, Planner};

pub(super) fn global(p: &mut Planner, roles: &[Role]) -> Vec<Line> {
    let steps = &p.stage.steps;
    let declared: Vec<String> = steps.iter().zip(roles).filter(|(s, r)| s.kw == "arg" && r.in_runtime()).flat_map(|(s, _)| arg_names(p, s)).collect();
    let mut read: Vec<String> = steps.iter().zip(roles).filter(|(_, r)| r.in_runtime()).flat_map(|(s, r)| reads(p, s, r)).collect();
    read.dedup();
    let mut out = Vec::new();
    let mut said = Vec::new();
    for name in read {
        if p.model.global_args.contains_key(&name) && !declared.contains(&name) && !looks_secret(&name) && !said.contains(&name) {
            out.push(Line::New(format!("ARG {name}")));
            p.notes.push(format!("added ARG {name}: a global build argument the runtime lines read (ARGs do not cross stages)"));
            said.push(name);
        }
    }
    out
}

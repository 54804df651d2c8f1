//! `needs-root`: a RUN that only root may run (package installs, user management, chown, a
//! directory made where only root may write) after a USER that is not root.

use crate::check::{Finding, Severity};
use crate::model::StageModel;

/// Directories everyone may write.
const WORLD_WRITABLE: &[&str] = &["/tmp", "/var/tmp", "/dev"];

pub fn needs_root(stage: &StageModel, out: &mut Vec<Finding>) {
    for step in &stage.steps {
        let Some(fx) = &step.run else { continue };
        let state = &step.before;
        if !state.non_root() {
            continue;
        }
        let user = state.user.clone();
        let name = user.split(':').next().unwrap_or(&user).to_string();
        let mut what: Vec<String> = fx.needs_root.iter().filter(|w| !(w.starts_with("chown") && chown_to_self(fx, &name))).cloned().collect();
        for w in &fx.writes {
            let parent = w.path.rsplit_once('/').map(|(p, _)| if p.is_empty() { "/" } else { p }).unwrap_or("/");
            let target_owner = state.made(&w.path).map(|(_, info)| info.owner.clone());
            let parent_owner = state.owner(parent);
            let writable = |owner: &str| owner.split(':').next() == Some(name.as_str());
            let fine = WORLD_WRITABLE.iter().any(|d| crate::model::is_within(&w.path, d))
                || target_owner.as_deref().is_some_and(writable)
                || (target_owner.is_none() && (writable(&parent_owner) || state.made(parent).is_none() && !state.exists(parent)));
            if !fine {
                what.push(format!("{} {}", w.how, w.path));
            }
        }
        if what.is_empty() {
            continue;
        }
        out.push(Finding::new(
            "needs-root",
            Severity::Error,
            stage,
            step.item,
            step.line,
            what[0].clone(),
            format!("line {} runs as user {user}, but `{}` needs root", step.line, what.join("`, `")),
        ));
    }
}

/// `chown app ...` run by app itself changes nothing that needs root.
fn chown_to_self(fx: &crate::model::RunEffects, user: &str) -> bool {
    fx.chowns.iter().all(|(owner, _, _)| owner.split(':').next() == Some(user))
}

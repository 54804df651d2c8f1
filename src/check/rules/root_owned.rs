//! `root-owned` (a warning): the container runs as a non-root user while its working directory or
//! a VOLUME is owned by root, so the app cannot create files there. Whether it needs to cannot be
//! proved from the Dockerfile; the planner gives such directories to the runtime user.

use crate::check::{Finding, Severity};
use crate::model::StageModel;

pub fn root_owned(stage: &StageModel, out: &mut Vec<Finding>) {
    let end = &stage.end;
    if !end.non_root() {
        return;
    }
    let user = end.user.split(':').next().unwrap_or(&end.user).to_string();
    let owned_by_user = |path: &str| end.owner(path).split(':').next() == Some(user.as_str());
    let line = stage.steps.iter().rev().find(|s| s.kw == "user").map(|s| (s.item, s.line)).unwrap_or((stage.from_item, stage.from_line));
    let mut dirs: Vec<(String, usize, usize)> = Vec::new();
    if end.workdir != "/" {
        dirs.push((end.workdir.clone(), line.0, line.1));
    }
    for (v, l) in &stage.volumes {
        let item = stage.steps.iter().find(|s| s.line == *l).map(|s| s.item).unwrap_or(line.0);
        dirs.push((v.clone(), item, *l));
    }
    for (dir, item, l) in dirs {
        if owned_by_user(&dir) || dir.starts_with("/tmp") {
            continue;
        }
        out.push(Finding::new(
            "root-owned",
            Severity::Warning,
            stage,
            item,
            l,
            dir.clone(),
            format!("the container runs as {user}, but {dir} is owned by {}: the app cannot create files there", end.owner(&dir)),
        ));
    }
}

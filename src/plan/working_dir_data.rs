//! The data a compiled program reads relative to its working directory (detection's
//! `reads_relative`, see [`crate::detect::relative_reads`]): IBM/Golang's tutorial app parses
//! `template/*` and serves `static` from where `COPY . .` put the project. The runtime copies
//! the program, not the project, and keeps the WORKDIR; these entries go with the program, at
//! the same path, or it starts and then panics.

use super::Planner;
use crate::model::{is_within, join_path};

impl Planner<'_> {
    /// Each entry the program reads (with the source line that names it) and where the builder
    /// has it, when a COPY of the project from the
    /// build context put it there. Not the entries a COPY of their own brings (`COPY static/
    /// ./static/`), which the runtime repeats ([`super::roles`]).
    pub(super) fn working_dir_data(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (name, named_at) in self.fact("reads_relative").split_whitespace().filter_map(|f| f.split_once('@')) {
            let path = join_path(&self.stage.end.workdir, name);
            let in_context = join_path(&self.cand.root, name);
            let from_project = self.context_path_of(name).is_some_and(|rel| join_path("", &rel) == in_context);
            let own_copy = self.stage.steps.iter().filter_map(|s| s.copy.as_ref()).any(|c| super::roles::copies_data_for_a_program(self, c) && c.sources.iter().any(|src| is_within(&path, &c.target_of(src))));
            if from_project && !own_copy && !self.copies_project_path_holding(&path) {
                out.push((name.to_string(), named_at.to_string(), path));
            }
        }
        out
    }
}

//! A frontend that a compiled stack's build makes inside its own project: flagr runs
//! `cd browser/flagr-ui && yarn install && yarn run build`, and its Go server serves
//! `browser/flagr-ui/dist` from its working directory. The runtime copies the program, not the
//! project, so the build's output goes with it, at the same path, or the UI is gone.

use super::{Planner, Refusal};
use crate::model::is_within;

/// Commands that build a frontend: `npm run build`, `yarn build`, `yarn run build:prod`...
pub(crate) fn builds_frontend(words: &[String]) -> bool {
    let pm = words.iter().position(|x| matches!(x.as_str(), "npm" | "yarn" | "pnpm" | "bun" | "npx" | "ng" | "vite" | "react-scripts" | "vue-cli-service" | "nuxt"));
    pm.is_some_and(|i| words[i..].iter().any(|x| x == "build" || x.starts_with("build:") || x == "generate"))
}

impl Planner<'_> {
    /// The output directories of the frontends the build makes inside the project, each where
    /// the builder has it: every directory a Node install filled inside the project, once any
    /// RUN builds a frontend (the install and the build may be separate RUNs). A frontend whose
    /// output msify cannot name is a refusal.
    pub(super) fn frontend_outputs(&self) -> Result<Vec<String>, Refusal> {
        let runs: Vec<_> = self.stage.of("run").collect();
        let Some(build) = runs.iter().find(|s| s.run.as_ref().is_some_and(|fx| fx.commands.iter().any(|c| builds_frontend(&c.words)))) else { return Ok(Vec::new()) };
        let mut out: Vec<String> = Vec::new();
        let installed = runs.iter().flat_map(|s| s.run.iter().flat_map(|fx| fx.writes.iter()));
        let dirs = installed.filter(|w| w.tree && w.how.ends_with(" install") && w.path.ends_with("/node_modules")).map(|w| w.path.trim_end_matches("/node_modules").to_string());
        for dir in dirs.filter(|d| self.in_project(d)) {
            let output = self.context_path_of(&dir).and_then(|rel| crate::detect::frontend_output(&crate::detect::Repo::new(self.context), rel.trim_start_matches("./").trim_end_matches('/')));
            let Some(output) = output else {
                return Err(Refusal::at(Some(build.line), format!("line {} builds a frontend in {dir}, and msify cannot tell where its output goes (no known framework in its package.json); the runtime gets only the program. Copy the output yourself, or build the frontend in a stage of its own", build.line)));
            };
            let path = crate::model::join_path(&dir, &output);
            if !out.iter().any(|o| is_within(&path, o)) {
                out.push(path);
            }
        }
        Ok(out)
    }
}

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
    /// the builder has it. A frontend whose output msify cannot name is a refusal.
    pub(super) fn frontend_outputs(&self) -> Result<Vec<String>, Refusal> {
        let mut out: Vec<String> = Vec::new();
        for s in self.stage.of("run") {
            let Some(fx) = &s.run else { continue };
            if !fx.commands.iter().any(|c| builds_frontend(&c.words)) {
                continue;
            }
            // Where its packages were installed: the frontend's own directory.
            let dirs = fx.writes.iter().filter(|w| w.tree && w.how.ends_with(" install") && w.path.ends_with("/node_modules")).map(|w| w.path.trim_end_matches("/node_modules").to_string());
            for dir in dirs.filter(|d| self.in_project(d)) {
                let output = self.context_path_of(&dir).and_then(|rel| crate::detect::frontend_output(&crate::detect::Repo::new(self.context), rel.trim_start_matches("./").trim_end_matches('/')));
                let Some(output) = output else {
                    return Err(Refusal::at(Some(s.line), format!("line {} builds a frontend in {dir}, and msify cannot tell where its output goes (no known framework in its package.json); the runtime gets only the program. Copy the output yourself, or build the frontend in a stage of its own", s.line)));
                };
                let path = crate::model::join_path(&dir, &output);
                if !out.iter().any(|o| is_within(&path, o)) {
                    out.push(path);
                }
            }
        }
        Ok(out)
    }
}

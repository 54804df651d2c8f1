//! Frontends the build makes inside the image.
//!
//! A compiled stack's build may make one inside its own project: flagr runs `cd
//! browser/flagr-ui && yarn install && yarn run build`, and its Go server serves
//! `browser/flagr-ui/dist` from its working directory. The runtime copies the program, not the
//! project, so the build's output goes with it, at the same path, or the UI is gone.
//!
//! A Node or Python server's image may build a frontend project of its own beside the server
//! and move the output into the server (momentum-mod: `mv /app/client/dist/* /app/server/public/`).
//! The frontend's tree — its sources and a node_modules of build tools — is then build-only:
//! the runtime copies the server, not the frontend.

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
        for dir in self.node_installs().map(|(_, dir)| dir).filter(|d| self.in_project(d)) {
            let output = self.frontend_output_at(&dir);
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

impl Planner<'_> {
    /// Where the frontend in the image directory `dir` builds to (relative to it), read from the
    /// package.json of the build-context directory a COPY put there.
    fn frontend_output_at(&self, dir: &str) -> Option<String> {
        let rel = self.context_path_of(dir)?;
        crate::detect::frontend_output(&crate::detect::Repo::new(self.context), rel.trim_start_matches("./").trim_end_matches('/'))
    }

    /// Project paths that hold only a frontend's build, with why: a directory where a frontend
    /// is built (a known framework in its package.json) whose output a RUN moves or copies out
    /// of it, when the container starts elsewhere and its start command names nothing inside it.
    pub(super) fn build_only_frontends(&self) -> Vec<(String, String)> {
        let start = &self.stage.end.workdir;
        let named = |dir: &str| self.cmd.argv.iter().any(|w| w.starts_with('/') && is_within(w, dir));
        let mut out = Vec::new();
        for dir in &self.project {
            if is_within(start, dir) || is_within(dir, start) || named(dir) {
                continue;
            }
            let built_here = self.stage.of("run").find(|s| s.before.workdir == *dir && s.run.as_ref().is_some_and(|fx| fx.commands.iter().any(|c| builds_frontend(&c.words))));
            let Some(build) = built_here else { continue };
            let Some(output) = self.frontend_output_at(dir).map(|o| crate::model::join_path(dir, &o)) else { continue };
            let moved = self.stage.of("run").filter(|s| s.line > build.line).find_map(|s| {
                let fx = s.run.as_ref()?;
                fx.moves.iter().find(|m| is_within(&m.from, &output) && !is_within(&m.to, dir)).map(|m| (s.line, m.to.clone()))
            });
            if let Some((line, to)) = moved {
                let to = to.trim_end_matches("/*");
                out.push((dir.clone(), format!("{dir} stays in the build stage: line {} builds the frontend there, and line {line} takes its output ({output}) to {to}, where the app runs; the frontend's sources and build tools are not needed at run time", build.line)));
            }
        }
        out
    }
}

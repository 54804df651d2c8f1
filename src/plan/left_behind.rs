//! What the runtime stage would start without, because only the build stage keeps it: what
//! the program the build made wrote while the build ran it (cayley's `cayley init` database),
//! and a start program installed where the runtime never copies from (robotoff's
//! `/root/.local/bin/poetry`). msify cannot copy either by name, so it refuses, naming the line.

use crate::paths::Basename;
use super::{roles, Planner, Refusal};
use crate::model::{is_within, join_path};

impl Planner<'_> {
    /// A RUN that runs the program the build made (`cayley init --config /etc/cayley.json`):
    /// what the program writes there (a database, generated config, downloaded data) is not
    /// known, and the runtime, which copies only the program, would start without it. A run
    /// that only prints its version or help writes nothing.
    pub(super) fn refuse_built_program_run_in_build(&self) -> Result<(), Refusal> {
        let built: Vec<&str> = self.binaries.iter().map(|(from, _)| from.basename()).collect();
        let informational = |c: &crate::shell::Command| !c.args().is_empty() && c.args().iter().all(|a| matches!(a.as_str(), "--version" | "-version" | "version" | "-v" | "-V" | "--help" | "-h" | "help"));
        for step in self.stage.of("run") {
            let Some(fx) = &step.run else { continue };
            let runs = fx.commands.iter().find(|c| built.contains(&c.program().basename()) && !informational(c));
            if let Some(c) = runs {
                return Err(Refusal::at(
                    Some(step.line),
                    format!(
                        "line {} runs `{}`, the program the build made, during the build: what it writes (data, a database, generated files) is not known, and the runtime stage, which gets only the program, would start without it. Run it when the container starts (in an entrypoint script), or have it write into a directory the runtime copies",
                        step.line,
                        c.words.join(" ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A start program given by its path in a directory only the build stage keeps
    /// (`/root/.local/bin/poetry`, which poetry's installer put in root's home; `/tmp/tool`):
    /// the runtime copies the project, the dependencies and the programs msify names, never
    /// those directories, so the container would not start.
    pub(super) fn refuse_start_program_left_behind(&self) -> Result<(), Refusal> {
        if self.replaces_command() {
            return Ok(());
        }
        let workdir = &self.stage.end.workdir;
        let kept = |path: &str| {
            self.in_project(path) || self.outputs.iter().any(|o| is_within(path, o)) || self.binaries.iter().any(|(from, to)| from == path || to == path) || self.context_copies.iter().any(|c| c.brings.iter().any(|b| is_within(path, b)))
        };
        for program in self.cmd.wrappers.iter().chain(&self.cmd.programs).filter(|p| p.contains('/') && !p.contains('$')) {
            let path = join_path(workdir, program);
            if roles::BUILDER_ONLY.iter().any(|d| is_within(&path, d)) && !kept(&path) {
                return Err(Refusal::at(
                    self.cmd.line,
                    format!(
                        "line {} starts the container with {path}, which the build put in {}, a directory the runtime stage does not copy from the build stage: the container would not start. Install the program where the runtime gets it (into the project, a virtualenv, or /usr/local/bin), or start it by a name the runtime has",
                        self.cmd.line.unwrap_or(0),
                        roles::BUILDER_ONLY.iter().find(|d| is_within(&path, d)).copied().unwrap_or_default()
                    ),
                ));
            }
        }
        Ok(())
    }
}

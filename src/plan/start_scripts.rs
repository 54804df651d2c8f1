//! The scripts the container starts and what they run. `ENTRYPOINT ["./docker-entrypoint.sh"]`
//! is a file from the build context: the runtime needs every program it runs (`make
//! compile-scss` before `collectstatic`), and a script that switches users needs root. Scripts
//! the script runs are followed too, a few levels deep.

use super::Planner;
use crate::shell::{is_script, Command};
use std::sync::Arc;

/// A start script the build context holds, and its commands.
pub(crate) struct StartScript {
    /// As the CMD/ENTRYPOINT (or the script before it) names it.
    pub path: String,
    pub commands: Arc<[Command]>,
}

/// How deep scripts started by scripts are followed.
const DEPTH: usize = 4;

impl Planner<'_> {
    /// The start scripts, the CMD/ENTRYPOINT's first: a program named by path or ending in
    /// `.sh`, or the script a shell runs (`sh start.sh`). Read once per plan: the needs, the
    /// user and the credential check all ask.
    pub(crate) fn start_scripts(&self) -> &[StartScript] {
        self.start_scripts.get_or_init(|| self.read_start_scripts())
    }

    fn read_start_scripts(&self) -> Vec<StartScript> {
        let shell = crate::shell::is_shell(self.cmd.program_name());
        let mut queue: Vec<String> = self.cmd.programs.iter().chain(self.cmd.argv.get(1).filter(|a| shell && !a.starts_with('-'))).filter(|w| is_script(w)).cloned().collect();
        let mut out: Vec<StartScript> = Vec::new();
        let mut depth = 0;
        while !queue.is_empty() && depth < DEPTH {
            let mut next = Vec::new();
            for path in queue {
                if out.iter().any(|s| s.path == path) {
                    continue;
                }
                let Some(text) = self.context_file_at(&path) else { continue };
                let commands = crate::shell::commands(&text);
                for c in commands.iter() {
                    let runs_shell = crate::shell::is_shell(c.program());
                    let program = Some(c.program_word()).filter(|w| !w.is_empty());
                    next.extend(program.into_iter().chain(c.args().first().map(String::as_str).filter(|a| runs_shell && !a.starts_with('-'))).filter(|w| is_script(w)).map(str::to_string));
                }
                out.push(StartScript { path, commands });
            }
            queue = next;
            depth += 1;
        }
        out
    }
}

//! The scripts the container starts and what they run. `ENTRYPOINT ["./docker-entrypoint.sh"]`
//! is a file from the build context: the runtime needs every program it runs (`make
//! compile-scss` before `collectstatic`), and a script that switches users needs root. `CMD
//! ["npm", "start"]` runs package.json's `start` script, with its hooks
//! ([`package_scripts`](super::package_scripts)). Scripts the scripts run are followed too
//! (`"start": "./start.sh"`, `npm run bootstrap` inside it), a few levels deep.

use crate::paths::Basename;
use super::Planner;
use crate::shell::Command;
use std::sync::Arc;

/// A start script and its commands: a file the build context holds, or a package.json script.
pub(crate) struct StartScript {
    /// The file as the CMD/ENTRYPOINT (or the script before it) names it, or the script's name
    /// in package.json.
    pub path: String,
    /// Its text, as the stage model reads a RUN ([`crate::model::run::read`]).
    pub text: String,
    pub commands: Arc<[Command]>,
    /// Whether it is a package.json script rather than a file.
    pub in_package: bool,
}

impl StartScript {
    /// How notes name it: `start script ./entrypoint.sh`, `package.json script `start``.
    pub fn describe(&self) -> String {
        if self.in_package {
            format!("package.json script `{}`", self.path)
        } else {
            format!("start script {}", self.path)
        }
    }
}

/// What a start command or a start script starts next.
enum Started {
    /// A program word: a path, or a name looked up on PATH.
    Program(String),
    /// The script a shell is given: a path, relative to the working directory without a slash
    /// too (`sh start.sh` reads ./start.sh).
    Script(String),
    PackageScript(String, String),
}

/// How deep scripts started by scripts are followed.
const DEPTH: usize = 4;

impl Planner<'_> {
    /// The start scripts, the CMD/ENTRYPOINT's first: a program the build context holds (named
    /// by path, or by name on PATH: see [`crate::model::context::program_file`]), the script a
    /// shell runs (`sh start.sh`), or the package.json scripts a package manager runs. Read once
    /// per plan: the needs, the user and the credential check all ask.
    pub(crate) fn start_scripts(&self) -> &[StartScript] {
        self.start_scripts.get_or_init(|| self.read_start_scripts())
    }

    fn read_start_scripts(&self) -> Vec<StartScript> {
        let programs = self.cmd.programs.iter().filter(|w| !w.is_empty()).map(|w| Started::Program(w.clone()));
        let mut queue: Vec<Started> = programs.chain(self.cmd.shell_script().map(|s| Started::Script(s.to_string()))).collect();
        queue.extend(self.package_scripts_run_by(self.cmd.argv.iter().map(String::as_str)));
        let mut out: Vec<StartScript> = Vec::new();
        let mut depth = 0;
        while !queue.is_empty() && depth < DEPTH {
            let mut next = Vec::new();
            for started in queue {
                let (path, text, in_package) = match started {
                    Started::Program(word) => {
                        let Some(text) = crate::model::context::program_file(self.stage, self.context, &word) else { continue };
                        (word, text, false)
                    }
                    Started::Script(path) => {
                        let Some(text) = self.context_file_at(&path) else { continue };
                        (path, text, false)
                    }
                    Started::PackageScript(name, text) => (name, text, true),
                };
                if out.iter().any(|s| s.path == path && s.in_package == in_package) {
                    continue;
                }
                let commands = crate::shell::commands(&text);
                for c in commands.iter() {
                    let program = Some(c.program_word()).filter(|w| !w.is_empty());
                    next.extend(program.map(|w| Started::Program(w.to_string())).into_iter().chain(crate::shell::shell_script_file(c.program(), c.args()).map(|s| Started::Script(s.to_string()))));
                    next.extend(self.package_scripts_run_by(std::iter::once(c.program_word()).chain(c.args().iter().map(String::as_str))));
                }
                out.push(StartScript { path, text, commands, in_package });
            }
            queue = next;
            depth += 1;
        }
        out
    }

    /// The package.json scripts a command runs (`npm start`: `prestart`, `start`).
    fn package_scripts_run_by<'w>(&self, words: impl Iterator<Item = &'w str>) -> Vec<Started> {
        let words: Vec<&str> = words.collect();
        if !words.first().is_some_and(|w| matches!(w.basename(), "npm" | "yarn" | "pnpm")) {
            return Vec::new();
        }
        let Some(package) = self.package() else { return Vec::new() };
        package.scripts_run_by(&words).into_iter().map(|(name, text)| Started::PackageScript(name, text.to_string())).collect()
    }
}

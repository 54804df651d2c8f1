//! Project data a compiled program reads at run time: what it names relative to its working
//! directory (detection's `reads_relative`, see [`crate::detect::relative_reads`]: IBM/Golang's
//! tutorial app parses `template/*` and serves `static` from where `COPY . .` put the
//! project), and project paths its start command names (howsmyssl's
//! `-templateDir=/go/src/github.com/jmhodges/howsmyssl/templates`). The runtime copies the
//! program, not the project, and keeps the WORKDIR; these go with the program, at the same
//! path, or it starts and then fails.

use super::Planner;
use crate::model::{is_within, join_path};

impl Planner<'_> {
    /// Whether the runtime gets `path` already: inside an output it copies (or one of `more`,
    /// found just before), or a program it copies. One test for every rule below, so none
    /// copies a path twice.
    fn copied_already<'p>(&self, path: &str, more: impl IntoIterator<Item = &'p String>) -> bool {
        self.outputs.iter().any(|o| is_within(path, o)) || more.into_iter().any(|o| is_within(path, o)) || self.binaries.iter().any(|(from, _)| from == path)
    }

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

    /// The project paths the start command names (`-templateDir=/src/app/templates`, `--config
    /// /src/app/config.yml`, or relative to the WORKDIR: notary's
    /// `-config=fixtures/server-config-local.json`) that a COPY from the build context put in
    /// the builder, and that no output copied already holds. A file named in a directory of
    /// the project comes with that directory: a config file names its siblings (notary's keys
    /// beside its config).
    pub(super) fn start_command_data(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let workdir = &self.stage.end.workdir;
        for (i, word) in self.cmd.argv.iter().enumerate() {
            let value = word.split_once('=').map_or(word.as_str(), |(_, v)| v);
            if value.contains('$') || value.starts_with('-') || value.contains("://") {
                continue;
            }
            let value = if value.starts_with('/') {
                value.to_string()
            } else if i > 0 && value.contains('/') {
                // The first component below the WORKDIR: the directory the file is in.
                join_path(workdir, value.trim_start_matches("./").split('/').next().unwrap_or(""))
            } else {
                continue;
            };
            if !self.in_project(&value) || value == *workdir {
                continue;
            }
            let path = join_path("", &value);
            if self.context_path_of(&path).is_some() && !self.copied_already(&path, &out) {
                out.push(path);
            }
        }
        out
    }

    /// When the build compiles nothing of the project and only installs programs from a
    /// registry (moxwiki: `COPY . .`, `cargo install mdbook`, `CMD mdbook serve`), what the
    /// build context brings is not the program's sources but what it runs on: a book, a site,
    /// content. The runtime then repeats the COPYs of it ([`super::roles`]). The line of the
    /// first install; `None` when any command may build from the project (a `cargo build`, a
    /// `go install ./cmd/x`, `make`, a script msify does not read).
    pub(super) fn compiles_nothing_of_the_project(&self) -> Option<usize> {
        if !matches!(self.cand.stack, crate::detect::Stack::Go | crate::detect::Stack::Rust) {
            return None;
        }
        let mut installs = None;
        for s in self.stage.of("run") {
            for c in s.run.iter().flat_map(|fx| fx.commands.iter()) {
                match registry_install(c) {
                    Some(true) => installs = installs.or(Some(s.line)),
                    Some(false) => return None,
                    None if crate::shell::is_make(c.program()) || runs_a_script(c) => return None,
                    None => {}
                }
            }
        }
        installs
    }

    /// Project files the program's sources name by their absolute path in the image
    /// (go-bouncer reads `/app/version.json`, where `COPY . /app` put it, to answer
    /// `/__version__`), that a COPY of the whole build context put there and no output holds
    /// already: (path, where the sources name it). A file a COPY of its own brings is repeated
    /// by the runtime with that COPY.
    pub(super) fn absolute_project_data(&self) -> Vec<(String, String)> {
        let whole_context_copy = |path: &str| {
            self.stage.steps.iter().filter_map(|s| s.copy.as_ref()).filter(|c| c.from.is_none()).any(|c| c.sources.iter().any(|src| matches!(src.trim_start_matches("./").trim_end_matches('/'), "" | ".") && is_within(path, &c.target_of(src))))
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for named in super::source_execs::absolute_paths_named(self.context, self.cand.stack) {
            let path = named.path.trim_end_matches('/').to_string();
            let held = self.copied_already(&path, out.iter().map(|(p, _)| p));
            if whole_context_copy(&path) && path != self.stage.end.workdir && !held && !self.copies_project_path_holding(&path) && self.context_path_of(&path).is_some() {
                out.push((path, format!("{}:{}", named.file, named.line)));
            }
        }
        out
    }

    /// Project paths a link the runtime repeats points at (dars: `RUN ln -s /work/data /data`,
    /// then `CMD ["dars", "/data/"]`): the link comes along, and without its target it would
    /// dangle. Each with the line that links it.
    pub(super) fn linked_project_data(&self) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        for s in self.stage.of("run") {
            let Some(fx) = &s.run else { continue };
            // Each command from the directory it runs in (the RUN's own `cd` followed).
            for (c, cwd) in fx.commands.iter().zip(&fx.dirs).filter(|(c, _)| c.program() == "ln") {
                let operands: Vec<String> = c.args().iter().filter(|a| !a.starts_with('-')).map(|a| join_path(cwd, &crate::shell::expand(a, &|n: &str| s.before.value(n)))).collect();
                // `ln -s TARGET LINK`: only a link outside the project is made again.
                let (Some(path), Some(link)) = (operands.first().cloned(), operands.get(1)) else { continue };
                if self.in_project(link) || super::roles::BUILDER_ONLY.iter().any(|d| is_within(link, d)) {
                    continue;
                }
                let held = self.copied_already(&path, out.iter().map(|(_, p)| p));
                if self.in_project(&path) && path != self.stage.end.workdir && !held && self.context_path_of(&path).is_some() {
                    out.push((s.line, path));
                }
            }
        }
        out
    }
}

/// For a Go or Rust toolchain command: whether it only installs programs from a registry
/// (`cargo install mdbook`, `go install github.com/x/y@v1`) — `Some(true)` — or may compile
/// the project (`cargo build`, `cargo install --path .`, `go build`, `go install ./...`) —
/// `Some(false)`. `None` for any other command.
fn registry_install(c: &crate::shell::Command) -> Option<bool> {
    let args = c.args();
    let positional = || args.iter().skip(1).filter(|a| !a.starts_with('-'));
    match (c.program(), args.first().map(String::as_str)) {
        ("cargo", Some("install")) => {
            let from_project = args.iter().any(|a| a == "--path" || a.starts_with("--path=") || a == "--git" || a.starts_with("--git="));
            Some(!from_project && positional().next().is_some())
        }
        ("go", Some("install" | "get")) => {
            let packages: Vec<&String> = super::artifacts::go_package_words(c.args()).into_iter().flatten().collect();
            Some(!packages.is_empty() && packages.iter().all(|p| p.contains('@')))
        }
        ("cargo" | "go" | "rustc", _) => Some(false),
        _ => None,
    }
}

/// A command that runs a script (`./build.sh`, `sh scripts/build.sh`): it may compile anything.
fn runs_a_script(c: &crate::shell::Command) -> bool {
    crate::shell::is_script(c.program_word()) || matches!(crate::shell::shell_runs(c.program(), c.args()), Some(crate::shell::ShellRuns::Script(_)))
}

#[cfg(test)]
mod tests {
    use super::registry_install;

    fn of(text: &str) -> Option<bool> {
        registry_install(&crate::shell::commands(text)[0])
    }

    #[test]
    fn registry_installs_and_project_builds() {
        assert_eq!(of("cargo install mdbook"), Some(true));
        assert_eq!(of("cargo install --locked mdbook@0.4.40"), Some(true));
        assert_eq!(of("go install github.com/gohugoio/hugo@v0.120.0"), Some(true));
        assert_eq!(of("go install -tags postgres github.com/golang-migrate/migrate/v4/cmd/migrate@v4.17.0"), Some(true));
        assert_eq!(of("cargo install --path ."), Some(false));
        assert_eq!(of("cargo install"), Some(false));
        assert_eq!(of("cargo build --release"), Some(false));
        assert_eq!(of("go install ./cmd/server"), Some(false));
        assert_eq!(of("go get -d -v"), Some(false));
        assert_eq!(of("go build -o /app ."), Some(false));
        assert_eq!(of("mdbook build"), None);
    }
}

//! Deciding the rewrite: which lines stay in the builder, which move or are repeated in the
//! runtime stage, what is added, and which runtime variant fits — or why msify refuses.
//!
//! Roles of the single stage's instructions:
//! - runtime only, **moved** (with the comment lines just above them): CMD, ENTRYPOINT, EXPOSE,
//!   VOLUME, HEALTHCHECK, STOPSIGNAL, LABEL, MAINTAINER, ONBUILD;
//! - both, **repeated** verbatim in the runtime: ENV (unless it looks like a credential), USER,
//!   ARGs the runtime lines read, COPY/ADD to paths outside the app directory (config files,
//!   entrypoint scripts);
//! - builder only: everything else (RUN, COPY of sources, SHELL, ...).
//!
//! Artifacts are copied to the same absolute path they had in the builder, so the user's own
//! CMD, ENTRYPOINT and WORKDIR keep working unchanged.

pub mod artifacts;
mod layout;
mod runtime;
pub mod stage;

use runtime::Needs;

use crate::detect::dockerfile_signals::java_version_from_image;
use crate::detect::{Candidate, Detection, Stack};
use crate::error::Error;
use crate::rewrite::Edit;
use crate::syntax::{Dockerfile, ImageRef, Stage};
use crate::templates::{Entry, Library, Template};
use artifacts::RunCommand;
use serde::Serialize;
use stage::{command_words, shell_commands, StageView};
use std::collections::BTreeMap;
use std::path::Path;

/// What the user asked for.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--runtime` (an error when it does not fit).
    pub runtime: Option<String>,
    /// `runtime =` from msify.toml (a preference: ignored with a note when it does not fit).
    pub preferred_runtime: Option<String>,
    pub keep_root: bool,
    pub force: bool,
}

/// Why msify will not rewrite a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub reason: String,
    pub line: Option<usize>,
}

impl Refusal {
    pub fn new(reason: impl Into<String>) -> Self {
        Refusal { reason: reason.into(), line: None }
    }
    pub fn at(line: Option<usize>, reason: impl Into<String>) -> Self {
        Refusal { reason: reason.into(), line }
    }
}

/// A decided rewrite.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub template: String,
    pub variant: String,
    pub runtime_image: String,
    pub builder_stage: String,
    #[serde(skip)]
    pub edits: Vec<Edit>,
    /// What moved or was added, and why, for the reviewer.
    pub notes: Vec<String>,
    pub size_before_mb: f64,
    pub size_after_mb: f64,
    /// Image settings the rewrite changes on purpose, announced in the notes: `cmd`,
    /// `entrypoint`, `user`, `workdir`, `ports`, `env:KEY`. `msify verify` allows exactly these.
    pub changes: Vec<String>,
    /// Programs of the original start command the rewrite replaces on purpose (the Node server
    /// of an SPA that nginx now serves); the stage model's `lost-program` accepts only these.
    pub replaced_programs: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum Outcome {
    Rewrite(Plan),
    AlreadyMultiStage,
    Refused(Refusal),
}

/// Plan the rewrite of `df` (read from the build context `context`).
pub fn plan(df: &Dockerfile, detection: &Detection, library: &Library, context: &Path, options: &Options) -> Result<Outcome, Error> {
    let stages = df.stages();
    if stages.len() > 1 {
        return Ok(Outcome::AlreadyMultiStage);
    }
    let Some(stage) = stages.first() else {
        return Ok(Outcome::Refused(Refusal::new("no FROM instruction")));
    };
    let Some(cand) = detection.primary() else {
        let why = detection.unknown_reason.clone().unwrap_or_default();
        return Ok(Outcome::Refused(Refusal::new(format!("unknown stack: {why}"))));
    };
    if cand.confidence == crate::detect::Confidence::Low && !options.force {
        return Ok(Outcome::Refused(Refusal::new(format!(
            "detection confidence is low for {} (see `msify detect`); use --force to rewrite anyway",
            cand.stack.as_str()
        ))));
    }
    let Some(entry) = library.select(cand) else {
        return Ok(Outcome::Refused(Refusal::new(format!("no template applies to this {} project", cand.stack.as_str()))));
    };
    if stage.from.image.is_templated() && stage.from.image.name.contains('$') {
        return Ok(Outcome::Refused(Refusal::at(Some(line_of_item(df, stage.from_item)), "the base image name comes from a build argument; msify cannot pick a matching runtime")));
    }
    match Planner::new(df, cand, entry, &library.knowledge, context, options, stage).run() {
        Ok(plan) => Ok(Outcome::Rewrite(plan)),
        Err(Failure::Refused(r)) => Ok(Outcome::Refused(r)),
        Err(Failure::Error(e)) => Err(e),
    }
}

fn line_of_item(df: &Dockerfile, item: usize) -> usize {
    df.line_col(df.items[item].span.start).0
}

pub(crate) enum Failure {
    Refused(Refusal),
    Error(Error),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(r)
    }
}

/// Everything the planner gathers before laying out the edits.
pub(crate) struct Planner<'a> {
    df: &'a Dockerfile,
    cand: &'a Candidate,
    template: &'a Template,
    /// Facts about base images (what the runtime image brings by itself).
    knowledge: &'a crate::templates::Knowledge,
    context: &'a Path,
    options: &'a Options,
    view: StageView<'a>,
    cmd: RunCommand,
    /// Placeholder values and facts for conditions.
    vars: BTreeMap<String, String>,
    notes: Vec<String>,
    /// The single stage being split (its FROM is the builder).
    stage: Stage,
    /// A command replacing the user's (exec form) and why: a toolchain command such as
    /// `cargo run --release` becomes the binary it would run.
    command_override: Option<(Vec<String>, String)>,
}

impl<'a> Planner<'a> {
    fn new(df: &'a Dockerfile, cand: &'a Candidate, entry: &'a Entry, knowledge: &'a crate::templates::Knowledge, context: &'a Path, options: &'a Options, stage: &Stage) -> Self {
        let view = StageView::new(df, stage.from_item);
        let cmd = run_command(&view);
        Planner {
            df,
            cand,
            template: &entry.template,
            knowledge,
            context,
            options,
            view,
            cmd,
            vars: BTreeMap::new(),
            notes: Vec::new(),
            stage: stage.clone(),
            command_override: None,
        }
    }

    /// The builder's image (the user's FROM).
    fn builder_image(&self) -> &ImageRef {
        &self.stage.from.image
    }

    fn run(mut self) -> Result<Plan, Failure> {
        if self.cmd.argv.is_empty() && self.template.runtime.command.is_none() {
            return Err(Refusal::new("no CMD or ENTRYPOINT: the runtime image's own default command would run instead of the builder's; add a CMD").into());
        }
        self.refuse_risky_runs()?;
        let resolved = artifacts::resolve(self.cand.stack, &self.view, self.cand, &self.cmd)?;
        self.vars.extend(self.cand.facts.clone());
        self.vars.extend(resolved.vars);
        self.command_override = resolved.command;
        self.version_vars();
        self.python_venv()?;
        let needs = self.runtime_needs();
        let variant = self.choose_variant(&needs)?;
        layout::build(self, variant, needs)
    }

    /// `curl ... | sh` and the like: what they install, and whether the app needs it at run time,
    /// cannot be known.
    fn refuse_risky_runs(&mut self) -> Result<(), Refusal> {
        for step in self.view.of("run") {
            let text = self.view.run_text(step);
            if pipes_download_to_shell(&text) {
                let msg = format!("line {}: a downloaded script is piped into a shell; what it installs (and whether the app needs it at run time) is unknown", step.ins.start_line);
                if !self.options.force {
                    return Err(Refusal::at(Some(step.ins.start_line), format!("{msg}; use --force to keep it in the build stage only")));
                }
                self.notes.push(format!("{msg}; kept in the build stage only (--force)"));
            }
        }
        Ok(())
    }

    /// Toolchain versions from the builder's tag (so the runtime matches what built the app),
    /// falling back to the manifests; plus the Debian release for glibc runtimes.
    fn version_vars(&mut self) {
        let tag = self.builder_image().tag.clone().unwrap_or_default();
        self.vars.insert("tag".into(), tag.clone());
        // A floating tag (`node`, `node:latest`, `python:slim`) has no version: the runtime follows
        // the same floating line (`node:slim`), so native modules match the Node/Python that built them.
        let floating = !tag.contains('$') && !tag.chars().any(|c| c.is_ascii_digit()) && !tag.starts_with("lts");
        let from_tag = |parts: usize| -> Option<String> {
            if tag.contains('$') {
                // `node:${NODE_VERSION}` → keep the variable: the runtime FROM sees global ARGs too.
                return Some(tag.split('-').next().unwrap_or(&tag).to_string());
            }
            if tag.starts_with("lts") {
                return Some("lts".into());
            }
            crate::detect::version_digits(&tag, parts)
        };
        let (key, value) = match self.cand.stack {
            Stack::Node | Stack::Spa | Stack::Nextjs => ("node", from_tag(1)),
            Stack::Python => ("python", from_tag(2)),
            Stack::Java => ("java", if tag.contains('$') { None } else { java_version_from_image(self.builder_image()) }),
            Stack::Go => ("go", from_tag(2)),
            Stack::Rust => ("rust", from_tag(2)),
        };
        let fallback = match key {
            "node" => "lts",
            "python" => "3",
            "java" => "21",
            _ => "",
        };
        let follows_floating = floating && matches!(key, "node" | "python");
        if follows_floating {
            self.notes.push(format!(
                "the builder uses a floating tag ({}); the runtime follows the same line — pin both to a version for reproducible builds",
                if tag.is_empty() { "no tag".to_string() } else { format!(":{tag}") }
            ));
        }
        let value = if follows_floating { Some(String::new()) } else { value };
        let value = value.or_else(|| self.cand.versions.get(key).cloned()).unwrap_or_else(|| {
            if !fallback.is_empty() {
                self.notes.push(format!("the {key} version is not in the builder's tag or the manifests; assumed {fallback} for the runtime image"));
            }
            fallback.to_string()
        });
        self.vars.insert(key.into(), value);
        let debian = ["trixie", "bookworm", "bullseye", "buster"].into_iter().find(|c| tag.contains(c)).map(str::to_string);
        let debian = debian.unwrap_or_else(|| {
            // Official Go and Rust images moved to Debian 13 (trixie) with Go 1.25 and Rust 1.89.
            let newer = |v: &str, major: u32, minor: u32| {
                let mut it = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
                let (a, b) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
                (a, b) >= (major, minor)
            };
            let v = self.vars.get(key).cloned().unwrap_or_default();
            let trixie = match self.cand.stack {
                Stack::Go => floating || newer(&v, 1, 25),
                Stack::Rust => floating || newer(&v, 1, 89),
                _ => false,
            };
            if trixie { "trixie" } else { "bookworm" }.to_string()
        });
        let named = ["trixie", "bookworm", "bullseye", "buster"].into_iter().find(|c| tag.contains(c));
        self.vars.insert("debian_tag".into(), named.map(|c| format!("-{c}")).unwrap_or_default());
        let version = match debian.as_str() {
            "trixie" => "13",
            "bullseye" => "11",
            "buster" => "10",
            _ => "12",
        };
        self.vars.insert("debian_version".into(), version.into());
        self.vars.insert("debian".into(), debian);
    }

    /// Python: create a virtualenv in the builder unless dependencies already go into the
    /// project (poetry in-project, `uv sync`); refuse installs msify cannot move.
    fn python_venv(&mut self) -> Result<(), Refusal> {
        if self.cand.stack != Stack::Python {
            return Ok(());
        }
        let runs: Vec<(usize, String)> = self.view.of("run").map(|s| (s.ins.start_line, self.view.run_text(s))).collect();
        for (line, text) in &runs {
            if text.contains("uv pip install") && text.contains("--system") {
                return Err(Refusal::at(Some(*line), "dependencies are installed into the system interpreter (`uv pip install --system`); msify cannot move them safely. Install into a virtualenv instead"));
            }
            if shell_commands(text).iter().any(|w| w.iter().any(|x| x == "pip" || x == "pip3") && w.iter().any(|x| x == "--user")) {
                return Err(Refusal::at(Some(*line), "`pip install --user` puts packages in the user's home; msify cannot move them safely. Drop --user"));
            }
        }
        // Dependencies already land in the project's own .venv (copied with the app directory):
        // poetry in-project, `uv sync`, PDM, or a command that runs from .venv/bin.
        let in_project = self.view.vars.get("POETRY_VIRTUALENVS_IN_PROJECT").is_some_and(|v| v == "true" || v == "1")
            || runs.iter().any(|(_, t)| t.contains("virtualenvs.in-project true") || t.contains("uv sync") || t.contains("pdm install") || t.contains("pdm sync"))
            || self.cmd.argv.first().is_some_and(|p| p.contains(".venv/bin/"));
        let venv = !in_project && artifacts::first_python_install(&self.view).is_some();
        self.vars.insert("venv".into(), venv.to_string());
        if in_project {
            self.notes.push(format!("dependencies are installed into the project's own virtualenv, inside {}", self.view.final_workdir));
        }
        Ok(())
    }

    /// Whether the runtime runs a command of msify's (the template's server, or the artifact a
    /// toolchain command would run) instead of the user's CMD/ENTRYPOINT.
    fn replaces_command(&self) -> bool {
        self.template.runtime.command.is_some() || self.command_override.is_some()
    }

    /// A fact or planner value, "" when absent.
    fn fact(&self, key: &str) -> String {
        self.vars.get(key).cloned().or_else(|| self.cand.fact(key).map(str::to_string)).unwrap_or_default()
    }

    /// Conditions over facts and planner values.
    fn holds(&self, conditions: &crate::templates::Conditions) -> bool {
        conditions.iter().all(|(k, v)| v.accepts(&self.fact(k)))
    }

    fn render(&self, text: &str) -> Result<String, Failure> {
        crate::templates::vars::render(text, &self.vars).map_err(|name| {
            Failure::Refused(Refusal::new(format!("template {} needs `{{{name}}}`, which msify could not work out for this Dockerfile", self.template.name)))
        })
    }
}

/// RUN steps that create the user `name` (useradd/adduser/groupadd/addgroup ... name).
pub(crate) fn creating_user<'v, 'a>(view: &'v StageView<'a>, name: &str) -> Vec<&'v stage::Step<'a>> {
    view.of("run")
        .filter(|s| {
            shell_commands(&view.run_text(s))
                .iter()
                .any(|w| w.first().is_some_and(|c| matches!(c.as_str(), "useradd" | "adduser" | "groupadd" | "addgroup")) && w.iter().any(|x| x == name))
        })
        .collect()
}

/// ENTRYPOINT followed by CMD, as the container runs them, with wrappers looked through:
/// `sh -c "..."`, `exec`, and init processes (`tini --`, `dumb-init`), so the program checked
/// is the one that really runs.
fn run_command(view: &StageView) -> RunCommand {
    let mut cmd = raw_run_command(view);
    unwrap_command(&mut cmd);
    cmd
}

fn unwrap_command(cmd: &mut RunCommand) {
    for _ in 0..8 {
        let name = cmd.program_name().to_string();
        match name.as_str() {
            "sh" | "bash" | "ash" | "dash" if cmd.argv.get(1).is_some_and(|a| a == "-c") && cmd.argv.len() > 2 => {
                cmd.argv = stage::shell_words(&cmd.argv[2..].join(" "));
                cmd.shell = true;
            }
            "exec" => {
                cmd.argv.remove(0);
            }
            "tini" | "dumb-init" => {
                cmd.wrappers.push(name);
                cmd.argv.remove(0);
                while cmd.argv.first().is_some_and(|a| a.starts_with('-')) {
                    let flag = cmd.argv.remove(0);
                    if flag == "--" {
                        break;
                    }
                }
            }
            _ => return,
        }
    }
}

fn raw_run_command(view: &StageView) -> RunCommand {
    let last = |kw: &str| view.of(kw).last();
    let mut cmd = RunCommand::default();
    if let Some(ep) = last("entrypoint") {
        let (words, shell) = command_words(ep.ins);
        cmd.argv = words;
        cmd.shell = shell;
        cmd.line = Some(ep.ins.start_line);
        if shell {
            return cmd; // shell-form ENTRYPOINT ignores CMD
        }
    }
    if let Some(c) = last("cmd") {
        let (words, shell) = command_words(c.ins);
        cmd.argv.extend(words);
        cmd.shell |= shell;
        cmd.line = cmd.line.or(Some(c.ins.start_line));
    }
    cmd
}

/// `curl ... | sh`, `wget -qO- ... | bash`.
fn pipes_download_to_shell(text: &str) -> bool {
    let downloads = text.contains("curl") || text.contains("wget");
    downloads
        && text.match_indices('|').any(|(i, _)| {
            let before_pipe = i > 0 && text.as_bytes()[i - 1] == b'|';
            let rest = text[i + 1..].trim_start();
            let rest = rest.strip_prefix("sudo ").unwrap_or(rest).trim_start();
            let next = rest.split_whitespace().next().unwrap_or("");
            let next = next.rsplit('/').next().unwrap_or(next);
            !before_pipe && !rest.starts_with('|') && matches!(next, "sh" | "bash" | "zsh" | "dash" | "ash")
        })
}

/// Credentials by name: never carried into the final stage.
pub fn looks_secret(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    ["TOKEN", "PASSWORD", "PASSWD", "SECRET", "PRIVATE", "CREDENTIAL", "API_KEY", "APIKEY", "ACCESS_KEY", "AUTH"].iter().any(|m| n.contains(m))
        || n.ends_with("_KEY")
        || n == "KEY"
}

/// Files that hold credentials: kept out of the runtime even when the app directory is copied.
pub fn secret_file(name: &str) -> bool {
    matches!(name, ".npmrc" | ".yarnrc" | ".yarnrc.yml" | "pip.conf" | ".pypirc" | ".netrc" | ".git-credentials" | "id_rsa" | "id_ed25519" | ".env")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risky_pipes() {
        assert!(pipes_download_to_shell("curl -fsSL https://x/install.sh | sh"));
        assert!(pipes_download_to_shell("wget -qO- https://x | sudo bash -s"));
        assert!(!pipes_download_to_shell("curl -f http://x || exit 1"));
        assert!(!pipes_download_to_shell("curl -s https://x | tar xz"));
    }

    #[test]
    fn wrappers_are_looked_through() {
        let mut c = RunCommand { argv: ["sh", "-c", "exec java $JAVA_OPTS -jar app.jar"].map(String::from).to_vec(), ..Default::default() };
        unwrap_command(&mut c);
        assert_eq!(c.program(), "java");
        assert!(c.shell);
        let mut c = RunCommand { argv: ["/usr/bin/tini", "-s", "--", "node", "server.js"].map(String::from).to_vec(), ..Default::default() };
        unwrap_command(&mut c);
        assert_eq!((c.program(), c.wrappers.as_slice()), ("node", &["tini".to_string()][..]));
    }

    #[test]
    fn secret_names() {
        for s in ["NPM_TOKEN", "DB_PASSWORD", "API_SECRET_KEY", "AWS_ACCESS_KEY_ID", "GITHUB_AUTH"] {
            assert!(looks_secret(s), "{s}");
        }
        for s in ["NODE_ENV", "PORT", "PATH", "KEYBOARD_LAYOUT"] {
            assert!(!looks_secret(s), "{s}");
        }
    }
}

#[cfg(test)]
mod layout_tests {
    use crate::pipeline::{process_source, Settings};
    use crate::source::SourceFile;

    fn rewrite(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("go.mod"), "module example.com/x\n\ngo 1.22\n").unwrap();
        let file = SourceFile { display: "Dockerfile".into(), path: None, text: text.into(), stamp: None };
        process_source(file, dir.path(), &Settings::default()).new_content.expect("rewritten")
    }

    #[test]
    fn a_moved_line_between_blank_lines_leaves_one_blank() {
        let out = rewrite("FROM golang:1.22\nWORKDIR /app\n\nEXPOSE 8080\n\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/x .\nCMD [\"/app/x\"]\n");
        assert!(out.contains("WORKDIR /app\n\nCOPY . ."), "{out}");
    }

    #[test]
    fn blank_lines_the_user_wrote_together_stay() {
        let out = rewrite("FROM golang:1.22\nWORKDIR /app\n\n\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/x .\nCMD [\"/app/x\"]\n");
        assert!(out.contains("WORKDIR /app\n\n\nCOPY . ."), "{out}");
    }
}

//! Deciding the rewrite: which instructions stay in the builder, which the runtime replays,
//! what it copies from the builder and what it adds — or why msify refuses.
//!
//! The single stage is read through the stage model ([`crate::model`]); each decision is one
//! named unit: [`roles`] (what happens to each instruction), [`project`] (where the project
//! lives), [`artifacts`] (what the build produces, checked against what the container runs),
//! [`python`] (where dependencies go), [`versions`] (tags and releases), [`needs`] (what the
//! runtime must provide and which variant can), [`builder`] (the edits to the user's stage) and
//! [`runtime`] (the runtime stage as a replay of the user's own lines).

mod added_repositories;
pub mod artifacts;
mod builder;
mod frontend_assets;
mod gain;
mod left_behind;
mod needs;
mod node_links;
mod package_scripts;
mod project;
mod python;
mod source_execs;
mod registry;
mod roles;
mod start_scripts;
mod test_stage;
mod runtime;
mod unseen_libraries;
mod versions;
mod working_dir_data;

use crate::paths::Basename;
use crate::detect::{Candidate, Detection, Stack};
use crate::error::Error;
use crate::model::{is_within, Model, RunCommand, StageModel};
use crate::rewrite::Edit;
use crate::syntax::{Dockerfile, ImageRef};
use crate::templates::{Entry, Knowledge, Library, Template, Variant};
use python::PythonEnv;
use roles::Role;
use serde::Serialize;
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
    /// `--test-stage`: RUNs that only run tests move to `FROM build AS test`.
    pub test_stage: bool,
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
    /// A split would leave nothing behind: why.
    AlreadyThin(String),
    Refused(Refusal),
}

/// Plan the rewrite of `df` (read from the build context `context`).
/// `model` holds the stage model of `df` once anyone needs it: the planner builds it when it
/// gets past the early refusals, and the caller checks the rewrite against the same one.
/// `mounts`: what the repository's Compose files mount into this image ([`crate::compose::uses`]).
pub fn plan<'a>(df: &'a Dockerfile, model: &std::cell::OnceCell<crate::model::Model<'a>>, detection: &Detection, library: &Library, context: &Path, mounts: &[crate::compose::Mount], options: &Options) -> Result<Outcome, Error> {
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
    let model = model.get_or_init(|| crate::model::model(df, &library.knowledge));
    if let crate::model::Base::Image(image, _) = &model.stages[0].base {
        if image.name.is_empty() || image.name.contains('$') {
            return Ok(Outcome::Refused(Refusal::at(
                Some(line_of_item(df, stage.from_item)),
                "the base image name comes from a build argument without a default; msify cannot pick a matching runtime. Give the ARG a default (`ARG BASE=python:3.12`)",
            )));
        }
    }
    match Planner::new(df, model, cand, entry, &library.knowledge, context, mounts, options).run() {
        Ok(plan) => Ok(Outcome::Rewrite(plan)),
        Err(Failure::Refused(r)) => Ok(Outcome::Refused(r)),
        Err(Failure::Thin(why)) => Ok(Outcome::AlreadyThin(why)),
        Err(Failure::Error(e)) => Err(e),
    }
}

fn line_of_item(df: &Dockerfile, item: usize) -> usize {
    df.line_col(df.items[item].span.start).0
}

pub(crate) enum Failure {
    Refused(Refusal),
    /// See [`Outcome::AlreadyThin`].
    Thin(String),
    Error(Error),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(r)
    }
}

/// Everything the planner gathers and decides, step by step.
pub(crate) struct Planner<'a> {
    df: &'a Dockerfile,
    /// The single stage being split (its FROM becomes the builder).
    stage: &'a StageModel<'a>,
    cand: &'a Candidate,
    template: &'a Template,
    /// Facts about base images and packages.
    knowledge: &'a Knowledge,
    context: &'a Path,
    /// What the repository's Compose files mount into this image from the host.
    compose_mounts: &'a [crate::compose::Mount],
    options: &'a Options,
    /// What the container runs.
    cmd: RunCommand,
    /// Placeholder values and facts for conditions.
    vars: BTreeMap<String, String>,
    notes: Vec<String>,
    /// Image settings changed on purpose (see [`Plan::changes`]).
    changes: Vec<String>,
    /// A command replacing the user's (exec form) and why: a toolchain command such as
    /// `cargo run --release` becomes the binary it would run.
    command_override: Option<(Vec<String>, String)>,
    /// Where Python dependencies go.
    python: PythonEnv,
    /// Where the project lives in the builder.
    project: Vec<String>,
    /// Copies the runtime repeats from the build context; the project paths they bring are not
    /// copied from the builder.
    context_copies: Vec<project::ContextCopy>,
    /// Directories the build copied from the context that only the build uses (a frontend
    /// whose output the build moves into the app: see [`frontend_assets`]).
    build_only: Vec<String>,
    /// Compiled programs to copy: (builder path, runtime path).
    binaries: Vec<(String, String)>,
    /// Of the binaries, those a start script runs (see [`artifacts::Resolved`]).
    run_by_scripts: Vec<String>,
    /// Of those, the ones the app's sources run: (path in the builder, the call's file:line).
    run_by_sources: Vec<(String, String)>,
    /// Why some of those link the builder's C library (see [`artifacts::Resolved::links_libc`]).
    links_libc: Vec<String>,
    /// Files the build put outside the project (downloaded tools, moved configs), copied as
    /// the image had them.
    outputs: Vec<String>,
    /// Programs the build linked onto PATH from the project (`npm link`), made again in the runtime.
    links: Vec<node_links::Link>,
    /// The role of each step, once decided.
    roles: Option<Vec<Role>>,
    /// The scripts the container starts, read once ([`start_scripts`](Self::start_scripts)).
    start_scripts: std::cell::OnceCell<Vec<start_scripts::StartScript>>,
    /// The builder image's programs the app runs, worked out once: the roles ask of every
    /// command, the needs once ([`base_programs_the_app_runs`](Self::base_programs_the_app_runs)).
    base_programs_the_app_runs: std::cell::OnceCell<Vec<(String, String)>>,
    /// The image's npm lockfile, read once when asked.
    lockfile: std::cell::OnceCell<Option<package_scripts::Lockfile>>,
    /// The builder stage's name (`build`, or the user's own AS name).
    stage_name: String,
    /// msify appends steps to the builder (`npm prune`), after every step of the user's.
    builder_appends: bool,
    /// With no CMD: the default command of the builder's image, which the runtime must start.
    default_command: Option<Vec<String>>,
    /// Whether the builder's distribution release is known (a codename in its tag, or data).
    release_known: bool,
}

impl<'a> Planner<'a> {
    fn new(df: &'a Dockerfile, model: &'a Model<'a>, cand: &'a Candidate, entry: &'a Entry, knowledge: &'a Knowledge, context: &'a Path, compose_mounts: &'a [crate::compose::Mount], options: &'a Options) -> Self {
        let stage = &model.stages[0];
        Planner {
            df,
            stage,
            cand,
            template: &entry.template,
            knowledge,
            context,
            compose_mounts,
            options,
            cmd: crate::model::run_command(stage),
            vars: BTreeMap::new(),
            notes: Vec::new(),
            changes: Vec::new(),
            command_override: None,
            python: PythonEnv::None,
            project: Vec::new(),
            context_copies: Vec::new(),
            build_only: Vec::new(),
            binaries: Vec::new(),
            run_by_scripts: Vec::new(),
            run_by_sources: Vec::new(),
            links_libc: Vec::new(),
            outputs: Vec::new(),
            links: Vec::new(),
            roles: None,
            start_scripts: std::cell::OnceCell::new(),
            base_programs_the_app_runs: std::cell::OnceCell::new(),
            lockfile: std::cell::OnceCell::new(),
            stage_name: stage.from.stage_name.clone().unwrap_or_else(|| "build".into()),
            builder_appends: false,
            default_command: None,
            release_known: false,
        }
    }

    /// The builder's image as the user wrote it (`node:${NODE_VERSION}` keeps its variable, so
    /// the runtime follows the same build argument).
    fn builder_image(&self) -> &ImageRef {
        &self.stage.from.image
    }

    /// The builder's image with global ARG defaults substituted: what the facts are about.
    fn resolved_image(&self) -> &ImageRef {
        match &self.stage.base {
            crate::model::Base::Image(i, _) => i,
            crate::model::Base::Stage(_) => &self.stage.from.image,
        }
    }

    /// No start command of its own, and the base image's default is a shell or a REPL (not a
    /// service like nginx): a build or tool image, run as `docker run IMAGE npm run build` or
    /// with a Compose `command:`. What its callers run is not known, so the runtime keeps what
    /// they may need: root (the project is often bind-mounted and was written by root) and the
    /// dev dependencies. Found on the engine: traefik's webui image, whose Makefile bind-mounts
    /// the output directory, wrote nothing once it ran as `node`.
    fn run_with_callers_command(&self) -> bool {
        self.default_command.is_some() && self.knowledge.image(self.resolved_image()).service != Some(true)
    }

    fn run(mut self) -> Result<Plan, Failure> {
        self.serves_prebuilt_files()?;
        self.refuse_onbuild_base()?;
        self.refuse_exec_form_words()?;
        self.refuse_script_configured_server()?;
        self.refuse_other_toolchain_image()?;
        self.refuse_unseen_libraries()?;
        if self.cmd.is_absent() && self.template.runtime.command.is_none() {
            // No CMD: the container starts the builder image's own default, which the runtime
            // must start too (the same default, or that command written out).
            match self.knowledge.image(self.resolved_image()).cmd.clone() {
                Some(default) => self.default_command = Some(default),
                None => return Err(Refusal::new(format!("no CMD or ENTRYPOINT, and msify does not know what {} starts by default; add a CMD", self.stage.from.image_text)).into()),
            }
        }
        self.refuse_risky_runs()?;
        self.refuse_foreign_installs()?;
        let layout = project::project_paths(&self)?;
        self.project = layout.paths;
        self.context_copies = layout.from_context;
        self.project_deleted_vars();
        for (dir, why) in self.build_only_frontends() {
            self.project.retain(|d| *d != dir);
            self.notes.push(why);
            self.build_only.push(dir);
        }
        let read = |path: &str| self.context_file_at(path);
        let entries = |path: &str| self.context_entries_at(path);
        let sources_run = match self.cand.stack {
            Stack::Go | Stack::Rust => source_execs::source_execs_of(self.context, self.cand.stack),
            _ => Vec::new(),
        };
        let view = artifacts::View { df: self.df, stage: self.stage, context_file: &read, context_entries: &entries, sources_run: &sources_run, cgo_by_default: self.cand.fact("cgo_default") != Some("off") };
        let resolved = artifacts::resolve(self.cand.stack, &view, self.cand, &self.cmd)?;
        self.vars.extend(self.cand.facts.clone());
        self.vars.extend(resolved.vars);
        self.note_lockfile_of_another_manager();
        if self.copies_project() {
            self.links = self.global_links();
        }
        if self.fact("prune_breaks").is_empty() {
            let installed_globally = || self.links.iter().find(|l| l.global_package.is_some()).map(|l| format!("line {} installs the project into npm's global packages with its dependencies; the project directory has no node_modules to prune", l.line));
            let callers_command = || self.run_with_callers_command().then(|| "the Dockerfile has no CMD or ENTRYPOINT of its own: whoever runs the image names the command (`npm run build`, `npm test`), which may need the dev dependencies; node_modules is copied as it is".to_string());
            if let Some(why) = self.dev_dependency_at_start().or_else(|| self.node_install_dir_unnamed()).or_else(|| self.node_modules_moved_out()).or_else(installed_globally).or_else(callers_command) {
                self.vars.insert("prune_breaks".into(), why);
            }
        }
        self.command_override = resolved.command;
        self.binaries = resolved.binaries;
        self.run_by_scripts = resolved.run_by_scripts;
        self.run_by_sources = resolved.run_by_sources;
        self.links_libc = resolved.links_libc;
        self.outputs = if self.template.runtime.serves_files { self.server_config_written() } else { self.outputs_outside_project()? };
        if matches!(self.cand.stack, Stack::Go | Stack::Rust) {
            for path in self.frontend_outputs()? {
                self.notes.push(format!("the build makes a frontend in the project ({path}); it is copied to the runtime at the same path, where the program may serve it"));
                self.outputs.push(path);
            }
            for (name, named_at, path) in self.working_dir_data() {
                self.notes.push(format!("the program reads {name} relative to its working directory ({named_at}); {path} is copied to the runtime at the same path"));
                self.outputs.push(path);
            }
            for (line, path) in self.linked_project_data() {
                self.notes.push(format!("line {line} links to {path} in the project; it is copied to the runtime at the same path, so the link does not dangle"));
                self.outputs.push(path);
            }
            for path in self.start_command_data() {
                self.notes.push(format!("the start command (line {}) names {path}, which the build context brought into the project; it is copied to the runtime at the same path", self.cmd.line.unwrap_or(0)));
                self.outputs.push(path);
            }
            for (path, named_at) in self.absolute_project_data() {
                self.notes.push(format!("the program names {path} ({named_at}), which the build context brought into the project; it is copied to the runtime at the same path"));
                self.outputs.push(path);
            }
            // Said where it changes what the runtime copies: a COPY of what would be sources.
            let sources_copied = self.stage.steps.iter().filter_map(|s| s.copy.as_ref()).any(|c| c.from.is_none() && !roles::copies_no_sources(&self, c));
            if let Some(line) = self.compiles_nothing_of_the_project().filter(|_| sources_copied) {
                self.notes.push(format!("the build compiles nothing of the project (line {line} installs the program from a registry): what the build context brings is what the program runs on, so the runtime copies it too"));
            }
        }
        self.refuse_lost_programs()?;
        self.refuse_built_program_run_in_build()?;
        self.refuse_start_program_left_behind()?;
        self.version_vars();
        if self.cand.stack == Stack::Python {
            self.python = python::decide(&self)?;
        }
        self.python_vars();
        let roles = roles::roles(&self);
        self.roles = Some(roles.clone());
        self.secret_notes(&roles);
        self.refuse_credentials_the_start_reads()?;
        self.serving_notes(&roles);
        test_stage::notes(&mut self, &roles);
        let needs = self.runtime_needs(&roles);
        self.refuse_packages_from_added_repositories(&needs)?;
        let (variant, packages) = self.choose_variant(&needs)?;
        let builder = builder::edit(&mut self, &roles, variant)?;
        self.builder_appends = !builder.finish.is_empty();
        let runtime = runtime::assemble(&mut self, &roles, variant, &needs, &packages, &builder)?;
        if !self.options.force && gain::left_behind(&self, &roles, &packages, &builder, &runtime.image).is_none() {
            return Err(Failure::Thin(gain::nothing_to_gain(&self, &runtime.image)));
        }
        let mut edits = builder.edits;
        edits.push(Edit::insert(self.df.items[builder.last_kept].span.end, runtime.text));
        if self.replaces_command() {
            self.changes.extend(["cmd".to_string(), "entrypoint".to_string()]);
            self.replacement_notes(&roles);
        }
        let (before, after) = self.size_notes(variant);
        self.template_notes()?;
        Ok(Plan {
            template: self.template.name.clone(),
            variant: variant.name.clone(),
            runtime_image: runtime.image,
            builder_stage: builder.stage_name,
            edits,
            notes: self.notes,
            size_before_mb: before,
            size_after_mb: after,
            changes: self.changes,
            replaced_programs: runtime.replaced_programs,
        })
    }

    /// `curl ... | sh` and the like: what they install, and whether the app needs it at run time,
    /// cannot be known.
    fn refuse_risky_runs(&mut self) -> Result<(), Refusal> {
        for step in self.stage.of("run") {
            let text = step.run_text(self.df);
            if pipes_download_to_shell(&text) {
                if let Some(known) = self.knowledge.installers.iter().find(|i| text.contains(&i.url)) {
                    self.notes.push(format!("line {}: the piped script installs {} for the build; it stays in the build stage", step.line, known.installs));
                    continue;
                }
                let msg = format!("line {}: a downloaded script is piped into a shell; what it installs (and whether the app needs it at run time) is unknown", step.line);
                if !self.options.force {
                    return Err(Refusal::at(Some(step.line), format!("{msg}; use --force to keep it in the build stage only")));
                }
                self.notes.push(format!("{msg}; kept in the build stage only (--force)"));
            }
        }
        Ok(())
    }

    /// An app of one language on another language's toolchain image (contuga's Django on
    /// `node:14-buster`): the template's runtime is its own language's image, whose system,
    /// versions and tools are not the builder's; the tag's version is not the app's.
    fn refuse_other_toolchain_image(&self) -> Result<(), Refusal> {
        let image = self.resolved_image();
        match crate::detect::dockerfile_signals::image_stack(image) {
            Some(other) if !crate::detect::same_family(other, self.cand.stack) => Err(Refusal::at(
                Some(self.stage.from_line),
                format!(
                    "the app is a {app} app, but it is built on {}, the {} toolchain's image: msify's {app} runtime would not have what that image gave it. Build it on a {app} image, or split it by hand",
                    self.stage.from.image_text,
                    other.as_str(),
                    app = self.cand.stack.as_str(),
                ),
            )),
            _ => Ok(()),
        }
    }

    /// A frontend that a start script serves with a web server the image installs and the
    /// script configures (spinnaker deck: `run-apache2.sh` writes an Apache site that proxies
    /// the API, then runs `apache2ctl`): the SPA runtime is nginx with msify's configuration,
    /// which would not do what the script sets up.
    fn refuse_script_configured_server(&self) -> Result<(), Refusal> {
        let Some(how) = self.cand.fact("served_by_script") else { return Ok(()) };
        Err(Refusal::at(
            self.cmd.line,
            format!("the image serves the frontend's build as its start script sets up ({how}); msify's runtime would be nginx with its own configuration, not that server's. Serve the build with nginx and its configuration in the Dockerfile, or split it by hand"),
        ))
    }

    /// A web server's image that only serves files the build context already holds (vikunja's
    /// frontend: nginx and `COPY dist /usr/share/nginx/html`, built before `docker build`): no
    /// toolchain runs in it, so a second stage would have nothing to leave behind.
    fn serves_prebuilt_files(&self) -> Result<(), Failure> {
        let server = self.stage.base.facts().is_some_and(|f| f.web_root.is_some());
        let runs_node = |text: &str| crate::detect::dockerfile_signals::command_stack(text) == Some(Stack::Node);
        let builds = self.stage.of("run").any(|s| runs_node(&s.run_text(self.df))) || runs_node(&self.cmd.argv.join(" "));
        if self.cand.stack != Stack::Spa || !server || builds {
            return Ok(());
        }
        let mut copied: Vec<usize> = self.stage.of("copy").chain(self.stage.of("add")).filter(|s| s.copy.as_ref().is_some_and(|c| c.from.is_none())).map(|s| s.line).collect();
        copied.sort_unstable();
        let copied: Vec<String> = copied.iter().map(usize::to_string).collect();
        Err(Failure::Thin(format!(
            "nothing to split: the image builds nothing. {} serves files the build context already holds (copied on line {}), built before `docker build` runs; no toolchain runs in it to leave behind. To build the frontend in the image, add a Node.js build stage by hand",
            self.stage.from.image_text,
            if copied.is_empty() { "none".to_string() } else { copied.join(", ") }
        )))
    }

    /// An ONBUILD base (`node:4-onbuild`) builds through triggers msify cannot see.
    fn refuse_onbuild_base(&self) -> Result<(), Refusal> {
        if self.resolved_image().tag.as_deref().is_some_and(|t| t.contains("onbuild")) {
            return Err(Refusal::at(
                Some(self.stage.from_line),
                format!("FROM {} builds through the base image's ONBUILD triggers (copy the sources, install), which msify cannot see; write those steps out (COPY, RUN) on the non-onbuild image and msify can split them", self.stage.from.image_text),
            ));
        }
        Ok(())
    }

    /// Packages of another ecosystem installed into the image's system: pip's in a Node image,
    /// a gem in a Python image, any of them beside a compiled program. The runtime's template
    /// carries its own ecosystem's directories only, and msify cannot tell whether the image's
    /// users need the others (contuga's start script runs gunicorn that pip put beside Node).
    /// Production-only Node packages in a Python image mean Node runs there too (peachjam's
    /// pdfjs-to-text).
    fn refuse_foreign_installs(&self) -> Result<(), Refusal> {
        for s in self.stage.of("run") {
            for c in s.run.iter().flat_map(|fx| fx.commands.iter()) {
                let gem = c.program() == "gem" && c.words.iter().any(|w| w == "install");
                let python = artifacts::command_installs_python_packages(&c.words);
                let node_global = c.installs_node_package_globally();
                let node_for_runtime = c.installs_node_packages() && c.words.iter().any(|w| matches!(w.as_str(), "--production" | "--only=prod" | "--only=production" | "--omit=dev" | "--prod"));
                let language = self.cand.stack.language();
                if language == "python" && node_for_runtime {
                    // Node.js in a Python image builds the frontend (its global tools too: sass,
                    // gulp), unless production-only packages say it runs there.
                    return Err(Refusal::at(
                        Some(s.line),
                        format!("line {} installs production-only Node.js packages (`{}`), so Node.js runs in this Python image, and msify's Python runtime has none; install Node.js in the runtime yourself, or move the Node.js part to an image of its own", s.line, c.text),
                    ));
                }
                let foreign = gem
                    || match language {
                        "javascript" => python,
                        "python" => false,
                        _ => node_global || python,
                    };
                if foreign {
                    return Err(Refusal::at(
                        Some(s.line),
                        format!("line {} also installs `{}` into the image's system, beside the {} app; msify cannot tell whether the image's users need it, nor copy it as one directory. Move it to an image of its own, or install it in a virtualenv", s.line, c.text, self.cand.stack.as_str()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A start command of several programs is kept whole or refused: replacing it (an SPA's
    /// server by nginx) would silently drop the others.
    fn refuse_lost_programs(&self) -> Result<(), Refusal> {
        let mut distinct: Vec<String> = self.cmd.programs.iter().map(|p| p.basename().to_string()).collect();
        distinct.dedup();
        if self.replaces_command() && (distinct.len() > 1 || self.cmd.runs_several()) {
            return Err(Refusal::at(
                self.cmd.line,
                format!(
                    "the start command runs several programs ({}); template {} would replace them with its own server and drop the rest. Split them into separate images, or keep them in one start command msify does not replace",
                    distinct.join(", "),
                    self.template.name
                ),
            ));
        }
        Ok(())
    }

    /// `project_deleted` (a line, else empty): the build deleted the directory the app was
    /// copied into once it had copied out what runs (sqlpad: `cp -r /sqlpad/server /usr/app
    /// && rm -rf /sqlpad`), so no project is left to copy and no step runs there after the
    /// build.
    fn project_deleted_vars(&mut self) {
        let deleted = self.stage.of("copy").filter(|c| c.copy.as_ref().is_some_and(|c| c.from.is_none())).find_map(|c| self.stage.deleted_for_good(&c.copy.as_ref()?.dest));
        let line = deleted.filter(|_| self.project.is_empty()).map(|l| l.to_string()).unwrap_or_default();
        self.vars.insert("project_deleted".into(), line);
    }

    /// Python's placeholders: `venv` when msify inserts one, `deps_dir` for any dependency
    /// directory outside the project.
    fn python_vars(&mut self) {
        self.vars.insert("venv".into(), matches!(self.python, PythonEnv::Inserted { .. }).to_string());
        let deps = self.python.artifact().map(|(path, _)| path).filter(|path| !self.in_project(path)).unwrap_or_default();
        match &self.python {
            PythonEnv::Existing(v) => self.notes.push(format!("the Dockerfile makes its own virtualenv ({v}): it is copied as it is, and no other is added")),
            PythonEnv::InProject(Some(venv)) => self.notes.push(format!("dependencies are installed into the Dockerfile's own virtualenv {venv}, which is copied as it is")),
            PythonEnv::InProject(None) => self.notes.push("dependencies are installed into the project's own virtualenv (.venv), which is copied with the project".to_string()),
            PythonEnv::UserSite { path, owner } => self.notes.push(format!(
                "pip installs the dependencies into {owner}'s user site directory {path} (`--user`, or a user who cannot write the system's site-packages): {}",
                if deps.is_empty() { "it is copied with the project" } else { "it is copied with the same owner" }
            )),
            PythonEnv::PoetryEnvs { path, owner } => self.notes.push(format!(
                "poetry makes the virtualenv itself, as {owner}, in {path}: it is copied with the same owner, and `poetry run` finds it there by the project's path, which stays the same"
            )),
            _ => {}
        }
        self.vars.insert("deps_dir".into(), deps);
    }

    /// A program written as one exec-form string with its arguments (`CMD ["ffly --host
    /// 0.0.0.0"]`): the original does not build or start, and neither would a rewrite.
    fn refuse_exec_form_words(&self) -> Result<(), Refusal> {
        let mut found = Vec::new();
        crate::check::exec_form_words(self.stage, &mut found);
        match found.first() {
            Some(f) => Err(Refusal::at(Some(f.line), format!("{}, then run msify again", f.message))),
            None => Ok(()),
        }
    }

    /// A credential the ENV sets that the start command or a start script reads: the runtime
    /// would start without it (redoctober's entrypoint makes its key with `$RO_CERTPASSWD`), and
    /// msify does not carry credentials into the final stage.
    fn refuse_credentials_the_start_reads(&self) -> Result<(), Refusal> {
        let scripts = self.start_scripts();
        // Credentials never reach the runtime (roles keep them in the builder).
        for s in self.stage.of("env") {
            for (key, _) in crate::detect::dockerfile_signals::env_pairs(&s.ins.args, self.df.escape).into_iter().filter(|(k, v)| env_holds_secret(k, v)) {
                let by_command = self.cmd.argv.iter().any(|a| crate::shell::referenced(a).contains(&key));
                let by_script = scripts.iter().find(|sc| sc.commands.iter().any(|c| c.reads.contains(&key)));
                let reader = match (by_command, by_script) {
                    (true, _) => "the start command".to_string(),
                    (_, Some(sc)) => format!("the {}", sc.describe()),
                    _ => continue,
                };
                return Err(Refusal::at(
                    Some(s.line),
                    format!("{key} looks like a credential, and {reader} reads it; msify does not carry credentials into the runtime stage, and the container would start without it. Pass it at run time (docker run -e {key}=...) and remove it from this ENV"),
                ));
            }
        }
        Ok(())
    }

    /// Credentials never reach the final stage: say which ENV and ARG stay behind.
    fn secret_notes(&mut self, roles: &[Role]) {
        for (s, role) in self.stage.steps.iter().zip(roles) {
            if s.kw == "env" && matches!(role, Role::Stay | Role::RepeatPart(_)) {
                let pairs = crate::detect::dockerfile_signals::env_pairs(&s.ins.args, self.df.escape);
                let keys: Vec<String> = pairs.iter().filter(|(k, v)| env_holds_secret(k, v)).map(|(k, _)| k.clone()).collect();
                if keys.is_empty() {
                    continue;
                }
                // What the runtime's environment lacks: the credentials, or the whole line.
                let dropped: Vec<&String> = if *role == Role::Stay { pairs.iter().map(|(k, _)| k).collect() } else { keys.iter().collect() };
                self.changes.extend(dropped.into_iter().map(|k| format!("env:{k}")));
                self.notes.push(format!("line {}: {} looks like a credential and is not carried into the runtime stage; pass it at run time (docker run -e, a secret store)", s.line, keys.join(", ")));
            }
            if s.kw == "arg" {
                for name in roles::arg_names(self, s).into_iter().filter(|n| looks_secret(n)) {
                    self.notes.push(if role.in_runtime() {
                        format!("line {}: ARG {name} looks like a credential; the runtime stage declares it too, because an ENV it sets keeps its value in the image's environment, as your Dockerfile does (pass it at run time instead: docker run -e, a secret store)", s.line)
                    } else {
                        format!("line {}: ARG {name} looks like a credential; it stays in the build stage and is not declared in the runtime stage", s.line)
                    });
                }
            }
        }
    }

    /// A template that serves the build with its own server leaves the build's environment
    /// behind: said, and announced as changes (verify compares the user's ENV keys).
    fn serving_notes(&mut self, roles: &[Role]) {
        if !self.template.runtime.serves_files {
            return;
        }
        let keys: Vec<String> = self
            .stage
            .steps
            .iter()
            .zip(roles)
            .filter(|(s, r)| s.kw == "env" && **r == Role::Stay)
            .flat_map(|(s, _)| crate::detect::dockerfile_signals::env_pairs(&s.ins.args, self.df.escape))
            .filter(|(k, v)| !env_holds_secret(k, v))
            .map(|(k, _)| k)
            .collect();
        if !keys.is_empty() {
            let (verb, pronoun) = if keys.len() == 1 { ("stays", "it configures") } else { ("stay", "they configure") };
            self.notes.push(format!("ENV {} {verb} in the build stage: {pronoun} the build, not the server that serves its output", keys.join(", ")));
            self.changes.extend(keys.into_iter().map(|k| format!("env:{k}")));
        }
    }

    fn replacement_notes(&mut self, roles: &[Role]) {
        let dropped: Vec<usize> = self.stage.steps.iter().zip(roles).filter(|(_, r)| **r == Role::Drop).map(|(s, _)| s.line).collect();
        for line in dropped {
            let kw = self.stage.steps.iter().find(|s| s.line == line).map(|s| s.kw.to_uppercase()).unwrap_or_default();
            let note = match &self.command_override {
                Some((argv, why)) => format!("line {line}: {kw} becomes {}: {why}", runtime::exec_form(argv)),
                None => format!("line {line}: {kw} is replaced by the runtime image's server (see below)"),
            };
            self.notes.push(note);
        }
    }

    fn template_notes(&mut self) -> Result<(), Failure> {
        for n in self.template.notes.clone() {
            if self.holds(&n.when) {
                let text = self.render(&n.text)?;
                self.notes.push(text);
            }
        }
        Ok(())
    }

    /// The estimated base sizes before and after, with the note that says how rough they are.
    fn size_notes(&mut self, v: &Variant) -> (f64, f64) {
        // The builder's own image again: the same base, so the gain is all in what stays behind.
        if v.image == "{builder_image}" {
            self.notes.push(format!(
                "the runtime starts from the builder's own image ({}): the gain is what stays behind (compilers, headers, caches, build tools), not the base",
                self.stage.from.image_text
            ));
            return (v.size_mb, v.size_mb);
        }
        let tag = self.builder_image().tag.clone().unwrap_or_default();
        let slim_variant = self.template.runtime.variants.iter().find(|x| x.name == "slim").map(|x| x.size_mb);
        let before = match slim_variant {
            Some(size) if tag.contains("slim") => size,
            _ if tag.contains("alpine") => self.template.builder.alpine_size_mb,
            _ => self.template.builder.size_mb,
        };
        self.notes.push(format!("estimated runtime base: ~{} → ~{} compressed (base images only; the app adds to both)", mb(before), mb(v.size_mb)));
        if (before - v.size_mb).abs() < f64::EPSILON {
            self.notes.push("the builder already uses this small base image: the gain is what stays behind (compilers, headers, caches, dev dependencies), not the base".into());
        }
        (before, v.size_mb)
    }

    /// Whether the runtime runs a command of msify's (the template's server, or the artifact a
    /// toolchain command would run) instead of the user's CMD/ENTRYPOINT.
    fn replaces_command(&self) -> bool {
        self.template.runtime.command.is_some() || self.command_override.is_some()
    }

    /// Files a build puts outside the project besides the program (`mv bin/frpc /frpc`,
    /// `git clone ... /etc/cfssl`, `wget -O /bin/grpc_health_probe`): the image held them, so the
    /// runtime does too. Build caches, temporary files, package-manager state and what the build
    /// deletes again (`curl -o /x.zip ... && rm /x.zip`) are not.
    fn outputs_outside_project(&mut self) -> Result<Vec<String>, Refusal> {
        const NOT_OUTPUT: &[&str] = &["/tmp", "/var/tmp", "/var/lib/apt", "/etc/apt", "/var/cache", "/var/log", "/root", "/usr/local/cargo/registry", "/usr/local/cargo/git", "/go/pkg"];
        let view = artifacts::View { df: self.df, stage: self.stage, context_file: &|_| None, context_entries: &|_| Vec::new(), sources_run: &[], cgo_by_default: true };
        let mut out: Vec<String> = Vec::new();
        for (i, s) in self.stage.steps.iter().enumerate() {
            let Some(fx) = &s.run else { continue };
            // A move's place among the writes: the `cp`/`mv` write of its destination.
            let moved = fx.moves.iter().map(|m| (m.to.clone(), fx.writes.iter().position(|w| is_within(&m.to, &w.path) && w.how == m.program).unwrap_or(0)));
            let written = fx.writes.iter().enumerate().filter(|(_, w)| matches!(w.how.as_str(), "git clone" | "curl" | "wget") || w.how.ends_with(" -o")).map(|(at, w)| (w.path.clone(), at));
            // What a build script from the build context puts there (tecken's
            // build_dump_syms.sh: `cp out/Default/dump_syms /dump_syms/`), as of the RUN's end.
            let scripts = self.build_scripts_run(s);
            let scripted = scripts.iter().flat_map(|(_, sfx)| sfx.moves.iter().map(|m| m.to.clone()).chain(sfx.writes.iter().filter(|w| matches!(w.how.as_str(), "git clone" | "curl" | "wget") || w.how.ends_with(" -o")).map(|w| w.path.clone())).collect::<Vec<_>>());
            let scripted: Vec<(String, usize)> = scripted.filter(|path| !path.contains('$')).map(|path| (path, usize::MAX)).collect();
            for (path, at) in moved.chain(written).chain(scripted) {
                let keep = view.follow_moves(&path) == path
                    && !self.stage.deleted_after(i, at, &path)
                    && !self.in_project(&path)
                    && !NOT_OUTPUT.iter().chain(roles::BUILDER_ONLY).any(|d| is_within(&path, d))
                    && !self.binaries.iter().any(|(from, _)| *from == path)
                    && !out.iter().any(|from| is_within(&path, from));
                if keep && at == usize::MAX {
                    // The stage model reads the RUN, not the script: it could not check the copy.
                    let script = scripts.first().map(|(p, _)| p.as_str()).unwrap_or_default();
                    return Err(Refusal::at(
                        Some(s.line),
                        format!("line {} runs {script}, which puts {path} outside the project; msify's stage model does not read build scripts, so it cannot check a copy of it into the runtime. Run those commands in the RUN itself, or split the file by hand", s.line),
                    ));
                }
                if keep {
                    self.notes.push(format!("line {}: the build puts {path} outside the project; it is copied to the runtime as the image had it", s.line));
                    out.push(path);
                }
            }
            // What an archive holds is not known: its unpacked files may be a build tool or
            // something the app reads, so the reviewer is told rather than left to find out.
            for w in fx.writes.iter().filter(|w| matches!(w.how.as_str(), "tar" | "unzip")) {
                if !self.in_project(&w.path) && !NOT_OUTPUT.iter().chain(roles::BUILDER_ONLY).any(|d| is_within(&w.path, d)) {
                    self.notes.push(format!("line {}: `{}` unpacks into {} outside the project; msify cannot tell what the archive holds, and the runtime does not get it: if the app uses it at run time, add `COPY --from=build` of what it unpacks", s.line, w.how, w.path));
                }
            }
        }
        for dir in self.library_path_dirs() {
            if !out.iter().any(|o| is_within(&dir, o)) && !self.in_project(&dir) {
                out.retain(|o| !is_within(o, &dir));
                out.push(dir);
            }
        }
        Ok(out)
    }

    /// Directories ENV LD_LIBRARY_PATH adds to the loader's search (freqtrade's `ENV
    /// LD_LIBRARY_PATH /usr/local/lib` for the TA-lib its build script compiles there): the
    /// app's libraries are there, whatever wrote them, so the runtime gets the builder's. The
    /// system's own library directories are the runtime image's.
    fn library_path_dirs(&mut self) -> Vec<String> {
        const SYSTEM_LIBS: &[&str] = &["/lib", "/lib64", "/usr/lib", "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu"];
        let Some(value) = self.stage.end.value("LD_LIBRARY_PATH") else { return Vec::new() };
        let line = self.stage.of("env").filter(|s| s.ins.args.contains("LD_LIBRARY_PATH")).last().map_or(0, |s| s.line);
        let mut out = Vec::new();
        for dir in value.split(':').map(|d| d.trim_end_matches('/')) {
            if dir.starts_with('/') && !dir.contains('$') && !SYSTEM_LIBS.contains(&dir) && !out.iter().any(|o: &String| o == dir) {
                self.notes.push(format!("line {line}: ENV LD_LIBRARY_PATH points the loader at {dir}, where the app's libraries are; it is copied to the runtime as the image had it"));
                out.push(dir.to_string());
            }
        }
        out
    }

    /// Files a RUN writes into the builder image's server configuration (a printf'd
    /// `/etc/nginx/conf.d/default.conf` with `listen 8080`): the same server in the runtime
    /// must read them, or it serves on its defaults.
    fn server_config_written(&mut self) -> Vec<String> {
        let Some(facts) = self.stage.base.facts() else { return Vec::new() };
        let dirs = facts.config_dirs.clone().unwrap_or_default();
        let mut out: Vec<String> = Vec::new();
        for s in self.stage.of("run") {
            for w in s.run.iter().flat_map(|fx| fx.writes.iter()) {
                if dirs.iter().any(|d| is_within(&w.path, d)) && !out.iter().any(|o| is_within(&w.path, o)) {
                    self.notes.push(format!("line {}: the build writes the server's configuration {}; it is copied to the runtime", s.line, w.path));
                    out.push(w.path.clone());
                }
            }
        }
        out
    }

    /// The effects of the scripts from the build context a RUN runs (`RUN /tmp/build.sh`, `bash
    /// scripts/build.sh`), each read as the stage model reads a RUN, in the directory it is
    /// run from.
    fn build_scripts_run(&self, s: &crate::model::Step) -> Vec<(String, crate::model::run::RunEffects)> {
        let Some(fx) = &s.run else { return Vec::new() };
        let mut out = Vec::new();
        for (c, dir) in fx.commands.iter().zip(&fx.dirs) {
            let word = if crate::shell::is_shell(c.program()) { crate::shell::shell_script_file(c.program(), c.args()) } else { Some(c.program_word()) };
            let Some(word) = word.filter(|w| crate::shell::is_script(w)) else { continue };
            let Some(text) = self.context_file_at(&crate::model::join_path(dir, word)) else { continue };
            let mut state = s.before.clone();
            state.workdir = dir.clone();
            out.push((word.to_string(), crate::model::run::read(&text, &state)));
        }
        out
    }

    /// Whether `path` is part of the project (see [`project`]).
    fn in_project(&self, path: &str) -> bool {
        self.project.iter().any(|d| is_within(path, d))
    }

    /// Whether the template copies the project itself (Node, Python) rather than artifacts.
    fn copies_project(&self) -> bool {
        self.template.copy.iter().any(|c| c.from == "{app}")
    }

    /// Whether a copied project path holds `path` (so the copy creates it).
    fn copies_project_path_holding(&self, path: &str) -> bool {
        self.copies_project() && self.in_project(path)
    }

    /// The text of the build-context file that ends up at `path` (see [`model::context`]).
    fn context_file_at(&self, path: &str) -> Option<String> {
        crate::model::context::file_at(self.stage, self.context, path)
    }

    /// The build-context path a COPY put at `path` (a file or a directory), when one did.
    fn context_path_of(&self, path: &str) -> Option<String> {
        crate::model::context::path_of(self.stage, self.context, path)
    }

    /// The entries (name, whether a directory) of the build-context directory a COPY put at
    /// `path`, when one did.
    fn context_entries_at(&self, path: &str) -> Vec<(String, bool)> {
        let Some(rel) = self.context_path_of(path) else { return Vec::new() };
        let listing = crate::fsview::list(&self.context.join(rel.trim_start_matches("./")));
        listing.map(|l| l.iter().map(|(n, k)| (n.clone(), *k == crate::fsview::Kind::Dir)).collect()).unwrap_or_default()
    }

    /// Why an artifact is copied, for the notes.
    fn artifact_reason(&self, from: &str) -> String {
        match self.cand.stack {
            Stack::Go | Stack::Rust if self.binaries.first().is_some_and(|(first, _)| first == from) => {
                // The command msify runs instead (`go-wrapper run` → the program it ran), else the user's.
                // Of a shell text's programs, the one that is this binary (`cat MANIFEST && /go/bin/app`).
                let name = from.basename();
                let started = self.cmd.programs.iter().find(|p| p.basename() == name).cloned().unwrap_or_else(|| self.cmd.program().to_string());
                let program = self.command_override.as_ref().and_then(|(argv, _)| argv.first().cloned()).unwrap_or(started);
                if self.cmd.is_absent() {
                    // No start command (a tool image that starts the base image's shell).
                    format!("the program the build makes ({})", from.basename())
                } else {
                    format!("the binary the container runs ({program})")
                }
            }
            Stack::Go | Stack::Rust if self.run_by_scripts.iter().any(|p| p == from) => format!("a program a start script runs ({})", from.basename()),
            Stack::Go | Stack::Rust if self.source_call_running(from).is_some() => {
                format!("a program the build installs and the app's sources run ({}, {})", from.basename(), self.source_call_running(from).unwrap_or_default())
            }
            // A tool image ships every program its build makes, where the build put it.
            Stack::Go | Stack::Rust if self.cmd.is_absent() => format!("a program the build makes ({}), kept where the build put it", from.basename()),
            Stack::Go | Stack::Rust => format!("a program the build installs from the project ({}); the original image had it", from.basename()),
            Stack::Java if from.ends_with(".jar") => "the jar the container runs".to_string(),
            Stack::Java => "the build output the container runs (its jars and archives)".to_string(),
            Stack::Spa => "the built static site".to_string(),
            Stack::Nextjs => "the standalone server and its assets".to_string(),
            _ if self.python.holds(from) => "the dependencies".to_string(),
            Stack::Node | Stack::Python => "the app (code, dependencies, build output)".to_string(),
        }
    }

    /// Where the app's sources run the copied program `from` (`src/main.rs:399`), when they do.
    fn source_call_running(&self, from: &str) -> Option<&str> {
        self.run_by_sources.iter().find(|(p, _)| p == from).map(|(_, at)| at.as_str())
    }

    /// The builder's `--platform`, kept on the runtime FROM unless it names the build platform.
    fn from_platform(&self) -> Option<String> {
        self.stage.from.platform.clone().filter(|v| !v.contains("BUILDPLATFORM"))
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

    /// Template steps that apply, rendered. Steps for the build stage (`in_builder`) are left
    /// out when one of the user's RUNs already does them.
    fn render_steps(&self, steps: &[crate::templates::Step], v: &Variant, in_builder: bool) -> Result<Vec<String>, Failure> {
        self.render_steps_done(steps, v, in_builder).map(|r| r.lines)
    }

    /// [`render_steps`](Self::render_steps), and why steps that apply were left out, for the
    /// notes: a user's RUN already does one (`npm install --production` for the prune), or the
    /// container starts through a program a step would remove (`nodemon`, a dev dependency).
    fn render_steps_done(&self, steps: &[crate::templates::Step], v: &Variant, in_builder: bool) -> Result<RenderedSteps, Failure> {
        let mut done_by = None;
        let mut kept_for = None;
        let mut command_text = self.cmd.argv.join(" ");
        if matches!(self.cmd.program_name(), "npm" | "yarn" | "pnpm") {
            command_text.push(' ');
            command_text.push_str(self.cand.fact("start_script").unwrap_or(""));
        }
        let mut out = Vec::new();
        // A step after the build (`npm prune`) would run in the app's directory, which the
        // build deleted (see `project_deleted_vars`).
        let project_gone = in_builder && !self.fact("project_deleted").is_empty();
        for s in steps {
            if !self.holds(&s.when) || project_gone {
                continue;
            }
            if let Some(tool) = s.unless_command.iter().find(|c| command_text.contains(c.as_str())) {
                kept_for = kept_for.or(Some(tool.clone()));
                continue;
            }
            if !s.variants.is_empty() && !s.variants.contains(&v.name) {
                continue;
            }
            let line = self.render(&s.line)?;
            let own = line.strip_prefix("RUN ").map(str::trim).filter(|c| !c.is_empty());
            let done = |text: &str| own.is_some_and(|c| text.contains(c)) || s.unless_run.iter().any(|u| text.contains(u.as_str()));
            if let Some(user) = self.stage.of("run").find(|r| done(&r.run_text(self.df))).filter(|_| in_builder) {
                done_by = done_by.or(Some(user.line));
                continue;
            }
            out.push(line);
        }
        Ok(RenderedSteps { lines: out, done_by, kept_for })
    }
}

/// Template steps rendered for this Dockerfile (see [`Planner::render_steps_done`]).
struct RenderedSteps {
    lines: Vec<String>,
    /// The line of a user's RUN that already does a step left out.
    done_by: Option<usize>,
    /// The program of the start command a step left out would break (`nodemon`).
    kept_for: Option<String>,
}

fn mb(x: f64) -> String {
    if x < 1.0 && x > 0.0 {
        format!("{x:.1} MB")
    } else {
        format!("{} MB", x.round() as i64)
    }
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
            let next = next.basename();
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

/// An ENV pair that holds a credential: a credential's name with a value that can be one.
/// `SECRET_KEY=""` only declares the variable (empty) for the app to read: nothing to keep
/// out, and an app that reads it unguarded (`os.environ["SECRET_KEY"]`) fails at start without
/// it. Nor is a switch or a number (`AUTH_ENABLED=true`, `TOKEN_TTL=3600`), or a URL without a
/// password in it (`NEXTAUTH_URL_INTERNAL=http://127.0.0.1:3000`): configuration the app needs.
pub fn env_holds_secret(key: &str, value: &str) -> bool {
    let switch = matches!(value.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off") || value.parse::<f64>().is_ok();
    let url_without_password = value.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+') && !rest.split('/').next().unwrap_or("").contains('@')
    });
    looks_secret(key) && !value.is_empty() && !switch && !url_without_password
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
    fn secret_names() {
        for s in ["NPM_TOKEN", "DB_PASSWORD", "API_SECRET_KEY", "AWS_ACCESS_KEY_ID", "GITHUB_AUTH"] {
            assert!(looks_secret(s), "{s}");
        }
        for s in ["NODE_ENV", "PORT", "PATH", "KEYBOARD_LAYOUT"] {
            assert!(!looks_secret(s), "{s}");
        }
    }

    #[test]
    fn secret_values() {
        for (k, v) in [("NEXTAUTH_SECRET", "d41d8cd98f"), ("DATABASE_URL_PASSWORD", "hunter2"), ("AUTH_URL", "postgres://app:pw@db/app")] {
            assert!(env_holds_secret(k, v), "{k}={v}");
        }
        for (k, v) in [("SECRET_KEY", ""), ("AUTH_ENABLED", "true"), ("TOKEN_TTL", "3600"), ("NEXTAUTH_URL_INTERNAL", "http://127.0.0.1:3000"), ("NODE_ENV", "x")] {
            assert!(!env_holds_secret(k, v), "{k}={v}");
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

//! What the runtime stage must provide (a shell, tools the start command, a HEALTHCHECK or an
//! init wrapper call, the run-time libraries of what the build compiled against, packages whose
//! use is unclear, the tools that create the app's user) and which template variant can provide
//! it — or why none can. Package names come from the knowledge files, for the variant's own
//! distribution and release.

use crate::paths::Basename;
use super::{Failure, Planner, Refusal};
use crate::error::Error;
use crate::templates::knowledge::{Distro, RuntimePackage};
use crate::templates::Variant;

#[derive(Clone, Debug, Default)]
pub(crate) struct Needs {
    /// Why the runtime needs a shell (the first reason found), if it does.
    pub(super) shell: Option<String>,
    pub(super) command_tool: Option<String>,
    /// (tool, where and how it is used: `line 12: HEALTHCHECK uses`, `app/git.py:24 runs`)
    pub(super) tools: Vec<(String, String)>,
    /// Libraries by what names them — a build package (`libpq-dev`) or a `links` fact (`ssl`) —
    /// and why the runtime needs them, for the notes.
    pub(super) libraries: Vec<(String, String)>,
    /// Packages installed in the build that the runtime installs again by their name: (package,
    /// line, why the runtime keeps it — the whole note after the package's name).
    pub(super) carried: Vec<(String, usize, String)>,
    /// Carried packages that an apt install brought with apt's recommended packages, with its
    /// line: the runtime installs them the same way, as the original did.
    pub(super) recommends: Vec<(String, usize)>,
    /// Header packages (`-dev`) of libraries the knowledge does not name: the app may link them.
    pub(super) unknown_dev: Vec<(String, usize)>,
    /// No CMD: the builder image's default command, which the runtime must start too.
    pub(super) default_command: Option<Vec<String>>,
    pub(super) builder_pm: Option<String>,
    /// The package family whose user tools (useradd / adduser) the runtime needs.
    pub(super) user_family: Option<String>,
    /// Why a program the runtime ships links the builder's C library (`migrate (line 3) is
    /// built with cgo on`): an image with another libc, or none, cannot run it.
    pub(super) links_libc: Option<String>,
    /// Programs the RUN lines the runtime repeats call, with the line: a runtime image without
    /// one (Debian 13's images dropped `adduser`) installs the package that has it.
    pub(super) replayed_programs: Vec<(String, usize)>,
    /// The account the Dockerfile's USER names that its base image ships (`USER www-data` on a
    /// Debian image): the runtime image must ship it too, as nothing creates it.
    pub(super) base_account: Option<String>,
}

/// What the runtime installs on a variant, worked out once when the variant is chosen.
#[derive(Debug)]
pub(crate) struct RuntimePackages {
    /// Every package, in install order.
    pub(super) names: Vec<String>,
    /// Of those, the ones a RUN the runtime repeats needs: (package, program, line), for notes.
    pub(super) replayed: Vec<(String, String, usize)>,
    /// The tools the runtime installs because the variant lacks them: (program, how the app
    /// uses it), for notes.
    pub(super) tools: Vec<(String, String)>,
}

/// The programs a RUN the runtime repeats calls by name: all of the RUN's, or the first word of
/// each command the runtime repeats of it. None for a RUN that installs programs itself (what
/// it calls after the install is its own business, as it was in the original).
fn replayed_programs(step: &crate::model::Step, role: &super::roles::Role) -> Vec<String> {
    let Some(fx) = step.run.as_ref().filter(|fx| fx.installs.is_empty() && !fx.opens_path && fx.adds_programs.is_empty()) else { return Vec::new() };
    let programs = match role {
        super::roles::Role::RepeatPart(parts) => parts.iter().filter_map(|t| crate::shell::words(t).into_iter().next()).collect(),
        _ => fx.programs.clone(),
    };
    programs.into_iter().filter(|p| crate::model::run::found_on_path(p)).collect()
}

/// The end of a note on a package kept because its run-time use is unclear.
const KEPT_UNSURE: &str = ", so it is installed in the runtime too (remove it there if the app does not use it)";

impl<'a> Planner<'a> {
    /// What the runtime stage must provide, given the role of each step.
    pub(super) fn runtime_needs(&mut self, roles: &[super::roles::Role]) -> Needs {
        let mut needs = Needs { default_command: self.default_command.clone(), links_libc: self.links_libc.first().cloned(), ..Needs::default() };
        let replaced = self.replaces_command();
        if self.cmd.shell && !replaced {
            needs.shell = Some(format!("line {} starts the container in shell form", self.cmd.line.unwrap_or(0)));
        }
        // The runtime makes the build's links into the project again with `ln -s`.
        if needs.shell.is_none() && !self.links.is_empty() {
            needs.shell = Some("the runtime makes the build's links again with `ln -s`".into());
        }
        // A start script from the build context runs in a shell (its `#!/bin/sh`).
        if let Some(script) = self.start_scripts().iter().find(|s| !s.in_package).filter(|_| !replaced && needs.shell.is_none()) {
            needs.shell = Some(format!("the container runs {}", script.describe()));
        }
        // `/srv/venv/bin/python`: the program comes with the dependency directory or the app's
        // own directory (a virtualenv inside it, activated by the start) that the runtime copies.
        let program = self.cmd.program();
        let copied = program.starts_with('/') && (self.python.holds(program) || self.project.iter().any(|d| crate::model::is_within(program, d)));
        if !replaced && !self.cmd.is_absent() && !copied {
            needs.command_tool = Some(self.cmd.program_name().to_string());
        }
        for step in self.stage.of("healthcheck") {
            let Some((shell, programs)) = crate::model::command::healthcheck_programs(&step.ins.args) else { continue };
            if shell && needs.shell.is_none() {
                needs.shell = Some(format!("line {}'s HEALTHCHECK runs in a shell", step.line));
            }
            for tool in ["curl", "wget"] {
                if programs.iter().any(|p| p == tool || p.ends_with(&format!("/{tool}"))) {
                    needs.tools.push((tool.to_string(), format!("line {}: HEALTHCHECK uses", step.line)));
                }
            }
        }
        if !replaced {
            // Not one a line the runtime replays puts there (fxa-profile-server's `ADD
            // https://.../dumb-init /usr/local/bin/dumb-init`).
            for w in self.cmd.wrappers.iter().filter(|w| !self.replayed_lines_bring(roles, w)) {
                needs.tools.push((w.clone(), format!("line {}: the container runs", self.cmd.line.unwrap_or(0))));
            }
        }
        needs.tools.extend(self.base_programs_the_app_runs().iter().cloned());
        // A RUN the runtime replays runs in a shell; account tools must exist there too.
        for (s, r) in self.stage.steps.iter().zip(roles) {
            if s.kw == "run" && r.in_runtime() {
                needs.shell.get_or_insert_with(|| format!("line {} is a RUN the runtime repeats", s.line));
                let users = s.run.as_ref().map(|fx| !fx.users_created.is_empty()).unwrap_or(false)
                    || matches!(r, super::roles::Role::RepeatPart(parts) if parts.iter().any(|t| t.starts_with("useradd") || t.starts_with("adduser") || t.starts_with("addgroup") || t.starts_with("groupadd")));
                if users {
                    let alpine = self.stage.start.distro.family.as_deref() == Some("alpine");
                    needs.user_family = Some(if alpine { "apk" } else { "apt" }.to_string());
                }
                for program in replayed_programs(s, r) {
                    if !needs.replayed_programs.iter().any(|(p, _)| *p == program) {
                        needs.replayed_programs.push((program, s.line));
                    }
                }
            }
        }
        // The USER the runtime keeps (a template's own server drops it) and the base image ships.
        let kept_user = self.stage.steps.iter().zip(roles).filter(|(s, r)| s.kw == "user" && r.in_runtime()).last();
        let shipped = |u: &&str| *u != "root" && self.stage.start.users.as_ref().is_some_and(|users| users.contains(*u));
        needs.base_account = kept_user.and_then(|(s, _)| crate::model::account_of(s.ins.args.trim())).filter(shipped).map(String::from);
        // (package, line, installed with apt's recommended packages)
        let mut installed: Vec<(String, usize, bool)> = Vec::new();
        needs.builder_pm = self.build_package_manager().map(String::from);
        for step in self.stage.of("run") {
            for install in step.run.iter().flat_map(|fx| fx.installs.iter()) {
                installed.extend(install.packages.iter().map(|p| (p.clone(), step.line, install.with_recommends)));
            }
        }
        // The libraries what the build compiles links (`links`: Rust's -sys crates, Python's
        // source-built drivers). A Python driver's is only named when no installed -dev package
        // of the same library stands for it below (the headers then came with the builder image).
        let python = self.cand.stack == crate::detect::Stack::Python;
        let linked_by = if python { "a Python extension built from source links" } else { "the binary links" };
        for l in self.cand.fact("links").unwrap_or("").split_whitespace() {
            let headers_installed = installed.iter().any(|(pkg, _, _)| self.knowledge.libraries.iter().any(|lib| lib.links.as_deref() == Some(l) && lib.build.contains(pkg)));
            if !(python && headers_installed) {
                needs.libraries.push((l.to_string(), format!("{linked_by} lib{l}")));
            }
        }
        // A tool `cargo install`ed in the build and shipped (diesel for migrations) links too.
        for step in self.stage.of("run") {
            for c in step.run.iter().flat_map(|fx| fx.commands.iter()).filter(|c| c.has_pair("cargo", "install")) {
                let Some(krate) = c.args().iter().skip(1).find(|a| !a.starts_with('-')).and_then(|n| self.knowledge.crates.iter().find(|k| k.name == *n)) else { continue };
                if krate.binaries.iter().any(|b| self.binaries.iter().any(|(from, _)| from.basename() == b.as_str())) {
                    for l in krate.links_with(c.args()) {
                        if !needs.libraries.iter().any(|(x, _)| *x == l) {
                            needs.libraries.push((l.clone(), format!("line {}: {} (installed with cargo) links lib{l}", step.line, krate.name)));
                        }
                    }
                }
            }
        }
        let started = self.start_scripts();
        let mut removed: Vec<String> = Vec::new();
        for (pkg, line, with_recommends) in installed {
            let carried_before = needs.carried.len();
            let library = !matches!(self.knowledge.runtime_package(&pkg, &Distro::default()), RuntimePackage::NotALibrary);
            // Removed again once the build was done (`apt-get purge jq *-dev`): the original
            // image did not have it (a library's run-time package stays, as it did there).
            if let Some(by) = self.removed_after(&pkg, line).filter(|_| !library) {
                if !is_build_tool(&pkg, self.cand.stack) {
                    removed.push(format!("line {line}: {pkg} is not installed in the runtime: line {by} removes it after the build"));
                }
                continue;
            }
            // A site the template's own web server serves runs none of the build's programs or
            // libraries: only a program the start command runs is the runtime's (webviz's gnupg
            // and wget, longhorn-ui's curl and libcurl3 were for the build's Node.js).
            if self.template.runtime.serves_files {
                if let Some((program, script)) = self.started_from_package(&pkg, &started) {
                    needs.carried.push((pkg, line, format!("provides `{program}`, which the {script} runs, so it is installed in the runtime too")));
                }
                continue;
            }
            // A package named after the interpreter's (`python3-dev`, `python3-pip`) brings the
            // interpreter along: the runtime needs that, whatever becomes of the package itself.
            if let Some((interpreter, program)) = self.interpreter_in(&pkg).filter(|(i, _)| *i != pkg) {
                if !needs.carried.iter().any(|(p, _, _)| *p == interpreter) {
                    needs.carried.push((interpreter.clone(), line, format!("comes with {pkg} and provides `{program}`, the interpreter the app runs on (from the distribution's packages), so it is installed in the runtime too")));
                }
            }
            if library {
                needs.libraries.push((pkg.clone(), format!("line {line}: {pkg} was needed to build")));
            } else if is_library_headers(&pkg) && self.links_natively() {
                needs.unknown_dev.push((pkg, line));
            } else if needs.tools.iter().any(|(t, _)| *t == pkg) {
                // A tool the runtime's own lines use: installed for that reason already.
                continue;
            } else if let Some((_, program)) = self.interpreter_in(&pkg).filter(|(i, _)| *i == pkg) {
                if !needs.carried.iter().any(|(p, _, _)| *p == pkg) {
                    needs.carried.push((pkg, line, format!("provides `{program}`, the interpreter the app runs on (from the distribution's packages), so it is installed in the runtime too")));
                }
            } else if !is_build_tool(&pkg, self.cand.stack) {
                needs.carried.push((pkg, line, format!("is not a build tool{KEPT_UNSURE}")));
            } else if let Some((program, script)) = self.started_from_package(&pkg, &started) {
                needs.carried.push((pkg, line, format!("provides `{program}`, which the {script} runs, so it is installed in the runtime too")));
            } else if let Some(exec) = self.run_by_sources(&pkg) {
                needs.carried.push((pkg, line, format!("provides `{}`, which the app's sources run ({}:{}), so it is installed in the runtime too", exec.program, exec.file, exec.line)));
            } else if self.unused_by_build(&pkg) {
                needs.carried.push((pkg, line, format!("is a build tool that no build step runs (a health check in docker-compose or Kubernetes, `docker exec` or a script may use it){KEPT_UNSURE}")));
            }
            if let Some((pkg, line, _)) = needs.carried.get(carried_before).filter(|_| with_recommends) {
                needs.recommends.push((pkg.clone(), *line));
            }
        }
        self.notes.extend(removed);
        needs
    }

    /// Whether a line the runtime replays puts the program there: a COPY or ADD to its path, or
    /// a RUN that writes it (a bare name matches a file of that name).
    fn replayed_lines_bring(&self, roles: &[super::roles::Role], program: &str) -> bool {
        let name = program.basename();
        let is_it = |path: &str| if program.starts_with('/') { path == program } else { path.basename() == name };
        self.stage.steps.iter().zip(roles).filter(|(_, r)| r.in_runtime()).any(|(s, _)| {
            let copied = s.copy.as_ref().is_some_and(|c| c.sources.iter().any(|src| is_it(&c.target_of(src))));
            copied || s.run.as_ref().is_some_and(|fx| fx.writes.iter().any(|w| is_it(&w.path)))
        })
    }

    /// The interpreter a package provides when the build's image has none of its own (`python3`
    /// on `debian:bookworm`): the app runs on it, in the runtime too — for a template with a
    /// runtime on the distribution's own packages (python-venv's `distro`); a compiled program
    /// or a site nginx serves needs no interpreter.
    fn interpreter_in(&self, pkg: &str) -> Option<(String, &'static str)> {
        let runs_on_packages = self.template.runtime.variants.iter().any(|v| v.requires.get("toolchain_from").is_some_and(|c| c.accepts("packages")));
        if self.fact("toolchain_from") != "packages" || !runs_on_packages {
            return None;
        }
        let family = self.stage.start.distro.family.clone().unwrap_or_default();
        self.knowledge.toolchain_package(pkg, &family, self.cand.stack.toolchain_programs()).map(|(p, program)| (p.to_string(), program))
    }

    /// A call in a compiled app's sources that runs a program package `pkg` provides (clair's
    /// updater runs `git`): the package is the app's at run time, not only the build's.
    fn run_by_sources(&self, pkg: &str) -> Option<super::source_execs::SourceExec> {
        if !matches!(self.cand.stack, crate::detect::Stack::Go | crate::detect::Stack::Rust) {
            return None;
        }
        let family = self.stage.start.distro.family.clone().unwrap_or_default();
        let mut programs = self.knowledge.programs_of_package(pkg, &family);
        if programs.is_empty() {
            programs.push(pkg.to_string());
        }
        super::source_execs::source_execs_of(self.context, self.cand.stack).into_iter().find(|e| programs.iter().any(|p| *p == e.program))
    }

    /// Programs the builder's base image ships that the app runs: a start script's commands
    /// (`curl` fetching configuration before `exec python app.py`, on the full python image),
    /// a Python app's sources (repo2docker's `['git', 'clone', ...]`) and the PyPI packages it
    /// depends on (probe-scraper's GitPython runs `git`). A runtime on a
    /// smaller image lacks them, so they are tools it must install. Only programs the knowledge
    /// names a package for; one installed by the build is carried with its package instead.
    /// Sources count for Python only: there the sources are what runs, while a Go or Rust
    /// repository's sources also hold generators and vendored tools its one binary does not
    /// contain. Read once the start command is settled (the roles and the needs ask).
    pub(super) fn base_programs_the_app_runs(&self) -> &[(String, String)] {
        self.base_programs_the_app_runs.get_or_init(|| self.read_base_programs_the_app_runs())
    }

    fn read_base_programs_the_app_runs(&self) -> Vec<(String, String)> {
        let Some(shipped) = self.stage.start.programs.as_ref() else { return Vec::new() };
        let family = self.stage.start.distro.family.clone().unwrap_or_default();
        let installed: Vec<&String> = self.stage.of("run").flat_map(|s| s.run.iter().flat_map(|fx| fx.installs.iter().flat_map(|i| i.packages.iter()))).collect();
        // A start the runtime keeps (not one a web server replaces); a program every image of
        // the distribution has (`useradd` on Debian) is the runtime's already.
        let kept = !self.replaces_command() && !self.template.runtime.serves_files;
        let system = self.knowledge.image(&crate::syntax::ImageRef::parse(&family));
        let by_scripts = self.start_scripts().iter().filter(|_| kept).flat_map(|s| {
            s.commands.iter().filter_map(crate::model::run::invocation).map(move |(program, _)| (program.basename().to_string(), format!("the {} runs", s.describe())))
        });
        let by_scripts = by_scripts.filter(|(program, _)| system.has_program(program) != Some(true));
        let by_sources = (self.cand.stack == crate::detect::Stack::Python).then(|| super::source_execs::source_execs_of(self.context, self.cand.stack)).unwrap_or_default();
        let by_sources = by_sources.into_iter().map(|e| (e.program, format!("{}:{} runs", e.file, e.line)));
        let by_dependencies = (self.cand.stack == crate::detect::Stack::Python).then(|| super::source_execs::dependency_execs(self.context, &self.cand.root, self.knowledge)).unwrap_or_default();
        let mut out: Vec<(String, String)> = Vec::new();
        for (program, why) in by_scripts.chain(by_sources).chain(by_dependencies) {
            let Some(pkg) = self.knowledge.package_for_program(&program, &family) else { continue };
            if shipped.contains(&program) && !installed.iter().any(|i| *i == pkg) && !out.iter().any(|(t, _)| *t == program) {
                out.push((program, why));
            }
        }
        out
    }

    /// The line of a RUN at or after `line` that removes package `pkg` (by name or pattern).
    fn removed_after(&self, pkg: &str, line: usize) -> Option<usize> {
        self.stage.of("run").filter(|s| s.line >= line).find_map(|s| {
            let fx = s.run.as_ref()?;
            let matches = |pattern: &String| pattern == pkg || crate::paths::name_matches(pattern, pkg);
            fx.removes.iter().any(matches).then_some(s.line)
        })
    }

    /// Whether the runtime on `v` gets the builder's CA certificates (one file) rather than a
    /// package: `v` has no package manager for them (scratch), or its release's packages left
    /// the mirrors (buster: `apt-get update` fails there, while the builder has the bundle) and
    /// the build does not run apt-get there itself (then the runtime does as the build does).
    pub(super) fn copies_builder_ca(&self, v: &Variant) -> bool {
        let archived = || {
            let image = self.render(&v.image).map(|i| crate::syntax::ImageRef::parse(&i.replace(":-", ":")));
            image.is_ok_and(|i| self.knowledge.distro(&i).archived(self.knowledge))
        };
        v.ca_certificates || v.package_manager.as_deref() == Some("apt") && archived() && self.build_package_manager() != Some("apt")
    }

    /// The package manager the build installs system packages with (its last install's).
    fn build_package_manager(&self) -> Option<&'static str> {
        self.stage.of("run").flat_map(|s| s.run.iter().flat_map(|fx| fx.installs.iter())).last().map(|i| i.manager)
    }

    /// The packages the runtime installs on variant `v`: the template's, the run-time libraries
    /// by `v`'s distribution and release, the carried ones, and the tools it lacks. `Err` says why
    /// `v` cannot have them. Worked out once, for each variant tried; the chosen variant's answer
    /// is what the runtime installs and what the gain check weighs.
    fn packages_for(&self, v: &Variant, needs: &Needs) -> Result<RuntimePackages, String> {
        let image = crate::syntax::ImageRef::parse(&self.render(&v.image).map_err(|_| "its image cannot be named".to_string())?.replace(":-", ":"));
        let distro = self.runtime_distro(&image);
        let builder_ca = self.copies_builder_ca(v);
        let provided = |p: &str| v.provides.iter().any(|x| x == p) || (builder_ca && p == "ca-certificates");
        let mut out: Vec<String> = self.template.runtime.packages.iter().filter(|p| !provided(p)).cloned().collect();
        for (lib, from) in &needs.libraries {
            match self.knowledge.runtime_package(lib, &distro) {
                RuntimePackage::Name(n) if provided(&n) => {}
                RuntimePackage::Name(n) => push_unique(&mut out, &n),
                RuntimePackage::ReleaseUnknown(names) => {
                    let list: Vec<String> = names.iter().map(|(r, n)| format!("{n} on {r}")).collect();
                    // A digest pins a build of unknown date: the tag's release today says nothing.
                    let pinned = if self.resolved_image().digest.is_some() { " (the builder is pinned by digest, a build of unknown date)" } else { "" };
                    return Err(format!("{from}, whose run-time package depends on the Debian release ({}), and {} names none{pinned}; pin the builder to a release (e.g. a `-bookworm` tag)", list.join(", "), image_text(&image)));
                }
                RuntimePackage::Unavailable => return Err(format!("{from}, which has no run-time package known for {}", distro.describe())),
                RuntimePackage::NotALibrary => {}
            }
        }
        for (pkg, _, _) in &needs.carried {
            push_unique(&mut out, pkg);
        }
        let family = distro.family.clone().unwrap_or_default();
        // A tool the variant lacks: not one its template provides or its image ships (python3
        // on python:3.8-slim, which a start script runs).
        let facts = self.knowledge.image(&image);
        let mut tools = Vec::new();
        for (tool, how) in &needs.tools {
            if !v.tools.contains(tool) && facts.has_program(tool) != Some(true) {
                let pkg = self.knowledge.package_for_program(tool, &family).unwrap_or(tool);
                push_unique(&mut out, pkg);
                tools.push((tool.clone(), how.clone()));
            }
        }
        let replayed = self.replay_packages(&image, needs);
        for (pkg, _, _) in &replayed {
            push_unique(&mut out, pkg);
        }
        out.retain(|p| !provided(p));
        // Archived: apt-get fails there unless the build itself runs it on that release (its
        // sources work, or its own build is already broken: the user's, not msify's).
        if !out.is_empty() && v.package_manager.as_deref() == Some("apt") && distro.archived(self.knowledge) && needs.builder_pm.as_deref() != Some("apt") {
            return Err(format!(
                "it would install {} with apt-get, but {} is end-of-life and its packages left the Debian mirrors; build on a supported release (e.g. a `-bookworm` tag)",
                out.join(", "),
                distro.describe()
            ));
        }
        Ok(RuntimePackages { names: out, replayed, tools })
    }

    /// The runtime `image`'s distribution, on the builder's release: a runtime tag without a
    /// codename (`python:3.7-slim`) is the builder's line, and when the builder's release is not
    /// known (a digest pins a build of any date), the runtime's is not either, whatever its
    /// floating tag is built on today.
    fn runtime_distro(&self, image: &crate::syntax::ImageRef) -> Distro {
        let mut distro = self.knowledge.distro(image);
        let named = distro.family.as_deref().and_then(|f| self.knowledge.release_named_in(f, image.tag.as_deref().unwrap_or(""))).is_some();
        if !self.release_known && !named {
            distro.release = None;
        }
        distro
    }

    /// The packages the runtime `image` lacks for programs a RUN it repeats calls: (package,
    /// program, line). Only programs the knowledge says the image does not have and names a
    /// package for, and that are no tool the runtime installs already.
    fn replay_packages(&self, image: &crate::syntax::ImageRef, needs: &Needs) -> Vec<(String, String, usize)> {
        let facts = self.knowledge.image(image);
        let family = self.knowledge.distro(image).family.unwrap_or_default();
        // A tool the runtime installs anyway (the start or the sources call it) is not asked twice.
        let missing = needs.replayed_programs.iter().filter(|(program, _)| facts.has_program(program) == Some(false) && !needs.tools.iter().any(|(t, _)| t == program));
        missing.filter_map(|(program, line)| Some((self.knowledge.package_for_program(program, &family)?.to_string(), program.clone(), *line))).collect()
    }

    /// The variant asked for, or the first whose requirements hold, with the packages the
    /// runtime installs on it.
    pub(super) fn choose_variant(&mut self, needs: &Needs) -> Result<(&'a Variant, RuntimePackages), Failure> {
        let template = self.template;
        let variants = &template.runtime.variants;
        let names = || variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ");
        if let Some(want) = self.options.runtime.clone() {
            let Some(v) = variants.iter().find(|v| v.name == want) else {
                return Err(Failure::Error(Error::new("", format!("--runtime {want}: template {} has no such variant", template.name), format!("choose one of: {}", names()))));
            };
            return match self.fit(v, needs) {
                Ok(packages) => Ok((v, packages)),
                Err(why) => Err(Failure::Error(Error::new("", format!("--runtime {want} does not fit this build: {why}"), format!("choose another of: {}", names())))),
            };
        }
        if let Some(pref) = self.options.preferred_runtime.clone() {
            match variants.iter().find(|v| v.name == pref) {
                Some(v) => match self.fit(v, needs) {
                    Ok(packages) => return Ok((v, packages)),
                    Err(why) => self.notes.push(format!("msify.toml asks for runtime `{pref}`, which does not fit: {why}")),
                },
                None => self.notes.push(format!("msify.toml asks for runtime `{pref}`; template {} offers {}", template.name, names())),
            }
        }
        let mut reasons = Vec::new();
        for v in variants {
            match self.fit(v, needs) {
                Ok(packages) => {
                    self.note_skipped_variants(v, &reasons);
                    return Ok((v, packages));
                }
                Err(why) => reasons.push((v, why)),
            }
        }
        let reasons: Vec<String> = reasons.iter().map(|(v, why)| format!("{}: {why}", v.name)).collect();
        Err(Refusal::new(format!("no runtime variant of {} fits this build ({})", template.name, reasons.join("; "))).into())
    }

    /// The reviewer sees a fatter runtime than the template's first choice: say what in the build
    /// ruled the earlier variants out. Variants made for another build (another libc, another
    /// toolchain: their `requires`) are not choices this build had, and go unsaid.
    fn note_skipped_variants(&mut self, chosen: &Variant, skipped: &[(&Variant, String)]) {
        // Variants ruled out for the same reason are named together.
        let mut by_reason: Vec<(Vec<&str>, &str)> = Vec::new();
        for (v, why) in skipped.iter().filter(|(v, _)| self.unmet_requirement(v).is_none()) {
            match by_reason.iter_mut().find(|(_, w)| *w == why.as_str()) {
                Some((names, _)) => names.push(&v.name),
                None => by_reason.push((vec![&v.name], why)),
            }
        }
        let said: Vec<String> = by_reason.iter().map(|(names, why)| format!("`{}` ({why})", names.join("` or `"))).collect();
        if !said.is_empty() {
            self.notes.push(format!("runtime variant `{}`, not {}", chosen.name, said.join("; ")));
        }
    }

    /// The variant's `requires` this build does not meet, if any.
    fn unmet_requirement(&self, v: &Variant) -> Option<String> {
        v.requires.iter().find_map(|(k, cond)| {
            let have = self.fact(k);
            (!cond.accepts(&have)).then(|| {
                let want = match cond {
                    crate::templates::OneOrMany::One(s) => s.clone(),
                    // `["image", ""]`: a fact msify may not know reads as unknown.
                    crate::templates::OneOrMany::Many(m) => m.iter().map(|w| if w.is_empty() { "unknown" } else { w }).collect::<Vec<_>>().join(" or "),
                };
                format!("needs {k} = {want}, but this build has {k} = {}", if have.is_empty() { "none" } else { &have })
            })
        })
    }

    /// The packages the runtime installs on variant `v`, or why `v` cannot be used.
    fn fit(&self, v: &Variant, needs: &Needs) -> Result<RuntimePackages, String> {
        if let Some(unmet) = self.unmet_requirement(v) {
            return Err(unmet);
        }
        // A program the build installed with the same package manager comes along with it.
        let carried = |tool: &str| v.package_manager == needs.builder_pm && needs.carried.iter().any(|(p, _, _)| p == tool);
        let has = |tool: &str| v.tools.iter().any(|t| t == tool) || carried(tool);
        if let Some(why) = needs.shell.as_ref().filter(|_| !has("sh")) {
            return Err(format!("{why}, and the image has no shell"));
        }
        let libc = self.fact("libc");
        if let Some(why) = needs.links_libc.as_ref().filter(|_| v.libc.as_ref().is_some_and(|l| *l != libc)) {
            return Err(format!("{why} and links {libc}, which the image does not have"));
        }
        if let Some((pkg, line)) = needs.unknown_dev.first() {
            return Err(format!(
                "line {line} installs {pkg}, and msify does not know the run-time package of its library; add a [[library]] entry for it to a knowledge/packages.toml beside your templates (--templates DIR)"
            ));
        }
        let packages = self.packages_for(v, needs)?;
        if !packages.names.is_empty() && v.package_manager.is_none() {
            return Err(format!("needs {} and the image cannot install packages", packages.names.join(", ")));
        }
        if !needs.carried.is_empty() && needs.builder_pm.is_some() && v.package_manager != needs.builder_pm {
            let names: Vec<&str> = needs.carried.iter().map(|(p, _, _)| p.as_str()).collect();
            return Err(format!("carries {} installed with {} in the build", names.join(", "), needs.builder_pm.as_deref().unwrap_or("")));
        }
        if needs.user_family.is_some() && v.package_manager != needs.user_family {
            return Err(format!("the user the app runs as is created with {} tools, which the image lacks", needs.user_family.as_deref().unwrap_or("")));
        }
        let image = crate::syntax::ImageRef::parse(&self.render(&v.image).unwrap_or_default().replace(":-", ":"));
        if let Some(account) = &needs.base_account {
            if self.knowledge.image(&image).users.as_ref().is_some_and(|users| !users.contains(account)) {
                return Err(format!("the app runs as `{account}`, an account the build's base image ships and this image does not"));
            }
        }
        if let Some(default) = needs.default_command.as_ref().filter(|d| !d.is_empty()) {
            let same = self.knowledge.image(&image).cmd.as_ref() == Some(default);
            let program = default[0].basename();
            if !same && !has(program) {
                return Err(format!("without a CMD the container starts `{}` (the builder image's default), which the image lacks", default.join(" ")));
            }
        }
        if let Some(tool) = &needs.command_tool {
            let known_runtime = matches!(tool.as_str(), "node" | "npm" | "yarn" | "npx" | "java" | "python" | "python3" | "nginx");
            if known_runtime && !has(tool) && !(tool.starts_with("python") && has("python")) {
                return Err(format!("the command runs `{tool}`, which the image does not have"));
            }
        }
        Ok(packages)
    }
}

impl Planner<'_> {
    /// A tool a build runs by name (`curl`, `wget`, `git`...) that no RUN of the stage runs: the
    /// image has it for run time — a health check in docker-compose or Kubernetes, `docker
    /// exec`, a script msify cannot see ("add curl for healthcheck") — not for the build. A RUN
    /// that runs a script may use it unseen, and package managers run `git` themselves.
    fn unused_by_build(&self, pkg: &str) -> bool {
        if !RUN_BY_NAME.contains(&pkg) {
            return false;
        }
        let family = self.stage.start.distro.family.clone().unwrap_or_default();
        let programs = self.knowledge.programs_of_package(pkg, &family);
        let commands = self.stage.of("run").flat_map(|s| s.run.iter().flat_map(|fx| fx.commands.iter()));
        for c in commands {
            let program = c.program();
            let runs_script = c.words.first().is_some_and(|w| crate::shell::is_script(w))
                || crate::shell::shell_script_file(program, c.args()).is_some();
            let fetches_for_installer = pkg == "git" && GIT_USERS.contains(&program);
            if programs.iter().any(|p| p == program) || runs_script || fetches_for_installer {
                return false;
            }
        }
        true
    }

    /// A program of `pkg` that a start script runs, and that script: the runtime keeps the
    /// package although the build uses it too (`make` in an entrypoint).
    pub(super) fn started_from_package(&self, pkg: &str, scripts: &[super::start_scripts::StartScript]) -> Option<(String, String)> {
        let family = self.stage.start.distro.family.clone().unwrap_or_default();
        let programs = self.knowledge.programs_of_package(pkg, &family);
        scripts.iter().find_map(|s| s.commands.iter().find(|c| programs.iter().any(|p| p == c.program())).map(|c| (c.program().to_string(), s.describe())))
    }

    /// Whether what the build makes may link C libraries: Go with CGO, Rust, Python (extension
    /// modules), Node (native addons); not a static Go binary, a jar or a static site.
    fn links_natively(&self) -> bool {
        match self.cand.stack {
            crate::detect::Stack::Go => self.fact("cgo") != "off",
            crate::detect::Stack::Java | crate::detect::Stack::Spa => false,
            _ => true,
        }
    }
}

/// A library's header package: `libfoo-dev`, `foo-dev` (not toolchain headers).
fn is_library_headers(pkg: &str) -> bool {
    (pkg.ends_with("-dev") || pkg.ends_with("-devel")) && !matches!(pkg, "libc6-dev" | "libc-dev" | "musl-dev" | "python3-dev" | "python-dev" | "linux-headers" | "build-base" | "libstdc++-dev" | "g++-dev")
}

fn image_text(image: &crate::syntax::ImageRef) -> String {
    format!("{}{}", image.name, image.tag.as_deref().map(|t| format!(":{t}")).unwrap_or_default())
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Build tools a build runs by name, never behind another program's back (unlike compilers,
/// which `pip` and node-gyp run): unused by the Dockerfile, they are there for run time.
const RUN_BY_NAME: &[&str] = &["curl", "wget", "git", "unzip", "gnupg", "openssh-client", "patch"];

/// Programs that run `git` themselves (git dependencies of a lockfile or a requirements file).
const GIT_USERS: &[&str] = &["npm", "yarn", "pnpm", "pip", "pip3", "python", "python3", "pipenv", "poetry", "uv", "go", "cargo", "bundle", "gem", "composer", "mvn", "gradle", "bower"];

/// Packages that only matter while building.
/// (`ca-certificates` is not one: installed explicitly, TLS clients need it at run time. Python
/// is one for every stack but Python: node-gyp and build scripts use it.)
pub(super) fn is_build_tool(pkg: &str, stack: crate::detect::Stack) -> bool {
    const TOOLS: &[&str] = &[
        "gcc", "g++", "make", "cmake", "build-essential", "build-base", "pkg-config", "pkgconf", "autoconf", "automake",
        "libtool", "git", "curl", "wget", "unzip", "gnupg", "musl-dev", "clang", "llvm", "protobuf-compiler",
        "python3-dev", "python3-pip", "python3-venv", "gfortran", "binutils", "patch", "bison", "flex", "nasm", "yasm", "openssh-client", "rustc", "cargo", "rust",
        "libc6-dev", "libc-dev", "linux-headers",
    ];
    const PYTHON: &[&str] = &["python3", "python", "python3-minimal", "py3-pip", "python3-distutils"];
    // Node.js in a Python or Java image builds its frontend assets.
    const NODE: &[&str] = &["nodejs", "npm", "yarn", "nodejs-npm"];
    use crate::detect::Stack::*;
    // A static site needs nothing installed at run time but its server.
    stack == Spa
        || TOOLS.contains(&pkg)
        || (stack != Python && PYTHON.contains(&pkg))
        || (!matches!(stack, Node | Nextjs) && NODE.contains(&pkg))
        || pkg.ends_with("-dev")
        || pkg.ends_with("-devel")
        || pkg.ends_with("-headers")
}

//! What must move from the builder to the runtime, read from the Dockerfile's own build commands
//! (`go build -o`, `cargo build --release`, `mvn package`, `npm run build`) and checked against
//! what the CMD/ENTRYPOINT actually runs. The result is a set of template placeholders; a command
//! that needs the toolchain, or an artifact msify cannot pin down, is a refusal with a reason.

use crate::paths::Basename;
use super::Refusal;
use super::source_execs::SourceExec;
use crate::detect::go::{module_path, program_name};
use crate::detect::{Candidate, Stack};
use crate::model::{join_path, RunCommand, StageModel, Step, DEFAULT_PATH};
use crate::model::run::{cargo_root, go_bin_dir, installs_go_programs};
use crate::syntax::Dockerfile;
use std::collections::BTreeMap;

mod make;

/// A stage and its file, which the readers below need together.
pub struct View<'v, 'a> {
    pub df: &'a Dockerfile,
    pub stage: &'v StageModel<'a>,
    /// Reads the build-context file that ends up at a path of the stage.
    pub context_file: &'v dyn Fn(&str) -> Option<String>,
    /// Lists the build-context directory that ends up at a path of the stage.
    pub context_entries: &'v dyn Fn(&str) -> Vec<(String, bool)>,
    /// The programs the app's own sources run by name (`Command::new("monolith")`).
    pub(crate) sources_run: &'v [SourceExec],
    /// Whether a Go build step that does not set CGO_ENABLED builds with cgo on (detection's
    /// `cgo_default`).
    pub cgo_by_default: bool,
}

/// A program the build installed by name: where it is, whether the install named it (`go
/// install .../cmd/goose@v3`, `cargo install monolith`, a file moved there) rather than only
/// may have made it (`go install ./...`), and — when it links the builder's C library (a Go
/// program built with cgo on) — why, for the runtime's choice of image.
struct Installed {
    path: String,
    named: bool,
    links_libc: Option<String>,
}

impl<'v, 'a> View<'v, 'a> {
    fn runs(&self) -> impl Iterator<Item = &'v Step<'a>> + 'v {
        self.stage.steps.iter().filter(|s| s.kw == "run")
    }
    fn commands(&self, s: &Step) -> Vec<Vec<String>> {
        s.run.as_ref().map(|fx| fx.commands.iter().map(|c| c.words.clone()).collect()).unwrap_or_default()
    }
    /// The commands of a RUN with the directory each runs in (the stage model's, which follows
    /// the RUN's own `cd`).
    fn commands_in_dirs(&self, s: &Step) -> Vec<(String, Vec<String>)> {
        s.run.as_ref().map(|fx| fx.dirs.iter().cloned().zip(fx.commands.iter().map(|c| c.words.clone())).collect()).unwrap_or_default()
    }
    /// Known variable values at the end of the stage put into `text`.
    fn resolve(&self, text: &str) -> String {
        crate::shell::expand(text, &|n: &str| self.stage.end.value(n))
    }
    fn workdir(&self) -> &str {
        &self.stage.end.workdir
    }
    /// Whether the builder made `path`: a file a command wrote, moved or copied there, a COPY
    /// target, or a path inside the directory a build ran in.
    fn builder_made(&self, path: &str) -> bool {
        self.stage.steps.iter().any(|s| {
            s.run.as_ref().is_some_and(|fx| fx.writes.iter().any(|w| w.path == path || (w.tree && crate::model::is_within(path, &w.path))) || fx.moves.iter().any(|m| m.to == path) || crate::model::is_within(path, &s.before.workdir) && s.before.workdir != "/")
                || s.copy.as_ref().is_some_and(|c| c.from.is_none() && c.sources.iter().any(|src| crate::model::is_within(path, &c.target_of(src))))
        })
    }
    /// Where a program the build installed by name lives — GOBIN/GOPATH's bin after `go
    /// install`/`go get`, CARGO_HOME's bin after `cargo install`, a file moved onto PATH — and
    /// whether it links the builder's C library.
    fn installed(&self, name: &str) -> Option<Installed> {
        let end = &self.stage.end;
        for s in self.runs() {
            let Some(fx) = &s.run else { continue };
            if let Some(moved) = fx.moves.iter().find(|m| m.to.basename() == name) {
                return Some(Installed { path: moved.to.clone(), named: true, links_libc: None });
            }
            for c in fx.commands.iter() {
                // `go-wrapper install` installs the working directory's package, which
                // go_binaries names; `go get -d` installs nothing.
                let installs_go = crate::model::run::invocation(c).is_some_and(|(program, args)| program.basename() == "go" && installs_go_programs("go", args));
                let value = |n: &str| s.before.value(n);
                if installs_go && go_installs(c, name, &value) {
                    let path = format!("{}/{name}", go_bin_dir(|k| end.value(k)));
                    let named = go_install_packages(c, &value).is_some_and(|packages| go_names(&packages, name));
                    return Some(Installed { path, named, links_libc: self.go_links_libc(s, c, name) });
                }
                if c.has_pair("cargo", "install") && self.cargo_installs(c, name, &s.before.workdir) {
                    let path = format!("{}/bin/{name}", cargo_root(|k| end.value(k)));
                    return Some(Installed { path, named: self.cargo_names(c, name, &s.before.workdir), links_libc: None });
                }
            }
        }
        None
    }
    /// Why the Go program `name` that command `c` of step `s` builds links the builder's C
    /// library, when it does: cgo is on for that command — its own `CGO_ENABLED` (inline,
    /// exported by the RUN, or an ENV), else the image's default (on, but for an Alpine image
    /// without a C compiler since Go 1.20). Such a program needs that libc wherever it runs,
    /// whatever `CGO_ENABLED=0` another step builds the main program with.
    fn go_links_libc(&self, s: &Step, c: &crate::shell::Command, name: &str) -> Option<String> {
        let set = c.assignments.iter().rev().find(|(k, _)| k == "CGO_ENABLED").map(|(_, v)| v.clone()).or_else(|| run_env(s).get("CGO_ENABLED").cloned()).or_else(|| s.before.value("CGO_ENABLED"));
        let on = set.map_or(self.cgo_by_default, |v| v.trim_matches(['"', '\'']) != "0");
        on.then(|| format!("{name} (line {}) is built with cgo on", s.line))
    }
    /// Whether `cargo install` may install a program called `name`: `--path dir` installs the
    /// binaries dir/Cargo.toml names (any, when it cannot be read); `cargo install diesel_cli`
    /// a program named by the crate (`diesel`). `xvfb-run` from apt is not cargo's.
    fn cargo_installs(&self, c: &crate::shell::Command, name: &str, workdir: &str) -> bool {
        let args: Vec<String> = c.args().iter().skip_while(|a| *a != "install").skip(1).cloned().collect();
        if cargo_selected_bins(&args).is_some_and(|bins| !bins.iter().any(|b| b == name)) {
            return false;
        }
        if let Some(dir) = cargo_install_path(&args) {
            return self.manifest_binaries(workdir, &dir).map_or(true, |names| names.iter().any(|n| n == name));
        }
        let crates: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        crates.is_empty() || crates.iter().any(|k| {
            let k = k.split('@').next().unwrap_or(k);
            k == name || k.starts_with(&format!("{name}_")) || k.starts_with(&format!("{name}-"))
        })
    }
    /// Whether a `cargo install` names the program `name` itself: the crate of that name, or a
    /// `--path` whose Cargo.toml names the binary (not a crate that only may install it).
    fn cargo_names(&self, c: &crate::shell::Command, name: &str, workdir: &str) -> bool {
        let args: Vec<String> = c.args().iter().skip_while(|a| *a != "install").skip(1).cloned().collect();
        match cargo_install_path(&args) {
            Some(dir) => self.manifest_binaries(workdir, &dir).is_some_and(|names| names.iter().any(|n| n == name)),
            None => args.iter().filter(|a| !a.starts_with('-')).any(|k| k.split('@').next() == Some(name)),
        }
    }
    /// The binaries the Cargo.toml in `dir` (from `workdir`) names, when it can be read.
    fn manifest_binaries(&self, workdir: &str, dir: &str) -> Option<Vec<String>> {
        let manifest = join_path(&join_path(workdir, &self.resolve(dir)), "Cargo.toml");
        self.script_text(&manifest).map(|t| crate::detect::rust::binary_names(&t))
    }
    /// Where a COPY from the build context put a file called `name` into a PATH directory
    /// (`COPY docker-entrypoint.sh /usr/local/bin/`), when one did.
    fn copied_onto_path(&self, name: &str) -> Option<String> {
        let dirs = crate::model::path_dirs(&self.stage.end);
        self.stage.steps.iter().filter_map(|s| s.copy.as_ref().filter(|c| c.from.is_none())).flat_map(|c| c.sources.iter().map(move |src| c.target_of(src))).find(|target| target.rsplit_once('/').is_some_and(|(dir, file)| file == name && dirs.iter().any(|d| d.trim_end_matches('/') == if dir.is_empty() { "/" } else { dir })))
    }
    /// Where the builder's image serves files from (knowledge `web_root`).
    fn web_root(&self) -> Option<String> {
        self.stage.base.facts()?.web_root.clone()
    }
    /// Where a file the build made ends up after the `mv`/`cp` steps that follow it.
    pub fn follow_moves(&self, path: &str) -> String {
        let mut at = path.to_string();
        for s in self.runs() {
            for moved in s.run.iter().flat_map(|fx| fx.moves.iter()) {
                if moved.from == at {
                    at = moved.to.clone();
                }
            }
        }
        at
    }
    /// The text of a script the builder has at `path`, when it came from the build context.
    fn script_text(&self, path: &str) -> Option<String> {
        (self.context_file)(path)
    }
    /// The main packages a pattern like `./cmd/...` matches, as directories of the stage: the
    /// pattern's directory and those below it (three levels) holding a `package main` file.
    fn main_packages(&self, workdir: &str, pattern: &str) -> Vec<String> {
        let base = join_path(workdir, pattern.trim_end_matches("...").trim_end_matches('/'));
        let mut out = Vec::new();
        let mut dirs = vec![(base, 0)];
        while let Some((dir, depth)) = dirs.pop() {
            let entries = (self.context_entries)(&dir);
            let is_main = entries.iter().any(|(n, is_dir)| !is_dir && n.ends_with(".go") && !n.ends_with("_test.go") && self.script_text(&join_path(&dir, n)).is_some_and(|t| t.lines().any(|l| l.trim() == "package main")));
            if is_main {
                out.push(dir.clone());
            }
            if depth < 3 {
                dirs.extend(entries.iter().filter(|(n, is_dir)| *is_dir && !matches!(n.as_str(), "vendor" | "testdata") && !n.starts_with(['.', '_'])).map(|(n, _)| (join_path(&dir, n), depth + 1)));
            }
        }
        out.sort();
        out
    }
    /// Whether the program is one every runtime image has (a shell and its basic tools).
    fn base_has(&self, name: &str) -> bool {
        crate::model::run::is_builtin(name)
            || matches!(
                name,
                "sh" | "bash" | "env" | "sleep" | "test" | "echo" | "cat" | "mkdir" | "rm" | "cp" | "mv" | "ls" | "chmod" | "chown" | "chgrp" | "ln" | "touch" | "id" | "whoami" | "sed" | "grep" | "head" | "tail" | "tr" | "cut" | "date" | "basename" | "dirname" | "true" | "false"
            )
    }
}

/// Whether `go install`/`go get` may install a program called `name`: a package path installs
/// the program named by its last element (`github.com/org/tool@v1` → `tool`, a `/v2` major
/// version skipped); `.`, `./...` or no package may install any name.
/// Variables are read as the RUN sees them (`go install $PROJECT`).
fn go_installs(c: &crate::shell::Command, name: &str, value: crate::shell::Lookup) -> bool {
    let Some(packages) = go_install_packages(c, value) else { return false };
    packages.is_empty() || packages.iter().any(|p| p.contains("...") || p.contains('$') || matches!(p.as_str(), "." | "./")) || go_names(&packages, name)
}

/// Whether one of the packages a `go install` names is the program `name` itself.
fn go_names(packages: &[String], name: &str) -> bool {
    packages.iter().any(|p| program_name(p).as_deref() == Some(name))
}

/// The packages a `go install`/`go get` names (versions dropped, variables expanded); `None`
/// when the command is neither.
fn go_install_packages(c: &crate::shell::Command, value: crate::shell::Lookup) -> Option<Vec<String>> {
    let packages = go_package_words(&c.words)?.map(|w| crate::shell::expand(w, value));
    Some(packages.map(|w| w.split('@').next().unwrap_or(&w).to_string()).collect())
}

/// The package words of a `go install`/`go get` as written (`github.com/x/y@v1`, `./cmd/a`),
/// past its flags and their values (`-tags postgres`); `None` when the words are neither.
pub(super) fn go_package_words(words: &[String]) -> Option<impl Iterator<Item = &String>> {
    let at = words.iter().position(|w| matches!(w.as_str(), "install" | "get"))?;
    let mut rest = words[at + 1..].iter();
    Some(std::iter::from_fn(move || loop {
        let w = rest.next()?;
        if matches!(w.as_str(), "-ldflags" | "-gcflags" | "-tags" | "-mod" | "-o" | "-pkgdir" | "-buildmode" | "-modfile" | "-overlay" | "-p" | "-C") {
            rest.next();
        } else if !w.starts_with('-') {
            return Some(w);
        }
    }))
}

/// The binaries `cargo install --bin a --bin b` (or `--bin=a`) limits the install to; `None`
/// when it installs every binary of the package (trading-bot's `--bin bot` installs only
/// `bot`, though its Cargo.toml names another).
fn cargo_selected_bins(args: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut words = args.iter();
    while let Some(w) = words.next() {
        if w == "--bin" {
            out.extend(words.next().cloned());
        } else if let Some(name) = w.strip_prefix("--bin=") {
            out.push(name.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The directory `cargo install --path dir` (or `--path=dir`) installs from.
fn cargo_install_path(args: &[String]) -> Option<String> {
    args.windows(2).find(|w| w[0] == "--path").map(|w| w[1].clone()).or_else(|| args.iter().find_map(|a| a.strip_prefix("--path=").map(str::to_string)))
}

pub type Vars = BTreeMap<String, String>;

/// What the runtime stage needs: placeholder values, and — when the user's command only works
/// with the toolchain (`cargo run --release` after `cargo build --release`) — the command that
/// runs the built artifact instead.
#[derive(Debug, Default)]
pub struct Resolved {
    pub vars: Vars,
    pub command: Option<(Vec<String>, String)>,
    /// Compiled programs to copy: (path in the builder, path in the runtime).
    pub binaries: Vec<(String, String)>,
    /// Of those, the ones a start script runs (rather than the start command itself), for notes.
    pub run_by_scripts: Vec<String>,
    /// Of those, the ones the app's sources run: (path in the builder, the call's file:line).
    pub run_by_sources: Vec<(String, String)>,
    /// Why some of those link the builder's C library (`migrate (line 3) is built with cgo
    /// on`): the runtime must have it, whatever the main program needs.
    pub links_libc: Vec<String>,
}

pub fn resolve(stack: Stack, view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<Resolved, Refusal> {
    if stack == Stack::Rust && cmd.program_name() == "cargo" && cmd.argv.get(1).is_some_and(|a| a == "run") {
        return cargo_run(view, cand, cmd);
    }
    if stack == Stack::Go && cmd.program_name() == "go-wrapper" && cmd.argv.get(1).is_some_and(|a| a == "run") {
        return go_wrapper_run(view, cmd);
    }
    match stack {
        Stack::Go => {
            let go = go_build(view);
            compiled(view, cmd, go.last, &go.by_make, "Go toolchain (`go run`)", &["go"])
        }
        Stack::Rust => compiled(view, cmd, cargo_build(view, cand, cmd).map(|b| vec![b]), &[], "Rust toolchain (`cargo run`)", &["cargo", "rustc"]),
        _ => resolve_vars(stack, view, cand, cmd).map(|vars| Resolved { vars, ..Resolved::default() }),
    }
}

/// `cargo run --release [--bin X] [-- args]` after `cargo build --release`: the runtime runs the
/// binary that build made, with the same arguments. Any mismatch (profile, binary) is a refusal.
fn cargo_run(view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<Resolved, Refusal> {
    let (before, after) = match cmd.argv.iter().position(|a| a == "--") {
        Some(i) => (&cmd.argv[..i], cmd.argv[i + 1..].to_vec()),
        None => (&cmd.argv[..], Vec::new()),
    };
    let release = before.iter().any(|a| a == "--release" || a == "-r");
    let bin = before.windows(2).find(|w| matches!(w[0].as_str(), "--bin" | "-p" | "--package")).map(|w| w[1].clone());
    let lookup = RunCommand { argv: bin.clone().into_iter().collect(), ..RunCommand::default() };
    let built = cargo_build(view, cand, &lookup).map_err(|_| {
        Refusal::at(cmd.line, "the CMD runs `cargo run`, and no `cargo build` step builds the binary first; msify cannot tell what to ship")
    })?;
    let profile_ok = if release { built.path.contains("/release/") } else { built.path.contains("/debug/") };
    if !profile_ok || bin.as_ref().is_some_and(|b| *b != built.name) {
        return Err(Refusal::at(cmd.line, format!("the CMD runs `{}`, which would build something other than what line {} built ({})", cmd.argv.join(" "), built.line, built.path)));
    }
    let mut vars = Vars::new();
    vars.insert("workdir".into(), view.workdir().to_string());
    vars.insert("artifact".into(), built.path.clone());
    vars.insert("artifact_dest".into(), built.path.clone());
    vars.insert("binary".into(), built.name.clone());
    let mut argv = vec![built.path.clone()];
    argv.extend(after);
    let why = format!("`{}` needs cargo, which stays in the build stage; it runs the binary line {} built", cmd.argv.join(" "), built.line);
    Ok(Resolved { vars, command: Some((argv, why)), binaries: vec![(built.path.clone(), built.path)], ..Resolved::default() })
}

/// `go-wrapper run [args]` (the golang images' helper script until Go 1.10, gone from today's
/// images): it execs the program `go-wrapper install` put in GOPATH's bin. The runtime runs that
/// program itself, with the same arguments.
fn go_wrapper_run(view: &View, cmd: &RunCommand) -> Result<Resolved, Refusal> {
    let Some(built) = go_build(view).last?.pop() else { return Err(no_build_step(view, "go build")) };
    let dest = on_path(&built.path, &built.name);
    let mut vars = Vars::new();
    vars.insert("workdir".into(), view.workdir().to_string());
    vars.insert("artifact".into(), built.path.clone());
    vars.insert("artifact_dest".into(), dest.clone());
    vars.insert("binary".into(), built.name.clone());
    let mut argv = vec![dest.clone()];
    argv.extend(cmd.argv.iter().skip(2).cloned());
    let why = format!("`{}` runs the golang image's go-wrapper script, which today's images and the runtime lack; it runs the program line {} installed", cmd.argv.join(" "), built.line);
    Ok(Resolved { vars, command: Some((argv, why)), binaries: vec![(built.path, dest)], ..Resolved::default() })
}

/// The name `go build`/`go install` (and `go-wrapper install`) give the program of the package
/// in `dir` when no `-o` or package path names it: the last element of its import path — the
/// module path in dir/go.mod, else the import comment of `package main` (`package main //
/// import "github.com/org/app"`) — else the directory's own name (GOPATH mode).
fn package_program_name(view: &View, dir: &str) -> String {
    let module = view.script_text(&join_path(dir, "go.mod")).and_then(|text| program_name(&text.lines().find_map(module_path)?));
    let comment = || {
        view.script_text(&join_path(dir, "main.go")).and_then(|text| {
            let line = text.lines().find(|l| l.trim_start().starts_with("package main"))?;
            program_name(line.split("import").nth(1)?.trim().trim_matches('"'))
        })
    };
    module.or_else(comment).unwrap_or_else(|| Some(dir.trim_end_matches('/').basename()).filter(|n| !n.is_empty()).unwrap_or("app").to_string())
}

/// Where a compiled program goes in the runtime: where the builder had it when that directory
/// is on PATH, else /usr/local/bin (a program the CMD calls by name from GOPATH's bin).
fn on_path(path: &str, name: &str) -> String {
    let dir = path.rsplit_once('/').map(|(d, _)| if d.is_empty() { "/" } else { d }).unwrap_or("/");
    if DEFAULT_PATH.contains(&dir) {
        path.to_string()
    } else {
        format!("/usr/local/bin/{name}")
    }
}

fn resolve_vars(stack: Stack, view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<Vars, Refusal> {
    let mut vars = Vars::new();
    vars.insert("workdir".into(), view.workdir().to_string());
    match stack {
        Stack::Java => java(view, cand, cmd, &mut vars),
        Stack::Spa => spa(view, cand, cmd, &mut vars),
        _ => Ok(vars),
    }
}

/// Where a compiled binary lands: its path, and the name it is known by.
#[derive(Clone, PartialEq, Eq)]
struct Binary {
    path: String,
    name: String,
    line: usize,
}

/// Go/Rust: every program the container runs must be one the build made — the binary of the
/// last `go build`/`cargo build`/`install` (followed through `mv`/`cp`), a program installed
/// into GOPATH or CARGO_HOME (`cargo install diesel_cli` for a `diesel` in the CMD), or a path
/// the CMD names that the builder made. Each is copied to the same path, or onto PATH when the
/// CMD calls it by bare name from a directory the runtime's PATH lacks. A CMD that runs the
/// toolchain itself is refused; so is a program nothing makes.
/// `by_make` is what the stage's `make` steps built (see [`GoBuilds`]).
fn compiled(view: &View, cmd: &RunCommand, built: Result<Vec<Binary>, Refusal>, by_make: &[Binary], toolchain: &str, tools: &[&str]) -> Result<Resolved, Refusal> {
    if tools.contains(&cmd.program_name()) {
        return Err(Refusal::at(cmd.line, format!("the CMD runs the {toolchain}, which stays in the build stage; build a binary and run that")));
    }
    let mut binaries: Vec<(String, String)> = Vec::new();
    fn add(list: &mut Vec<(String, String)>, from: String, to: String) {
        if !list.iter().any(|(f, _)| *f == from) {
            list.push((from, to));
        }
    }
    let programs: Vec<String> = if cmd.programs.is_empty() { cmd.argv.first().cloned().into_iter().collect() } else { cmd.programs.clone() };
    // `sh start.sh` / `bash entrypoint.sh`: the script is a program too, and so is each program it runs.
    let mut queue: Vec<(String, bool)> = programs.iter().map(|p| (p.clone(), false)).collect();
    if let Some(script) = cmd.shell_script() {
        queue.push((if script.contains('/') { script.to_string() } else { format!("./{script}") }, false));
    }
    // The binaries added for a program a start script runs (not the CMD), for their notes.
    let mut run_by_scripts: Vec<String> = Vec::new();
    let mut links_libc: Vec<String> = Vec::new();
    let mut i = 0;
    while i < queue.len() {
        let (program, from_script) = queue[i].clone();
        i += 1;
        let added_before = binaries.len();
        let name = program.basename().to_string();
        if tools.contains(&name.as_str()) {
            let whose = if from_script { "a script the container starts" } else { "the CMD" };
            return Err(Refusal::at(cmd.line, format!("{whose} runs `{program}`: the {toolchain} stays in the build stage; build a binary and run that")));
        }
        if program.contains('/') {
            let path = join_path(view.workdir(), &program);
            match &built {
                Ok(bs) if bs.iter().any(|b| b.path == path) => add(&mut binaries, path.clone(), path),
                _ if view.builder_made(&path) => {
                    add(&mut binaries, path.clone(), path.clone());
                    // A start script: what it runs must be there too.
                    if let Some(text) = view.script_text(&path) {
                        // The program behind `exec`, `sudo -u app`, `gosu app`; one the script
                        // names by its own variable or the image's ENV (docs.rs: `BIN=target/
                        // release/cratesfyi`, then `sudo -E -u $USER $BIN database migrate`).
                        // A program named by a variable still (`exec "$@"`) is not a name to look up.
                        for (program_word, w) in crate::model::run::script_programs(&text, &|n: &str| view.stage.end.value(n)) {
                            if !w.is_empty() && !w.starts_with('$') && !crate::model::run::is_builtin(&w) && !queue.iter().any(|(q, _)| *q == w) {
                                queue.push((w, true));
                            }
                            // `exec "$@"`, `exec gosu app "$@"`: the script runs what the CMD hands
                            // it, which must be there. Not `$BIN "$@"`, where the CMD's words are
                            // arguments (docs.rs: `cratesfyi daemon --foreground`).
                            let runs_them = matches!(program_word.as_str(), "$@" | "${@}" | "$*");
                            if let Some(handed) = cmd.handed_to_entrypoint.clone().filter(|_| runs_them) {
                                if !queue.iter().any(|(q, _)| *q == handed) {
                                    queue.push((handed, false));
                                }
                            }
                        }
                    }
                }
                _ => {
                    return Err(Refusal::at(cmd.line, format!("the container runs `{program}`, which no build step makes ({}); msify cannot tell what the runtime stage needs", what_was_built(&built))));
                }
            }
        } else if let Some(b) = built.as_ref().ok().and_then(|bs| bs.iter().find(|b| b.name == name)) {
            add(&mut binaries, b.path.clone(), on_path(&b.path, &name));
        } else if view.base_has(&name) {
            // The runtime's image has it too: nothing to copy.
        } else if let Some(program) = view.installed(&name) {
            add(&mut binaries, program.path.clone(), on_path(&program.path, &name));
            links_libc.extend(program.links_libc);
        } else if let Some(path) = view.copied_onto_path(&name).filter(|p| !queue.iter().any(|(q, _)| q == p)) {
            // A script copied onto PATH (`ENTRYPOINT ["docker-entrypoint.sh"]`): read as by its path.
            queue.push((path, from_script));
        } else if !from_script {
            return Err(Refusal::at(cmd.line, format!("the container runs `{program}`, but {}; msify cannot tell what the runtime stage needs", what_was_built(&built))));
        }
        if from_script {
            run_by_scripts.extend(binaries[added_before..].iter().map(|(from, _)| from.clone()));
        }
    }
    // No start command (a tool image): ship what the build made, where the build put it —
    // its users take the programs by path (`docker cp`, `COPY --from=IMAGE /go/src/.../app`).
    if cmd.is_absent() || binaries.is_empty() {
        for b in built.as_ref().map_err(Refusal::clone)? {
            let to = if cmd.is_absent() { b.path.clone() } else { on_path(&b.path, &b.name) };
            add(&mut binaries, b.path.clone(), to);
        }
    }
    // The project's other programs the build installs (`cargo install --path admin`): the image
    // had them on PATH, so people may `docker exec` them.
    for (b, libc) in project_installs(view, by_make) {
        add(&mut binaries, b.path.clone(), on_path(&b.path, &b.name));
        links_libc.extend(libc);
    }
    // Programs the build installs from a registry that the app's own sources run (textpod calls
    // `Command::new("monolith")` after `cargo install monolith`): without them the program
    // fails at the first such call, so they go beside it. A tool only the build runs
    // (`cargo install cargo-chef`) is named by no source and stays behind.
    let mut run_by_sources: Vec<(String, String)> = Vec::new();
    for exec in view.sources_run {
        let Some(program) = view.installed(&exec.program).filter(|p| p.named && !view.base_has(&exec.program)) else { continue };
        if !binaries.iter().any(|(from, _)| *from == program.path) {
            add(&mut binaries, program.path.clone(), on_path(&program.path, &exec.program));
            run_by_sources.push((program.path, format!("{}:{}", exec.file, exec.line)));
            links_libc.extend(program.links_libc);
        }
    }
    let mut vars = Vars::new();
    vars.insert("workdir".into(), view.workdir().to_string());
    let (first, dest) = binaries[0].clone();
    vars.insert("binary".into(), first.basename().to_string());
    vars.insert("artifact".into(), first);
    vars.insert("artifact_dest".into(), dest);
    Ok(Resolved { vars, command: None, binaries, run_by_scripts, run_by_sources, links_libc })
}

/// What the build step produced, for a refusal: "the build (line 4) produces /go/bin/app".
fn what_was_built(built: &Result<Vec<Binary>, Refusal>) -> String {
    match built {
        Ok(bs) => {
            let paths: Vec<&str> = bs.iter().map(|b| b.path.as_str()).collect();
            format!("the build (line {}) produces {}", bs.first().map_or(0, |b| b.line), paths.join(", "))
        }
        Err(r) => r.reason.clone(),
    }
}

/// What the stage's Go build steps make: the programs of the last one (a refusal when none can
/// be named), and everything its `make` steps built, in turn (the ones on the image's PATH go
/// to the runtime as the project's other programs).
struct GoBuilds {
    last: Result<Vec<Binary>, Refusal>,
    by_make: Vec<Binary>,
}

/// The binaries of the stage's last Go build step: a `go build`/`go install` in a RUN, or what
/// the Makefile rules of a `make` RUN build (see [`make::run`]). Make steps build on one another:
/// `RUN make` builds bin/app, a later `RUN make install` installs it into /usr/local/bin.
fn go_build(view: &View) -> GoBuilds {
    let mut last: Option<Vec<Binary>> = None;
    let mut made: Vec<Binary> = Vec::new();
    let mut unread = None;
    for step in view.runs() {
        let mut built: Option<Vec<Binary>> = None;
        // A `go get` beside a build in the same RUN fetches what the build needs (`go get ./...
        // && go build -o /usr/local/bin/app .`): the build's output is the program. Since Go 1.18
        // `go get` installs nothing at all.
        let mut fetched: Option<Vec<Binary>> = None;
        for (cwd, words) in view.commands_in_dirs(step) {
            let got = if words.first().is_some_and(|w| crate::shell::is_make(w)) {
                match make::run(view, step, &words, &mut made) {
                    Ok(true) => Some(made.clone()),
                    Ok(false) => {
                        unread = Some(make::builds_nothing(step, &words));
                        None
                    }
                    Err(why) => {
                        unread = Some(why);
                        None
                    }
                }
            } else {
                Some(go_binaries(view, step, &words, &cwd, &[])).filter(|bs| !bs.is_empty())
            };
            if words.windows(2).any(|w| w[0] == "go" && w[1] == "get") {
                fetched = fetched.or(got);
            } else if let Some(got) = got {
                // Every build of the RUN (`go build -o watchdog . && GOARCH=arm go build -o
                // watchdog-armhf .`): each program is the RUN's output.
                let all = built.get_or_insert_with(Vec::new);
                for b in got {
                    if !all.iter().any(|a| a.path == b.path) {
                        all.push(b);
                    }
                }
            }
        }
        let built = built.or(fetched);
        if built.is_some() {
            last = built;
        }
    }
    GoBuilds { last: last.ok_or_else(|| unread.unwrap_or_else(|| no_build_step(view, "go build"))), by_make: made }
}

/// The binaries one `go build`/`go install`/`go get` command line makes, run in `workdir`:
/// one, or each main package of a `./cmd/...` pattern.
/// `env` is what the command's runner adds to the RUN's environment (a Makefile's exports).
fn go_binaries(view: &View, step: &Step, words: &[String], workdir: &str, env: &[(String, String)]) -> Vec<Binary> {
    const VALUE_FLAGS: &[&str] = &["-o", "-ldflags", "-gcflags", "-asmflags", "-tags", "-mod", "-modfile", "-pkgdir", "-buildmode", "-compiler", "-installsuffix", "-overlay", "-pgo", "-p", "-C", "-toolexec"];
    let local = run_env(step);
    let value = |k: &str| env.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()).or_else(|| local.get(k).cloned()).or_else(|| step.before.value(k));
    // `go-wrapper install`: `go install -v` of the working directory's package — under the
    // import path `.godir` names when there is one (the script links it into GOPATH and
    // installs that: skygear-server's `.godir` says github.com/skygeario/skygear-server).
    if words.windows(2).any(|w| w[0] == "go-wrapper" && w[1] == "install") {
        let godir = view.script_text(&join_path(workdir, ".godir")).and_then(|t| program_name(t.trim()));
        let name = godir.unwrap_or_else(|| package_program_name(view, workdir));
        return vec![Binary { path: view.follow_moves(&format!("{}/{name}", go_bin_dir(value))), name, line: step.line }];
    }
    // `go get` installed what it fetched before Go 1.17 (GOPATH era); `go get -d` only fetches.
    let Some(go) = words.windows(2).position(|w| w[0] == "go" && matches!(w[1].as_str(), "build" | "install" | "get")) else { return Vec::new() };
    let install = words[go + 1] != "build";
    if install && !installs_go_programs("go", &words[go + 1..]) {
        return Vec::new();
    }
    let mut out = None;
    let mut pkgs = Vec::new();
    let mut i = go + 2;
    while i < words.len() {
        let w = &words[i];
        if let Some(v) = w.strip_prefix("-o=") {
            out = Some(v.to_string());
        } else if w == "-o" {
            out = words.get(i + 1).cloned();
            i += 1;
        } else if w.starts_with('-') {
            if VALUE_FLAGS.contains(&w.as_str()) {
                i += 1;
            }
        } else {
            pkgs.push(w.clone());
        }
        i += 1;
    }
    // A pattern (`./cmd/...`) installs each main package it matches, named by its directory.
    if let Some(pattern) = pkgs.first().filter(|p| p.contains("...") && *p != "./..." && p.starts_with("./") && install && out.is_none()) {
        let bin_dir = go_bin_dir(value);
        let found = view.main_packages(workdir, pattern).into_iter().map(|dir| dir.basename().to_string());
        return found.map(|name| Binary { path: view.follow_moves(&format!("{bin_dir}/{name}")), name, line: step.line }).collect();
    }
    if pkgs.first().is_some_and(|p| p.contains("...") && p != "./...") {
        return Vec::new();
    }
    // A package path names the program; `.`, `./...` or files (`main.go`) leave it to the
    // package in the working directory.
    let pkg_name = pkgs.first().filter(|p| !matches!(p.as_str(), "." | "./..." | "./") && !p.ends_with(".go")).and_then(|p| program_name(p));
    let name = pkg_name.unwrap_or_else(|| package_program_name(view, workdir));
    let path = match (out, install) {
        (Some(o), _) => {
            let o = view.resolve(&o);
            let p = join_path(workdir, &o);
            if o.ends_with('/') { format!("{p}/{name}") } else { p }
        }
        // GOBIN, else GOPATH's bin: as the stage sets them, or the RUN itself
        // (`export GOPATH=/root/gocode && go get ...`).
        (None, true) => format!("{}/{name}", go_bin_dir(value)),
        (None, false) => join_path(workdir, &name),
    };
    let path = view.follow_moves(&path);
    let name = path.basename().to_string();
    vec![Binary { path, name, line: step.line }]
}

/// Programs the build installs from the project itself: `cargo install --path <dir>` (the
/// binaries its Cargo.toml names), `go install ./cmd/a ./cmd/b`, and what a `make` builds onto
/// the image's PATH (`make PREFIX=/go binaries` makes `registry` and `digest` in /go/bin). Tools
/// installed from a registry (`cargo install cargo-chef`) are not among them: the build may only
/// need them.
///
/// With each, why it links the builder's C library when it does (see [`View::go_links_libc`]).
fn project_installs(view: &View, by_make: &[Binary]) -> Vec<(Binary, Option<String>)> {
    let path_dirs = crate::model::path_dirs(&view.stage.end);
    let mut out: Vec<(Binary, Option<String>)> = by_make.iter().filter(|b| b.path.rsplit_once('/').is_some_and(|(dir, _)| path_dirs.iter().any(|d| d == dir))).map(|b| (b.clone(), None)).collect();
    for step in view.runs() {
        let local = run_env(step);
        let value = |k: &str| local.get(k).cloned().or_else(|| step.before.value(k));
        for command in step.run.iter().flat_map(|fx| fx.commands.iter()) {
            let words = &command.words;
            if let Some(at) = words.windows(2).position(|w| w[0] == "cargo" && w[1] == "install") {
                let Some(dir) = cargo_install_path(&words[at + 2..]) else { continue };
                let root = cargo_root(value);
                let selected = cargo_selected_bins(&words[at + 2..]);
                let chosen = |name: &String| selected.as_ref().map_or(true, |bins| bins.contains(name));
                for name in view.manifest_binaries(&step.before.workdir, &dir).unwrap_or_default().into_iter().filter(chosen) {
                    out.push((Binary { path: format!("{}/bin/{name}", view.resolve(&root)), name, line: step.line }, None));
                }
            } else if let Some(at) = words.windows(2).position(|w| w[0] == "go" && w[1] == "install") {
                let bin_dir = go_bin_dir(value);
                let pkgs = words[at + 2..].iter().filter(|w| w.starts_with("./") && !w.contains("...") && !w.ends_with(".go"));
                for name in pkgs.map(|p| p.trim_end_matches('/').basename()).filter(|n| !n.is_empty() && *n != ".") {
                    out.push((Binary { path: format!("{bin_dir}/{name}"), name: name.to_string(), line: step.line }, view.go_links_libc(step, command, name)));
                }
            }
        }
    }
    out
}

/// Variables a RUN exports or assigns for its own commands (`export GOPATH=/x`, `GOBIN=/y`).
fn run_env(step: &Step) -> BTreeMap<String, String> {
    step.run.as_ref().map(|fx| crate::shell::assigned_values(&fx.commands)).unwrap_or_default()
}

/// The last `cargo build`/`cargo install`, and which of its binaries the CMD runs.
fn cargo_build(view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<Binary, Refusal> {
    for step in view.runs().collect::<Vec<_>>().into_iter().rev() {
        for (cwd, words) in view.commands_in_dirs(step) {
            let Some(at) = words.windows(2).position(|w| w[0] == "cargo" && (w[1] == "build" || w[1] == "install")) else { continue };
            let args = &words[at + 2..];
            let flag = |names: &[&str]| {
                args.iter().enumerate().find_map(|(i, w)| {
                    names.iter().find_map(|n| {
                        if w == n {
                            args.get(i + 1).cloned()
                        } else {
                            w.strip_prefix(&format!("{n}=")).map(str::to_string)
                        }
                    })
                })
            };
            let program = cmd.program();
            let named = flag(&["--bin", "-p", "--package"]).or_else(|| cand.fact("binary").map(str::to_string)).unwrap_or_default();
            let dir = if words[at + 1] == "install" {
                let root = flag(&["--root"]).unwrap_or_else(|| cargo_root(|k| step.before.value(k)));
                format!("{}/bin", join_path(&cwd, &view.resolve(&root)))
            } else {
                let profile = if args.iter().any(|a| a == "--release" || a == "-r") {
                    "release".to_string()
                } else {
                    match flag(&["--profile"]).as_deref() {
                        Some("dev") | None => "debug".to_string(),
                        Some(p) => p.to_string(),
                    }
                };
                let target_dir = flag(&["--target-dir"]).or_else(|| step.before.value("CARGO_TARGET_DIR")).unwrap_or_else(|| "target".into());
                let base = join_path(&cwd, &view.resolve(&target_dir));
                match flag(&["--target"]) {
                    Some(t) => format!("{base}/{t}/{profile}"),
                    None => format!("{base}/{profile}"),
                }
            };
            // The CMD says which binary: a path inside the output directory, or a bare name.
            let from_cmd = if program.contains('/') {
                let p = join_path(view.workdir(), program);
                p.strip_prefix(&format!("{dir}/")).filter(|n| !n.contains('/')).map(str::to_string)
            } else if cand.fact("binaries").is_some_and(|b| b.split_whitespace().any(|n| n == program)) {
                Some(program.to_string())
            } else {
                None
            };
            let name = from_cmd.unwrap_or(named);
            if name.is_empty() {
                return Err(Refusal::at(Some(step.line), "cannot tell which binary `cargo` builds (no package name); name it with --bin"));
            }
            let path = view.follow_moves(&format!("{dir}/{name}"));
            return Ok(Binary { name: path.basename().to_string(), path, line: step.line });
        }
    }
    Err(no_build_step(view, "cargo build"))
}

/// No `go build`/`cargo build` names the binary: say which RUN builds some other way (`make`,
/// a build script), which msify does not read, and what to write instead.
fn no_build_step(view: &View, build: &str) -> Refusal {
    let other = view.runs().find_map(|s| {
        s.run.iter().flat_map(|fx| fx.commands.iter()).find(|c| matches!(c.program(), "make" | "gmake" | "just" | "task" | "mage") || c.program().ends_with(".sh") || c.words.first().is_some_and(|w| w.starts_with("./"))).map(|c| (s.line, c.program().to_string()))
    });
    match other {
        Some((line, program)) => Refusal::at(Some(line), format!("line {line} builds with `{program}`, which msify does not read (no `{build}` in the Dockerfile names the binary: build it with `{build}` in a RUN to have it copied)")),
        None => Refusal::new(format!("no `{build}` step in the Dockerfile: msify cannot tell which binary to ship")),
    }
}

fn java(view: &View, cand: &Candidate, cmd: &RunCommand, vars: &mut Vars) -> Result<Vars, Refusal> {
    const BUILD_TOOLS: &[&str] = &["mvn", "mvnw", "gradle", "gradlew"];
    if BUILD_TOOLS.contains(&cmd.program_name()) {
        return Err(Refusal::at(cmd.line, format!("the CMD runs the build tool (`{}`), which stays in the build stage; run the built jar with `java -jar`", cmd.program())));
    }
    let build = view.runs().filter(|s| {
        view.commands(s).iter().any(|w| {
            // The JDK's own `jar` tool: `jar cf app.jar ...`, `jar --create --file app.jar ...`.
            if w.first().is_some_and(|t| t == "jar") && w.get(1).is_some_and(|f| (f.starts_with('c') && !f.starts_with('-')) || f.starts_with("--create") || f.starts_with("-c")) {
                return true;
            }
            let tool = w.iter().position(|x| BUILD_TOOLS.iter().any(|t| x.basename() == *t));
            tool.is_some_and(|t| {
                w[t..].iter().any(|g| {
                    matches!(g.as_str(), "package" | "install" | "verify" | "build" | "jar" | "bootJar" | "assemble" | "shadowJar" | "installDist" | "quarkusBuild")
                })
            })
        })
    }).last();
    let Some(build) = build else {
        return Err(Refusal::new("no Maven/Gradle (or `jar`) step builds a jar (package, install, build, jar, bootJar...): nothing to ship"));
    };
    if cmd.program_name() != "java" {
        // A start script the build made (`gradle installDist`: build/install/<name>/bin/<name>):
        // the whole distribution (bin/ and lib/) ships; the script runs the JRE's java.
        let path = join_path(view.workdir(), cmd.program());
        if let Some((dist, _)) = path.rsplit_once("/bin/").filter(|_| cmd.program().contains('/') && view.builder_made(&path)) {
            vars.insert("jar_glob".into(), dist.to_string());
            vars.insert("jar_dir".into(), dist.to_string());
            vars.insert("artifact".into(), dist.to_string());
            vars.insert("artifact_dest".into(), dist.to_string());
            return Ok(vars.clone());
        }
        return Err(Refusal::at(cmd.line, format!("the container runs `{}` rather than `java`; msify cannot tell what the runtime stage needs", cmd.program())));
    }
    let jar_word = cmd.argv.iter().flat_map(|a| a.split(':')).find(|a| a.ends_with(".jar")).map(|a| a.to_string());
    let archives = started_archives(view, cmd);
    let (artifact, dest) = match jar_word {
        // A runner jar started with the application beside it (plantuml-server: `java -jar
        // target/dependency/jetty-runner.jar target/plantuml.war`): the directory that holds
        // them all ships.
        Some(_) if archives.len() > 1 => {
            let dir = common_dir(&archives);
            if dir == "/" || dir == view.workdir() {
                return Err(Refusal::at(cmd.line, format!("the start command runs several archives ({}) that have no build directory in common: msify copies one; put them in one directory (target/)", archives.join(", "))));
            }
            (dir.clone(), dir)
        }
        Some(jar) if jar.contains("quarkus-app") => {
            let path = join_path(view.workdir(), &view.resolve(&jar));
            let dir = path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or(path);
            (dir.clone(), dir)
        }
        Some(jar) => {
            let path = join_path(view.workdir(), &view.resolve(&jar));
            let dir = path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_else(|| "/".into());
            (path, format!("{dir}/"))
        }
        None => {
            let glob = cand.fact("jar_glob").unwrap_or("target/*.jar");
            let path = join_path(&build.before.workdir, glob);
            let dir = path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_else(|| "/".into());
            if glob.ends_with(".jar") { (path, format!("{dir}/")) } else { (path.clone(), path) }
        }
    };
    vars.insert("jar_glob".into(), artifact.clone());
    vars.insert("jar_dir".into(), dest.trim_end_matches('/').to_string());
    vars.insert("artifact".into(), artifact);
    vars.insert("artifact_dest".into(), dest);
    Ok(vars.clone())
}

/// The archives a `java` start command names (`-jar runner.jar app.war`, `-cp a.jar:b.jar`),
/// as absolute paths, each once.
fn started_archives(view: &View, cmd: &RunCommand) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in cmd.argv.iter().skip(1).flat_map(|a| a.split(':')).filter(|a| [".jar", ".war", ".ear"].iter().any(|e| a.ends_with(e)) && !a.contains('*')) {
        let path = join_path(view.workdir(), &view.resolve(word));
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// The deepest directory holding every path.
fn common_dir(paths: &[String]) -> String {
    let dirs: Vec<&str> = paths.iter().map(|p| p.rsplit_once('/').map_or("/", |(d, _)| if d.is_empty() { "/" } else { d })).collect();
    let mut common = dirs.first().copied().unwrap_or("/").to_string();
    while !dirs.iter().all(|d| crate::model::is_within(d, &common)) {
        common = common.rsplit_once('/').map_or("/".to_string(), |(d, _)| if d.is_empty() { "/".to_string() } else { d.to_string() });
    }
    common
}

/// The directory the start command's file server ran in: its working directory, after the
/// `cd`s detection found before the server (`cd ../client && npx serve -s build`).
fn served_from(view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<String, Refusal> {
    match cand.fact("served_from") {
        None => Ok(view.workdir().to_string()),
        Some(from) if from.contains('$') || from.starts_with('~') => Err(Refusal::at(
            cmd.line,
            format!("the start command changes to `{from}` before it serves its files, a directory msify cannot resolve; write it as a path (`cd /app/client`)"),
        )),
        Some(from) => Ok(join_path(view.workdir(), from)),
    }
}

/// A static site: where its files are built (the build step's directory and the framework's
/// output, or the directory the start command served), the port it was served on, and whether
/// the builder must run the build itself (the original only ran a dev server).
fn spa(view: &View, cand: &Candidate, cmd: &RunCommand, vars: &mut Vars) -> Result<Vars, Refusal> {
    let build = view.runs().filter(|s| view.commands(s).iter().any(|w| super::frontend_assets::builds_frontend(w))).last();
    let out = cand.fact("output_dir").unwrap_or("dist").to_string();
    if cand.is("served_by_base") {
        // Built inside the web server's own image: where the server serves from is what ships.
        let web_root = match configured_roots(view).as_slice() {
            [] => view.web_root().ok_or_else(|| Refusal::new("the image is a web server msify has no facts about (where it serves files from); add it to a knowledge/images.toml with `web_root`"))?,
            [root] if root.dir.starts_with('/') && !root.dir.contains('$') => root.dir.clone(),
            [root] => return Err(Refusal::at(Some(root.line), format!("{} (copied on line {}) serves files from `{}`, a directory msify cannot resolve; write it as an absolute path", root.file, root.line, root.dir))),
            [first, second, ..] => {
                return Err(Refusal::at(
                    Some(second.line),
                    format!("the server's configuration serves files from {} ({}) and {} ({}); msify copies one web root: serve the site from one directory, or split the file by hand", first.dir, first.file, second.dir, second.file),
                ))
            }
        };
        vars.insert("web_root".into(), web_root);
        return Ok(vars.clone());
    }
    let (dir, output) = match (cand.fact("served_dir"), build) {
        // `serve -s build` / `serve .`: the directory the original served, from where it ran
        // (the start's working directory, after the `cd`s before the server).
        (Some(served), _) => (served_from(view, cand, cmd)?, served.to_string()),
        (None, Some(b)) => (b.before.workdir.clone(), out),
        (None, None) if cand.is("build_script_serves") => {
            let script = cand.fact("build_script").unwrap_or_default();
            return Err(Refusal::at(
                cmd.line,
                format!("the container runs the frontend's dev server, and the package's build script (`{script}`) starts a dev server too: no script writes a production build to serve. Add one that builds to files (`webpack --mode production`, `vite build`) as `build`, and msify will serve its output"),
            ));
        }
        (None, None) if cand.is("dev_server") => {
            // Only a dev server ran: the builder runs the production build, where the dev server ran.
            let pm = cand.fact("package_manager").unwrap_or("npm");
            let script = if cand.fact("frontend") == Some("nuxt") { "generate" } else { "build" };
            vars.insert("needs_build".into(), "true".into());
            let run = if pm == "npm" { format!("npm run {script}") } else { format!("{pm} {script}") };
            // With the variables the dev server had (`DISABLE_ESLINT_PLUGIN=true`).
            let env = cand.fact("dev_server_env").map(|e| format!("{e} ")).unwrap_or_default();
            vars.insert("build_command".into(), format!("{env}{run}"));
            (view.workdir().to_string(), out)
        }
        (None, None) => return Err(Refusal::new("no build step (`npm run build`, `yarn build`, `ng build`...) produces the static site")),
    };
    vars.insert("output_dir".into(), output.clone());
    vars.insert("workdir".into(), dir.clone());
    vars.insert("site".into(), join_path(&dir, &output));
    let exposed = view
        .stage
        .of("expose")
        .flat_map(|s| s.ins.args.split_whitespace().map(|p| view.resolve(p)).collect::<Vec<_>>())
        .map(|p| p.split('/').next().unwrap_or("").to_string())
        .find(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let port = exposed.or_else(|| served_port(cmd)).or_else(|| cand.fact("dev_port").map(str::to_string)).unwrap_or_else(|| "80".into());
    vars.insert("port".into(), port);
    Ok(vars.clone())
}

/// A directory the server's configuration serves files from, the context file that says so and
/// the line of the COPY that put it in the image.
struct ConfiguredRoot {
    dir: String,
    file: String,
    line: usize,
}

/// Where the server's configuration, as the Dockerfile copies it into the image's
/// configuration directories, serves files from (each directory once). longhorn-ui builds its
/// site into /web/dist inside nginx's own image, and its nginx.conf.template says `root
/// /web/dist;`: nginx's default web root is not the site.
fn configured_roots(view: &View) -> Vec<ConfiguredRoot> {
    let Some(facts) = view.stage.base.facts() else { return Vec::new() };
    let (Some(directive), Some(dirs)) = (facts.web_root_directive.as_deref(), facts.config_dirs.as_deref()) else { return Vec::new() };
    let mut out: Vec<ConfiguredRoot> = Vec::new();
    for s in view.stage.of("copy").chain(view.stage.of("add")) {
        let Some(c) = s.copy.as_ref().filter(|c| c.from.is_none() && dirs.iter().any(|d| crate::model::is_within(&c.dest, d))) else { continue };
        for target in c.sources.iter().map(|src| c.target_of(src)) {
            let files: Vec<String> = match (view.context_file)(&target) {
                Some(_) => vec![target.clone()],
                None => (view.context_entries)(&target).into_iter().filter(|(_, dir)| !dir).map(|(name, _)| join_path(&target, &name)).collect(),
            };
            for file in files {
                let Some(text) = (view.context_file)(&file) else { continue };
                for dir in roots_in(&text, directive) {
                    if !out.iter().any(|r| r.dir == dir) {
                        out.push(ConfiguredRoot { dir, file: file.clone(), line: s.line });
                    }
                }
            }
        }
    }
    out
}

/// The directories a server configuration's `directive` lines name (their last word, without
/// `;` and quotes); comments skipped. Apache's directives ignore case, nginx's are lower case.
fn roots_in(text: &str, directive: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| l.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case(directive)))
        .filter_map(|l| l.split_whitespace().nth(1).and(l.split_whitespace().last()))
        .map(|w| w.trim_end_matches(';').trim_matches('"').trim_matches('\'').trim_end_matches('/').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The port a start command names: `serve -l 3000`, `--listen tcp://0.0.0.0:8080`, `--port 5173`.
fn served_port(cmd: &RunCommand) -> Option<String> {
    cmd.argv.windows(2).find(|w| matches!(w[0].as_str(), "-l" | "--listen" | "-p" | "--port")).map(|w| w[1].rsplit(':').next().unwrap_or(&w[1]).to_string()).filter(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty())
}

/// Whether a step installs Python dependencies (where a virtualenv must exist first).
pub fn installs_python_packages(s: &Step) -> bool {
    s.run.as_ref().is_some_and(|fx| fx.commands.iter().any(|c| command_installs_python_packages(&c.words)))
}

/// Whether one command installs Python packages: pip, pipenv or poetry `install`, `pip-sync`,
/// `python -m pip install`, `uv pip install`, `setup.py install`, `easy_install`.
pub fn command_installs_python_packages(w: &[String]) -> bool {
    // `pip --no-cache-dir install x`: pip's options may come before its command.
    let tool_installs = |at: usize| w[at + 1..].iter().find(|a| !a.starts_with('-')).is_some_and(|a| a == "install");
    w.iter().enumerate().any(|(at, p)| matches!(p.basename(), "pip" | "pip3" | "pipenv" | "poetry") && tool_installs(at))
        || w.windows(3).any(|p| p[0] == "-m" && p[1] == "pip" && p[2] == "install")
        || w.windows(3).any(|p| p[0] == "uv" && p[1] == "pip" && p[2] == "install")
        || crate::model::run::runs_setup_py_install(w)
        || w.first().is_some_and(|p| matches!(p.basename(), "easy_install" | "pip-sync"))
}

#[cfg(test)]
mod tests {
    use super::roots_in;

    #[test]
    fn web_roots_a_server_configuration_names() {
        let nginx = "server {\n    root /web/dist;  # the build's output\n    # root /old;\n    location /a { alias /x/; }\n}\n";
        assert_eq!(roots_in(nginx, "root"), ["/web/dist"]);
        assert_eq!(roots_in("DocumentRoot \"/srv/site/\"\n", "DocumentRoot"), ["/srv/site"]);
        assert_eq!(roots_in("documentroot /srv\n", "DocumentRoot"), ["/srv"], "Apache's directives ignore case");
        assert_eq!(roots_in(":80 {\n    root * /srv\n}\n", "root"), ["/srv"], "Caddy's matcher comes before the directory");
        assert!(roots_in("rootless on;\n", "root").is_empty());
    }
}

//! What must move from the builder to the runtime, read from the Dockerfile's own build commands
//! (`go build -o`, `cargo build --release`, `mvn package`, `npm run build`) and checked against
//! what the CMD/ENTRYPOINT actually runs. The result is a set of template placeholders; a command
//! that needs the toolchain, or an artifact msify cannot pin down, is a refusal with a reason.

use super::Refusal;
use crate::detect::{Candidate, Stack};
use crate::model::{join_path, RunCommand, StageModel, Step, DEFAULT_PATH};
use crate::syntax::Dockerfile;
use std::collections::BTreeMap;

/// A stage and its file, which the readers below need together.
pub struct View<'v, 'a> {
    pub df: &'a Dockerfile,
    pub stage: &'v StageModel<'a>,
}

impl<'v, 'a> View<'v, 'a> {
    fn runs(&self) -> impl Iterator<Item = &'v Step<'a>> + 'v {
        self.stage.steps.iter().filter(|s| s.kw == "run")
    }
    fn commands(&self, s: &Step) -> Vec<Vec<String>> {
        s.run.as_ref().map(|fx| fx.commands.iter().map(|c| c.words.clone()).collect()).unwrap_or_default()
    }
    /// Known variable values at the end of the stage put into `text`.
    fn resolve(&self, text: &str) -> String {
        crate::shell::expand(text, &|n: &str| self.stage.end.value(n))
    }
    fn workdir(&self) -> &str {
        &self.stage.end.workdir
    }
}

pub type Vars = BTreeMap<String, String>;

/// What the runtime stage needs: placeholder values, and — when the user's command only works
/// with the toolchain (`cargo run --release` after `cargo build --release`) — the command that
/// runs the built artifact instead.
#[derive(Debug, Default)]
pub struct Resolved {
    pub vars: Vars,
    pub command: Option<(Vec<String>, String)>,
}

pub fn resolve(stack: Stack, view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<Resolved, Refusal> {
    if stack == Stack::Rust && cmd.program_name() == "cargo" && cmd.argv.get(1).is_some_and(|a| a == "run") {
        return cargo_run(view, cand, cmd);
    }
    resolve_vars(stack, view, cand, cmd).map(|vars| Resolved { vars, command: None })
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
    Ok(Resolved { vars, command: Some((argv, why)) })
}

fn resolve_vars(stack: Stack, view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<Vars, Refusal> {
    let mut vars = Vars::new();
    vars.insert("workdir".into(), view.workdir().to_string());
    match stack {
        Stack::Go => compiled(view, cmd, &mut vars, go_build(view, cand)?, "Go toolchain (`go run`)", &["go"]),
        Stack::Rust => compiled(view, cmd, &mut vars, cargo_build(view, cand, cmd)?, "Rust toolchain (`cargo run`)", &["cargo", "rustc"]),
        Stack::Java => java(view, cand, cmd, &mut vars),
        Stack::Spa => spa(view, cand, &mut vars),
        Stack::Nextjs | Stack::Node | Stack::Python => Ok(vars),
    }
}

/// Where a compiled binary lands: its path, and the name it is known by.
struct Binary {
    path: String,
    name: String,
    line: usize,
}

/// Go/Rust: the CMD must run the built binary; it is copied to the same path (or onto PATH when
/// the CMD calls it by bare name from a directory the runtime's PATH lacks).
fn compiled(view: &View, cmd: &RunCommand, vars: &mut Vars, bin: Binary, toolchain: &str, tools: &[&str]) -> Result<Vars, Refusal> {
    let program = cmd.program();
    if tools.contains(&cmd.program_name()) {
        return Err(Refusal::at(cmd.line, format!("the CMD runs the {toolchain}, which stays in the build stage; build a binary and run that")));
    }
    let runs_binary = if program.contains('/') {
        join_path(view.workdir(), program) == bin.path
    } else {
        program == bin.name
    };
    if !runs_binary {
        return Err(Refusal::at(
            cmd.line,
            format!("the container runs `{program}`, but the build (line {}) produces {}; msify cannot tell what the runtime stage needs", bin.line, bin.path),
        ));
    }
    let dir = bin.path.rsplit_once('/').map(|(d, _)| if d.is_empty() { "/" } else { d }).unwrap_or("/");
    let dest = if !program.contains('/') && !DEFAULT_PATH.contains(&dir) {
        format!("/usr/local/bin/{}", bin.name)
    } else {
        bin.path.clone()
    };
    vars.insert("artifact".into(), bin.path);
    vars.insert("artifact_dest".into(), dest);
    vars.insert("binary".into(), bin.name);
    Ok(vars.clone())
}

/// The last `go build`/`go install` of the stage.
fn go_build(view: &View, cand: &Candidate) -> Result<Binary, Refusal> {
    const VALUE_FLAGS: &[&str] = &["-o", "-ldflags", "-gcflags", "-asmflags", "-tags", "-mod", "-modfile", "-pkgdir", "-buildmode", "-compiler", "-installsuffix", "-overlay", "-pgo", "-p", "-C", "-toolexec"];
    for step in view.runs().collect::<Vec<_>>().into_iter().rev() {
        for words in view.commands(step) {
            let Some(go) = words.windows(2).position(|w| w[0] == "go" && (w[1] == "build" || w[1] == "install")) else { continue };
            let install = words[go + 1] == "install";
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
            let pkg_name = pkgs
                .first()
                .filter(|p| !matches!(p.as_str(), "." | "./..."))
                .and_then(|p| p.trim_end_matches('/').rsplit('/').next().map(str::to_string))
                .filter(|n| !n.is_empty() && *n != "." && !n.ends_with(".go"));
            let name = pkg_name.or_else(|| cand.fact("binary").map(str::to_string)).unwrap_or_else(|| "app".into());
            let path = match (out, install) {
                (Some(o), _) => {
                    let o = view.resolve(&o);
                    let p = join_path(&step.before.workdir, &o);
                    if o.ends_with('/') { format!("{p}/{name}") } else { p }
                }
                (None, true) => {
                    let bin_dir = step.before.value("GOBIN").unwrap_or_else(|| format!("{}/bin", step.before.value("GOPATH").unwrap_or_else(|| "/go".into())));
                    format!("{bin_dir}/{name}")
                }
                (None, false) => join_path(&step.before.workdir, &name),
            };
            let name = path.rsplit('/').next().unwrap_or(&name).to_string();
            return Ok(Binary { path, name, line: step.line });
        }
    }
    Err(Refusal::new("no `go build` step in the Dockerfile: msify cannot tell which binary to ship"))
}

/// The last `cargo build`/`cargo install`, and which of its binaries the CMD runs.
fn cargo_build(view: &View, cand: &Candidate, cmd: &RunCommand) -> Result<Binary, Refusal> {
    for step in view.runs().collect::<Vec<_>>().into_iter().rev() {
        for words in view.commands(step) {
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
                let root = flag(&["--root"])
                    .or_else(|| step.before.value("CARGO_INSTALL_ROOT"))
                    .or_else(|| step.before.value("CARGO_HOME"))
                    .unwrap_or_else(|| "/usr/local/cargo".into());
                format!("{}/bin", join_path(&step.before.workdir, &view.resolve(&root)))
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
                let base = join_path(&step.before.workdir, &view.resolve(&target_dir));
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
            return Ok(Binary { path: format!("{dir}/{name}"), name, line: step.line });
        }
    }
    Err(Refusal::new("no `cargo build` step in the Dockerfile: msify cannot tell which binary to ship"))
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
            let tool = w.iter().position(|x| BUILD_TOOLS.iter().any(|t| x.rsplit('/').next() == Some(t)));
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
        return Err(Refusal::at(cmd.line, format!("the container runs `{}` rather than `java`; msify cannot tell what the runtime stage needs", cmd.program())));
    }
    let jar_word = cmd.argv.iter().flat_map(|a| a.split(':')).find(|a| a.ends_with(".jar")).map(|a| a.to_string());
    let (artifact, dest) = match jar_word {
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

fn spa(view: &View, cand: &Candidate, vars: &mut Vars) -> Result<Vars, Refusal> {
    let is_build = |w: &Vec<String>| {
        let pm = w.iter().position(|x| matches!(x.as_str(), "npm" | "yarn" | "pnpm" | "bun" | "npx" | "ng" | "vite" | "react-scripts" | "vue-cli-service"));
        pm.is_some_and(|i| w[i..].iter().any(|x| x == "build" || x.starts_with("build:")))
    };
    let Some(build) = view.runs().filter(|s| view.commands(s).iter().any(is_build)).last() else {
        return Err(Refusal::new("no build step (`npm run build`, `yarn build`, `ng build`...) produces the static site"));
    };
    let out = cand.fact("output_dir").unwrap_or("dist");
    vars.insert("output_dir".into(), out.to_string());
    vars.insert("workdir".into(), build.before.workdir.clone());
    let port = view
        .stage
        .of("expose")
        .flat_map(|s| s.ins.args.split_whitespace().map(|p| view.resolve(p)).collect::<Vec<_>>())
        .map(|p| p.split('/').next().unwrap_or("").to_string())
        .find(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| "80".into());
    vars.insert("port".into(), port);
    Ok(vars.clone())
}

/// Whether a step installs Python dependencies (where a virtualenv must exist first).
pub fn installs_python_packages(s: &Step) -> bool {
    s.run.as_ref().is_some_and(|fx| {
        fx.commands.iter().map(|c| &c.words).any(|w| {
            w.windows(2).any(|p| {
                (matches!(p[0].as_str(), "pip" | "pip3" | "pipenv" | "poetry") && p[1] == "install") || (p[0] == "pip" && p[1] == "pip-sync")
            }) || w.windows(3).any(|p| p[0] == "-m" && p[1] == "pip" && p[2] == "install")
                || w.windows(3).any(|p| p[0] == "uv" && p[1] == "pip" && p[2] == "install")
        })
    })
}

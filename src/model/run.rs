//! What a RUN does to its stage, read from its shell text with [`crate::shell`]: the programs it
//! calls, the packages it installs, the users it creates, the paths it writes, changes the owner
//! of or needs to exist, the variables it needs, and what needs root. This is the one reader of
//! RUN text: detection, the planner and the stage model all ask it.

use crate::paths::Basename;
use super::state::{join_path, State};
use crate::shell::{self, Command};

/// A package install: `apt-get install -y gcc libpq-dev` → (`apt`, [gcc, libpq-dev]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Install {
    pub manager: &'static str,
    pub packages: Vec<String>,
    /// apt also installs the packages these recommend (no `--no-install-recommends`, no
    /// `-o APT::Install-Recommends=false`): a program from one of them may need one (xvfb-run
    /// needs xauth, which xvfb only recommends). Always false for apk, which has no such notion.
    pub with_recommends: bool,
}

/// A path a command creates or writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    pub path: String,
    /// A directory whose contents the command fills (`tar -C`, `npm ci`'s node_modules).
    pub tree: bool,
    pub how: String,
}

/// A file or tree a command moved or copied (`mv bin/app /usr/local/bin` → from `/src/bin/app`
/// to `/usr/local/bin/app`), and the program that did: `mv` leaves nothing where it was; `cp`,
/// `install` and `rsync` leave the source too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: String,
    pub to: String,
    pub program: String,
}

#[derive(Clone, Debug, Default)]
pub struct RunEffects {
    pub commands: std::sync::Arc<[Command]>,
    /// The directory each command runs in: the WORKDIR, changed by the RUN's own `cd`
    /// (`cd /source && cargo build` builds in /source). One per command.
    pub dirs: Vec<String>,
    /// Programs called, by name as written (`pip`, `./start.sh`, `/usr/bin/make`).
    pub programs: Vec<String>,
    /// Variables read without a fallback and not defined earlier in the same RUN.
    pub required_vars: Vec<String>,
    pub users_created: Vec<String>,
    /// Home directories the user commands would create, in order among the writes.
    pub homes: Vec<Home>,
    /// Every account's home as its passwd entry has it, created or not: (user, path). HOME
    /// is set from it for a container running as that user.
    pub account_homes: Vec<(String, String)>,
    pub installs: Vec<Install>,
    pub writes: Vec<Write>,
    /// Files written by a program's own operand rather than a path it creates (`tee FILE`, `sed
    /// -i … FILE`): apart from [`writes`](Self::writes), since a build's `tee /etc/apt/…` is
    /// no output to ship, while a start script's `tee /flag` must be writable by its user.
    pub edits: Vec<Write>,
    /// (owner, path, recursive)
    pub chowns: Vec<(String, String, bool)>,
    /// (mode as written, path, recursive): `chmod -R g=u .` → (`g=u`, the working directory, true).
    pub chmods: Vec<(String, String, bool)>,
    /// Absolute paths that must exist already, and the command that needs them.
    pub uses: Vec<(String, String)>,
    /// Commands that need root, as said to the user (`apt-get install`, `mkdir /opt/venv`).
    pub needs_root: Vec<String>,
    /// It may put programs msify cannot name on PATH (pip, npm -g, go install, cargo install).
    pub opens_path: bool,
    /// Virtualenvs it creates (`python -m venv X`, `virtualenv X`, `uv venv X`).
    pub venvs: Vec<String>,
    /// Programs it puts on PATH by name (`corepack enable` → pnpm, yarn; `ln -s ... /usr/local/bin/x` → x).
    pub adds_programs: Vec<String>,
    /// Project directories linked into npm's global packages (`npm link`, `npm install -g .`):
    /// their package.json `bin` entries land on PATH as symlinks into the directory.
    pub global_links: Vec<String>,
    /// Files moved or copied, paths resolved.
    pub moves: Vec<Move>,
    /// Directories `mkdir` makes without `-p` (and no `||` after it): the RUN fails when one
    /// exists already.
    pub strict_mkdirs: Vec<String>,
    /// Packages it removes (`apt-get purge gcc`, `apt-get remove *-dev`, `apk del .build-deps`),
    /// as written: names or patterns.
    pub removes: Vec<String>,
    /// Paths `rm` deletes, resolved, in order among the writes: (path, how many of `writes`
    /// came before it). `dir/*` deletes what is in `dir`: (`dir/*`, n). Other patterns are not
    /// followed.
    pub deletes: Vec<(String, usize)>,
    /// Package repositories it adds (`add-apt-repository ppa:…`, a list written into
    /// /etc/apt/sources.list.d): a package installed after one may come from there, and an
    /// image without it cannot install that package the same way. (repository, how many of
    /// [`installs`](Self::installs) came before it).
    pub apt_sources: Vec<(String, usize)>,
}

/// A home directory `useradd -m` or `adduser` would make for `user`: only if `path` does not
/// exist yet when the command runs — useradd, Debian's adduser and busybox's all leave an
/// existing directory as it is, owner included (checked on the engine for the first two;
/// busybox's `mkdir` fails and skips its `chown`). Hence the position among the RUN's writes
/// (how many came before it): `mkdir /app && useradd -m -d /app app` leaves /app root's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Home {
    pub user: String,
    pub path: String,
    pub writes_before: usize,
}

/// Shell builtins and keywords: not programs on PATH.
const BUILTINS: &[&str] = &[
    "cd", "export", "echo", "set", "unset", "test", "[", "[[", "true", "false", "exit", "source", ".", "eval", "read", "local", "printf", ":", "trap", "umask",
    "wait", "shift", "type", "command", "hash", "alias", "return", "break", "continue", "for", "select", "case", "declare", "readonly", "typeset", "ulimit", "pwd", "exec",
];

/// The directories an npm command links into the global packages, as written: `npm link`,
/// `npm link .` and `npm install -g .`/`npm i -g ./tool` (npm 5+ links a folder rather than
/// copying it), and `npm install -g` with no package (the current one). A package name (`npm
/// link lodash`, `npm i -g http-server`) or a tarball is not a link of the project.
fn npm_links(program: &str, args: &[String]) -> Vec<String> {
    if program != "npm" {
        return Vec::new();
    }
    let Some(sub) = args.first() else { return Vec::new() };
    let global = args.iter().any(|a| a == "-g" || a == "--global");
    let link = matches!(sub.as_str(), "link" | "ln");
    if !link && !(global && matches!(sub.as_str(), "install" | "i" | "add")) {
        return Vec::new();
    }
    let operands: Vec<&String> = args[1..].iter().filter(|a| !a.starts_with('-')).collect();
    if operands.is_empty() {
        return vec![".".into()];
    }
    let folder = |a: &&String| (a.starts_with('.') || a.starts_with('/')) && !a.ends_with(".tgz") && !a.ends_with(".tar.gz");
    operands.into_iter().filter(folder).cloned().collect()
}

/// The programs a global install of registry packages puts on PATH, as far as the names tell:
/// an unscoped package's own name (`npm install -g nodemon@2` → nodemon, `yarn global add
/// serve`). A package whose command is named otherwise (`@angular/cli` → ng) stays unknown, as
/// the PATH it opens already says.
fn global_package_programs(program: &str, args: &[String]) -> Vec<String> {
    let sub = match (program, args.first().map(String::as_str)) {
        ("yarn" | "pnpm", Some("global")) => args.get(1).map(String::as_str),
        (_, first) => first,
    };
    if !matches!(sub, Some("install" | "i" | "add")) {
        return Vec::new();
    }
    let package = |a: &&String| !a.starts_with(['-', '@', '.', '/', '$']) && !a.contains(['/', ':']) && !matches!(a.as_str(), "global" | "install" | "i" | "add");
    args.iter().filter(package).map(|a| a.split('@').next().unwrap_or(a).to_string()).filter(|n| !n.is_empty()).collect()
}

/// Whether `args` hold a short flag (alone or in a bundle: `-p`, `-pv`) or its long form.
pub fn has_short_or_long(args: &[String], short: char, long: &str) -> bool {
    args.iter().any(|a| a == long || (a.starts_with('-') && !a.starts_with("--") && a[1..].contains(short)))
}

/// Whether a command word is a shell builtin or keyword rather than a program on PATH.
pub fn is_builtin(word: &str) -> bool {
    BUILTINS.contains(&word)
}

/// Whether a command word names a program the shell looks up on PATH: not a path, not a
/// variable, not a builtin or keyword.
pub fn found_on_path(word: &str) -> bool {
    !word.is_empty() && !word.contains('/') && !word.contains('$') && !is_builtin(word)
}

/// `go install`, `go get` without `-d` (it installed what it fetched before Go 1.17), and the
/// old golang images' `go-wrapper install`: commands that put programs in [`go_bin_dir`].
pub fn installs_go_programs(program: &str, args: &[String]) -> bool {
    match (program, args.first().map(String::as_str)) {
        ("go", Some("install")) | ("go-wrapper", Some("install")) => true,
        ("go", Some("get")) => !args.iter().any(|a| a == "-d"),
        _ => false,
    }
}

/// Where `go install` puts programs: GOBIN, else the bin of GOPATH's first entry, else the
/// official image's /go/bin. `value` reads a variable where the command runs.
pub fn go_bin_dir(value: impl Fn(&str) -> Option<String>) -> String {
    value("GOBIN").unwrap_or_else(|| {
        let gopath = value("GOPATH").unwrap_or_else(|| "/go".into());
        format!("{}/bin", gopath.split(':').next().filter(|p| !p.is_empty()).unwrap_or("/go"))
    })
}

/// Where `cargo install` puts programs (under its `bin/`): CARGO_INSTALL_ROOT, else CARGO_HOME,
/// else the official image's /usr/local/cargo.
pub fn cargo_root(value: impl Fn(&str) -> Option<String>) -> String {
    value("CARGO_INSTALL_ROOT").or_else(|| value("CARGO_HOME")).unwrap_or_else(|| "/usr/local/cargo".into())
}

/// Read a RUN's shell text against the state it runs in.
pub fn read(text: &str, state: &State) -> RunEffects {
    let commands = shell::commands(text);
    let mut fx = RunEffects::default();
    let mut local: Vec<String> = Vec::new();
    let mut cwd = state.workdir.clone();
    for c in commands.iter() {
        fx.dirs.push(cwd.clone());
        let (writes_before, edits_before) = (fx.writes.len(), fx.edits.len());
        // Variables: needed unless the stage or this RUN (earlier) defines them.
        for v in &c.required {
            if !local.contains(v) && !c.assignments.iter().any(|(k, _)| k == v) && !fx.required_vars.contains(v) {
                fx.required_vars.push(v.clone());
            }
        }
        local.extend(c.defines());
        let value = |n: &str| state.value(n).or_else(|| c.assignments.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()));
        let resolve = |p: &str, cwd: &str| -> String { join_path(cwd, &shell::expand(p, &value)) };
        for w in &c.writes {
            if w != "/dev/null" && !w.starts_with("/dev/") && !w.starts_with('&') {
                fx.writes.push(Write { path: resolve(w, &cwd), tree: false, how: format!("`{}` writes it", c.program()) });
            }
        }
        let Some((program_word, args)) = invocation(c) else { continue };
        let program = program_word.basename();
        if !is_builtin(&program) {
            fx.programs.push(program_word.clone());
        }
        if program_word.contains('/') {
            fx.uses.push((resolve(program_word, &cwd), format!("runs {program_word}")));
        }
        let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        // Build outputs named on the command line: `go build -o bin/app`, `tsc --outDir dist`.
        for (i, a) in args.iter().enumerate() {
            let (flag, value) = match a.split_once('=') {
                Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
                _ => (a.as_str(), args.get(i + 1).cloned()),
            };
            let tree = matches!(flag, "--outDir" | "--out-dir" | "--target-dir" | "--outdir" | "--dest" | "--prefix" | "--root");
            if matches!(flag, "-o" | "--output") && !matches!(program, "curl" | "wget") || tree {
                if let Some(v) = value.filter(|v| !v.starts_with('-') && v != "-") {
                    fx.writes.push(Write { path: resolve(&v, &cwd), tree, how: format!("{program} {flag}") });
                }
            }
        }
        match program {
            "cd" => {
                if let Some(dir) = operands.first() {
                    cwd = resolve(dir, &cwd);
                }
            }
            "apt-get" | "apt" | "aptitude" => {
                fx.installs.extend(install_of(&program, &args));
                fx.removes.extend(removal_of(&args, &["remove", "purge"]));
                fx.needs_root.push(format!("{program} {}", operands.first().map(|s| s.as_str()).unwrap_or("")).trim().to_string());
            }
            "apk" => {
                fx.installs.extend(install_of(&program, &args));
                fx.removes.extend(removal_of(&args, &["del"]));
                fx.needs_root.push(format!("apk {}", operands.first().map(|s| s.as_str()).unwrap_or("")).trim().to_string());
            }
            "yum" | "dnf" | "microdnf" | "dpkg" => fx.needs_root.push(program.to_string()),
            "add-apt-repository" | "apt-add-repository" => {
                // A component of the distribution's own archive (`universe`) adds no other source.
                let own = |r: &str| matches!(r, "main" | "universe" | "multiverse" | "restricted");
                if let Some(repo) = operands.first().map(|r| shell::expand(r, &value)).filter(|r| !own(r)) {
                    fx.apt_sources.push((repo, fx.installs.len()));
                }
                fx.needs_root.push(program.to_string());
            }
            p if crate::shell::is_account_command(p) => {
                // `useradd -m ${USER}` after `ENV USER=app` creates `app`.
                if let Some(name) = account_name(&program, &args).map(|n| shell::expand(&n, &value)) {
                    if matches!(program, "useradd" | "adduser") {
                        // useradd makes a home only with -m; adduser (Debian and busybox) unless told not to.
                        let flag = |f: &[&str]| args.iter().any(|a| f.contains(&a.as_str()));
                        let home = args.windows(2).find(|w| matches!(w[0].as_str(), "-d" | "--home" | "--home-dir" | "-h") && !(program == "useradd" && w[0] == "-h")).map(|w| shell::expand(&w[1], &value));
                        let creates = if program == "useradd" { flag(&["-m", "--create-home"]) } else { !flag(&["-H", "--no-create-home"]) };
                        let home = home.unwrap_or_else(|| format!("/home/{name}"));
                        fx.account_homes.push((name.clone(), home.clone()));
                        if creates {
                            fx.homes.push(Home { user: name.clone(), path: home, writes_before: fx.writes.len() });
                        }
                        fx.users_created.push(name);
                    }
                }
                fx.needs_root.push(program.to_string());
            }
            "mkdir" => {
                let strict = !has_short_or_long(&args, 'p', "--parents") && c.then != "||";
                for d in &operands {
                    fx.writes.push(Write { path: resolve(d, &cwd), tree: false, how: "mkdir".into() });
                    if strict {
                        fx.strict_mkdirs.push(resolve(d, &cwd));
                    }
                }
            }
            "touch" => operands.iter().for_each(|f| fx.writes.push(Write { path: resolve(f, &cwd), tree: false, how: "touch".into() })),
            "tee" => operands.iter().for_each(|f| fx.edits.push(Write { path: resolve(f, &cwd), tree: false, how: "tee".into() })),
            "sed" => sed_in_place(&args).into_iter().for_each(|f| fx.edits.push(Write { path: resolve(f, &cwd), tree: false, how: "sed -i".into() })),
            // git's system-wide settings live in /etc/gitconfig (repo2docker's credential helper).
            "git" if args.first().is_some_and(|a| a == "config") && args.iter().any(|a| a == "--system") => {
                fx.edits.push(Write { path: "/etc/gitconfig".into(), tree: false, how: "git config --system".into() });
            }
            "rm" => {
                for f in &operands {
                    let path = resolve(f, &cwd);
                    let literal = !path.contains(['*', '?', '[']);
                    if literal || (path.ends_with("/*") && !path[..path.len() - 2].contains(['*', '?', '['])) {
                        fx.deletes.push((path, fx.writes.len()));
                    }
                }
            }
            "cp" | "mv" | "install" | "ln" | "rsync" => {
                if let Some(dest) = operands.last().filter(|_| operands.len() >= 2) {
                    let tree = args.iter().any(|a| a == "-r" || a == "-R" || a == "-a" || a.starts_with("-r") || a.starts_with("-a"));
                    let dest_path = resolve(dest, &cwd);
                    let tree = tree || program == "mv" || program == "rsync";
                    // Into a directory (`dir/`, an existing one, several sources) or as the destination.
                    let into = dest.ends_with('/') || operands.len() > 2 || state.may_be_dir(&dest_path) || fx.writes.iter().any(|w| w.path == dest_path && w.how == "mkdir");
                    let path = super::path_dirs(state);
                    for src in &operands[..operands.len() - 1] {
                        let from = resolve(src, &cwd);
                        // `mv dir/* dest/`: what the pattern names lands inside dest.
                        let name = from.basename();
                        // `cp -r dist/. public/` (and rsync's `dist/`) copies what is inside dist.
                        let contents = *src == "." || src.ends_with("/.") || program == "rsync" && src.ends_with('/');
                        let landed = if into && !contents && !name.contains(['*', '?', '[']) { join_path(&dest_path, name) } else { dest_path.clone() };
                        // What it writes: each file where it lands (`cp app /bin/` writes /bin/app),
                        // or the whole destination when a pattern leaves the names open.
                        let (written, whole) = if name.contains(['*', '?', '[']) { (dest_path.clone(), true) } else { (landed.clone(), tree) };
                        if !fx.writes.iter().any(|w| w.path == written) {
                            fx.writes.push(Write { path: written, tree: whole, how: program.to_string() });
                        }
                        fx.adds_programs.extend(program_put_at(&landed, &path));
                        // A link is not the file moved: what the build made stays where it was.
                        if program != "ln" {
                            fx.moves.push(Move { from, to: landed, program: program.to_string() });
                        }
                    }
                }
            }
            "chown" | "chgrp" => {
                let recursive = args.iter().any(|a| a == "-R" || a == "--recursive" || (a.starts_with('-') && !a.starts_with("--") && a.contains('R')));
                if let Some((owner, paths)) = operands.split_first() {
                    let owner = owner_spec(&shell::expand(owner, &value));
                    for p in paths {
                        let path = resolve(p, &cwd);
                        fx.uses.push((path.clone(), program.to_string()));
                        fx.chowns.push((owner.clone(), path, recursive));
                    }
                }
                fx.needs_root.push(program.to_string());
            }
            "chmod" => {
                let recursive = args.iter().any(|a| a == "-R" || a == "--recursive");
                if let Some((mode, paths)) = operands.split_first() {
                    for p in paths {
                        let path = resolve(p, &cwd);
                        fx.uses.push((path.clone(), "chmod".into()));
                        fx.chmods.push((shell::expand(mode, &value), path, recursive));
                    }
                }
            }
            "tar" | "unzip" if unpacks(&program, &args) => {
                let dir = args.windows(2).find(|w| w[0] == "-C" || w[0] == "-d" || w[0] == "--directory").map(|w| w[1].clone());
                fx.writes.push(Write { path: resolve(dir.as_deref().unwrap_or("."), &cwd), tree: true, how: program.to_string() });
            }
            "curl" | "wget" => {
                if let Some(o) = download_target(&program, &args).filter(|o| o != "-") {
                    let target = resolve(&o, &cwd);
                    fx.adds_programs.extend(program_put_at(&target, &super::path_dirs(state)));
                    fx.writes.push(Write { path: target, tree: false, how: program.to_string() });
                }
            }
            "python" | "python3" | "virtualenv" | "uv" => {
                let venv = if program == "virtualenv" {
                    operands.last().map(|s| s.to_string())
                } else if program == "uv" && args.first().is_some_and(|a| a == "venv") {
                    Some(operands.get(1).map(|s| s.to_string()).unwrap_or_else(|| ".venv".into()))
                } else if args.windows(2).any(|w| w[0] == "-m" && (w[1] == "venv" || w[1] == "virtualenv")) {
                    args.iter().skip_while(|a| *a != "venv" && *a != "virtualenv").skip(1).find(|a| !a.starts_with('-')).cloned()
                } else {
                    None
                };
                if let Some(v) = venv {
                    let path = resolve(&v, &cwd);
                    fx.venvs.push(path.clone());
                    fx.writes.push(Write { path, tree: true, how: "a virtualenv".into() });
                }
                if args.windows(2).any(|w| w[0] == "-m" && w[1] == "pip") || (program == "uv" && c.has_pair("pip", "install")) || runs_setup_py_install(&c.words) {
                    fx.opens_path = true;
                }
                if let Some(venv) = venv_installed_into(program_word, &args, state) {
                    fx.writes.push(Write { path: venv, tree: true, how: "pip install into the virtualenv".into() });
                }
                // `uv sync` installs into the project's own .venv.
                if program == "uv" && args.first().is_some_and(|a| a == "sync") {
                    fx.writes.push(Write { path: join_path(&cwd, ".venv"), tree: true, how: "a virtualenv".into() });
                    fx.opens_path = true;
                }
            }
            "pip" | "pip3" | "pipenv" | "poetry" | "pdm" | "gem" | "conda" | "pipx" | "make" | "easy_install" => {
                fx.opens_path = true;
                if let Some(venv) = venv_installed_into(program_word, &args, state) {
                    fx.writes.push(Write { path: venv, tree: true, how: format!("{program} install into the virtualenv") });
                }
                // PDM, and poetry told so, install into the project's own .venv.
                let in_project = program == "pdm" && args.first().is_some_and(|a| a == "install" || a == "sync")
                    || program == "poetry" && args.first().is_some_and(|a| a == "install") && (state.value("POETRY_VIRTUALENVS_IN_PROJECT").is_some_and(|v| v == "true" || v == "1") || text.contains("virtualenvs.in-project true"));
                if in_project {
                    fx.writes.push(Write { path: join_path(&cwd, ".venv"), tree: true, how: "a virtualenv".into() });
                }
            }
            "corepack" if args.first().is_some_and(|a| a == "enable") => {
                let named: Vec<String> = operands[1..].iter().map(|s| s.to_string()).collect();
                let shims = if named.is_empty() { vec!["pnpm".to_string(), "pnpx".into(), "yarn".into(), "yarnpkg".into()] } else { named };
                fx.adds_programs.extend(shims);
            }
            // What they install lands in GOPATH's or CARGO_HOME's bin: a later stage may copy it
            // from there (`COPY --from=build /go/bin/app`) whatever the base image is.
            "go" | "go-wrapper" if installs_go_programs(&program, &args) => {
                fx.opens_path = true;
                fx.writes.push(Write { path: go_bin_dir(&value), tree: true, how: "go install into GOPATH's bin".into() });
            }
            "cargo" if c.has_pair("cargo", "install") => {
                fx.opens_path = true;
                // `--root DIR` is an output flag above: the programs land in DIR/bin.
                if !args.iter().any(|a| a == "--root" || a.starts_with("--root=")) {
                    fx.writes.push(Write { path: format!("{}/bin", cargo_root(&value)), tree: true, how: "cargo install into CARGO_HOME's bin".into() });
                }
            }
            "npm" | "yarn" | "pnpm" | "bun" => {
                let global = args.iter().any(|a| a == "-g" || a == "--global" || a == "global");
                fx.global_links.extend(npm_links(&program, &args).into_iter().map(|d| resolve(&d, &cwd)));
                if global || !fx.global_links.is_empty() {
                    fx.opens_path = true;
                    fx.adds_programs.extend(global_package_programs(&program, &args));
                } else if shell::is_node_install(&program, &args) {
                    // In the directory an option names (`npm --prefix web install`), else here.
                    let dir = shell::node_invocation(&args).dir.map_or(cwd.clone(), |d| resolve(d, &cwd));
                    fx.writes.push(Write { path: join_path(&dir, "node_modules"), tree: true, how: format!("{program} install") });
                }
            }
            "git" if args.first().is_some_and(|a| a == "clone") => {
                let ops: Vec<&String> = operands.iter().skip(1).copied().collect();
                let dir = ops.get(1).map(|d| d.to_string()).or_else(|| ops.first().map(|u| u.trim_end_matches('/').basename().trim_end_matches(".git").to_string()));
                if let Some(d) = dir.filter(|d| !d.is_empty()) {
                    fx.writes.push(Write { path: resolve(&d, &cwd), tree: true, how: "git clone".into() });
                }
            }
            "sh" | "bash" | "dash" | "ash" | "zsh" => {
                // zsh reads its options as sh does.
                if let Some(script) = shell::shell_script_file("sh", &args) {
                    fx.uses.push((resolve(script, &cwd), format!("{program} runs it")));
                }
            }
            _ => {}
        }
        let lists: Vec<String> = fx.writes[writes_before..].iter().chain(&fx.edits[edits_before..]).filter(|w| w.path.starts_with("/etc/apt/sources.list")).map(|w| w.path.clone()).collect();
        fx.apt_sources.extend(lists.into_iter().map(|list| (list, fx.installs.len())));
    }
    fx.required_vars.retain(|v| !local.contains(v) || first_use_before_definition(&commands, v));
    fx.commands = commands;
    fx
}

/// The virtualenv a Python install writes into: the one pip runs from (`/opt/venv/bin/pip`,
/// `python -m pip` of that venv, or the first of them on a PATH that starts with a venv's
/// `bin`), or the one ENV VIRTUAL_ENV names for poetry and pipenv, which take it as the
/// environment to install into (`--system` too: its `python` is the venv's). Whoever runs the
/// install must be able to write there.
fn venv_installed_into(program_word: &str, args: &[String], state: &State) -> Option<String> {
    let program = program_word.basename();
    let (tool, args) = match args {
        [m, pip, rest @ ..] if program.starts_with("python") && m == "-m" && pip == "pip" => ("pip", rest),
        _ => (program, args),
    };
    let verb = args.iter().find(|a| !a.starts_with('-'))?;
    let installs = match tool {
        "pip" | "pip3" => verb == "install" && !args.iter().any(|a| matches!(a.as_str(), "--user" | "-t" | "--target" | "--prefix" | "--root") || a.starts_with("--target=") || a.starts_with("--prefix=")),
        "poetry" => matches!(verb.as_str(), "install" | "add" | "sync"),
        "pipenv" => matches!(verb.as_str(), "install" | "sync"),
        _ => false,
    };
    if !installs {
        return None;
    }
    if let Some(dir) = program_word.strip_suffix(&format!("/bin/{program}")).filter(|d| d.starts_with('/')) {
        return Some(dir.to_string());
    }
    if program_word != program {
        return None;
    }
    let named = state.value("VIRTUAL_ENV").filter(|v| v.starts_with('/')).map(|v| v.trim_end_matches('/').to_string());
    let first_on_path = state.value("PATH").and_then(|p| p.split(':').next().and_then(|d| d.strip_suffix("/bin")).map(str::to_string));
    match tool {
        "poetry" | "pipenv" => named,
        _ => first_on_path.filter(|d| named.as_deref() == Some(d.as_str()) || state.made(d).is_some_and(|(p, info)| p == d.as_str() && info.tree)),
    }
}

/// Whether `v` is read before any command of the RUN defines it.
fn first_use_before_definition(commands: &[Command], v: &str) -> bool {
    for c in commands {
        if c.required.iter().any(|r| r == v) && !c.assignments.iter().any(|(k, _)| k == v) {
            return true;
        }
        if c.defines().iter().any(|d| d == v) {
            return false;
        }
    }
    false
}

/// Package names among install arguments: options and version pins dropped, variables skipped.
fn packages(args: &[String]) -> Vec<String> {
    // Options that take a value: `apk add --virtual .build-deps`, `apt-get -t bookworm-backports`,
    // `apt-get -o Dpkg::Options::=...`, `apk --repository URL`.
    const WITH_VALUE: &[&str] = &["--virtual", "-t", "-o", "--option", "--target-release", "--repository", "-X", "--repositories-file", "--root", "-p"];
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if WITH_VALUE.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with('-') && !a.contains('$') && !a.is_empty() {
            // `pkg=1.2-3` pins a version: the package is the part before `=`.
            out.push(a.split('=').next().unwrap_or(a).to_string());
        }
    }
    out
}

/// The packages a shell text installs with apt or apk, as [`read`] finds them (the same two
/// rules), without working out the rest of what the text does: detection asks this of every
/// RUN before any stage is modelled.
pub fn installs(text: &str) -> Vec<Install> {
    shell::commands(text).iter().filter_map(invocation).filter_map(|(program, args)| install_of(program.basename(), args)).collect()
}

/// The program a command runs, as written, and its arguments: through the programs that run
/// the command after their own words (`exec prog`, `sudo -Hu user prog`, `env A=1 prog`,
/// `gosu app prog`; see [`super::runners`]).
pub fn invocation(c: &Command) -> Option<(&String, &[String])> {
    let mut words: &[String] = &c.words;
    while let Some(at) = super::runners::runs_after(words) {
        words = &words[at..];
    }
    words.split_first()
}

/// What a shell script runs (a start script): each command's program as written, and resolved
/// — through runners (`exec`, `sudo -E -u $USER`, `gosu app`), a `$VAR` by the script's own
/// assignments (`BIN=bin/relay`, their values resolved in turn) and then by `value` (the
/// stage's ENV), an unquoted leading `~` as `$HOME`. The planner ships what these name; the
/// check holds the runtime stage to them.
pub fn script_programs(text: &str, value: &dyn Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let commands = shell::commands(text);
    let assigned = shell::assigned_values(&commands);
    let lookup = |n: &str| assigned.get(n).map(|v| shell::expand(v, value)).or_else(|| value(n));
    commands.iter().filter_map(invocation).map(|(word, _)| (word.clone(), shell::expand(word, &lookup))).collect()
}

/// The install a command makes, when it is one: `apt-get install`, `apt install`, `aptitude
/// install`, `apk add`.
fn install_of(program: &str, args: &[String]) -> Option<Install> {
    let (manager, verb) = match program {
        "apt-get" | "apt" | "aptitude" => ("apt", "install"),
        "apk" => ("apk", "add"),
        _ => return None,
    };
    let at = args.iter().position(|a| a == verb)?;
    let with_recommends = manager == "apt" && !args.iter().any(|a| a == "--no-install-recommends" || a.contains("Install-Recommends"));
    Some(Install { manager, packages: packages(&args[at + 1..]), with_recommends })
}

/// A chown owner as `user:group`: GNU chown still takes the old `user.group` form (`chown
/// webdev.webdev -R .`), which `COPY --chown` and `USER` do not (a user named `webdev.webdev`).
/// Account names with a dot are not valid for Debian's adduser, so a dot without a colon is the
/// old separator.
fn owner_spec(owner: &str) -> String {
    match owner.split_once('.') {
        Some((user, group)) if !owner.contains(':') && !user.is_empty() => format!("{user}:{group}"),
        _ => owner.to_string(),
    }
}

/// The files `sed -i` edits: its operands after the script, which is the first operand unless
/// `-e`/`-f` gave it. None without `-i`/`--in-place`.
fn sed_in_place(args: &[String]) -> Vec<&String> {
    if !args.iter().any(|a| a.starts_with("-i") || a.starts_with("--in-place")) {
        return Vec::new();
    }
    let mut operands = Vec::new();
    let mut script_given = false;
    let mut args = args.iter();
    while let Some(a) = args.next() {
        if matches!(a.as_str(), "-e" | "-f" | "--expression" | "--file") {
            script_given = true;
            args.next();
        } else if !a.starts_with('-') {
            operands.push(a);
        }
    }
    operands.into_iter().skip(usize::from(!script_given)).collect()
}

/// Whether tar or unzip writes files: tar extracting (`-x`, `xzf`, `--extract`), unzip unless
/// it only lists, tests or prints (`-l`, `-t`, `-Z`, `-p`, `-v`).
fn unpacks(program: &str, args: &[String]) -> bool {
    if program == "tar" {
        let bundle = |a: &String| !a.starts_with("--") && a.trim_start_matches('-').chars().all(|c| c.is_ascii_alphabetic()) && a.contains('x');
        return args.iter().any(|a| a == "--extract" || a == "--get") || args.first().is_some_and(bundle) || args.iter().any(|a| a.starts_with('-') && bundle(a));
    }
    !args.iter().any(|a| matches!(a.as_str(), "-l" | "-t" | "-Z" | "-p" | "-v"))
}

/// A file put into a PATH directory is a program by its name there.
fn program_put_at(file: &str, path_dirs: &[String]) -> Option<String> {
    file.rsplit_once('/').filter(|(dir, name)| !name.is_empty() && path_dirs.iter().any(|p| p == dir)).map(|(_, name)| name.to_string())
}

/// Where a download lands, `None` for standard output or a name msify cannot know: curl's
/// `-o FILE` or, with `-O`, the URL's last segment (in `--output-dir`); wget's `-O FILE` or, by
/// default, the URL's last segment (in `-P DIR`). Relative to the working directory.
fn download_target(program: &str, args: &[String]) -> Option<String> {
    let wget = program == "wget";
    let named = if wget { option_value(args, Some('O'), "--output-document") } else { option_value(args, Some('o'), "--output") };
    if named.is_some() {
        return named;
    }
    let remote = !wget && (has_short_or_long(args, 'O', "--remote-name") || args.iter().any(|a| a == "--remote-name-all"));
    if !wget && (!remote || has_short_or_long(args, 'J', "--remote-header-name")) {
        return None;
    }
    let url = args.iter().find(|a| a.contains("://"))?;
    let path = url.split_once("://")?.1.split(['?', '#']).next()?;
    let name = Some(path.split_once('/')?.1.basename()).filter(|n| !n.is_empty())?;
    let dir = if wget { option_value(args, Some('P'), "--directory-prefix") } else { option_value(args, None, "--output-dir") };
    Some(dir.map_or_else(|| name.to_string(), |d| format!("{}/{name}", d.trim_end_matches('/'))))
}

/// The value of an option given as `--long=V`, `--long V`, `-xV` or `-x V` (also at the end of
/// a bundle of flags: `-qO/bin/tool`, `-fsSLo tool`).
fn option_value(args: &[String], short: Option<char>, long: &str) -> Option<String> {
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix(long).and_then(|rest| rest.strip_prefix('=')) {
            return Some(v.to_string());
        }
        if a == long {
            return args.get(i + 1).cloned();
        }
        if let Some(short) = short.filter(|_| a.starts_with('-') && !a.starts_with("--")) {
            if let Some(at) = a[1..].find(short) {
                let attached = &a[at + 2..];
                return if attached.is_empty() { args.get(i + 1).cloned() } else { Some(attached.to_string()) };
            }
        }
    }
    None
}

/// The packages a package manager's removal (`remove`/`purge`, `del`) names, patterns kept.
fn removal_of(args: &[String], verbs: &[&str]) -> Vec<String> {
    let Some(at) = args.iter().position(|a| verbs.contains(&a.as_str())) else { return Vec::new() };
    args[at + 1..].iter().filter(|a| !a.starts_with('-')).cloned().collect()
}

/// `python setup.py install` / `develop` (legacy projects): it installs the project, its
/// dependencies and its console scripts into the interpreter that runs it, like `pip install .`.
pub fn runs_setup_py_install(words: &[String]) -> bool {
    words.iter().position(|w| w == "setup.py" || w.ends_with("/setup.py")).is_some_and(|at| words[at + 1..].iter().any(|w| w == "install" || w == "develop"))
}

/// The account a user/group command creates: its last operand (options with values skipped).
fn account_name(program: &str, args: &[String]) -> Option<String> {
    const WITH_VALUE: &[&str] = &[
        "-u", "--uid", "-g", "--gid", "-G", "--groups", "-d", "--home", "--home-dir", "-h", "-s", "--shell", "-c", "--comment", "--gecos", "-k", "--skel", "-K",
        "--key", "-e", "--expiredate", "-f", "--inactive", "-p", "--password", "--ingroup", "-S", "-R", "--root", "-b", "--base-dir", "-Z", "--firstuid", "--lastuid",
    ];
    let mut operands = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.starts_with('-') {
            // `-S` is a flag for busybox adduser/addgroup (system account), not a value option.
            let busybox_flag = a == "-S" && matches!(program, "adduser" | "addgroup");
            if WITH_VALUE.contains(&a.as_str()) && !a.contains('=') && !busybox_flag {
                i += 1;
            }
        } else {
            operands.push(a.clone());
        }
        i += 1;
    }
    // `adduser user group` (Debian) adds an existing user to a group: the first operand is the user.
    let name = if operands.len() == 2 && matches!(program, "adduser") { operands.first() } else { operands.last() };
    name.filter(|n| !n.is_empty()).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::state::{Var, VarFrom};

    fn state() -> State {
        State { workdir: "/app".into(), user: "root".into(), ..State::default() }
    }

    #[test]
    fn installs_users_and_root() {
        assert_eq!(installs("apk --no-cache add --virtual build-dependencies git && apk add -t .x musl-dev")[0].packages, ["git"]);
        let fx = read("apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev=15.1 && useradd --uid 1001 -m app", &state());
        assert_eq!(fx.installs, [Install { manager: "apt", packages: vec!["gcc".into(), "libpq-dev".into()], with_recommends: false }]);
        assert!(installs("apt-get install -y xvfb")[0].with_recommends);
        assert!(!installs("apt-get -o APT::Install-Recommends=false install -y xvfb")[0].with_recommends);
        assert!(!installs("apk add xvfb")[0].with_recommends);
        assert_eq!(fx.users_created, ["app"]);
        assert_eq!(fx.needs_root, ["apt-get update", "apt-get install", "useradd"]);
        assert_eq!(read("adduser -D -H -u 10001 -s /bin/sh web", &state()).users_created, ["web"]);
        assert_eq!(read("adduser --disabled-password --gecos '' worker", &state()).users_created, ["worker"]);
    }

    #[test]
    fn repositories_added_before_installs() {
        let fx = read("apt-get install -y software-properties-common && add-apt-repository -y ppa:deadsnakes/ppa && add-apt-repository universe && apt-get update && apt-get install -y python3.8", &state());
        assert_eq!(fx.apt_sources, [("ppa:deadsnakes/ppa".to_string(), 1)], "universe is the archive's own");
        let fx = read("echo 'deb http://deb.debian.org/debian stretch-backports main' > /etc/apt/sources.list.d/backports.list && echo deb x | tee -a /etc/apt/sources.list && apt-get update", &state());
        let lists: Vec<&str> = fx.apt_sources.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lists, ["/etc/apt/sources.list.d/backports.list", "/etc/apt/sources.list"]);
        assert!(read("echo x > /etc/apt/apt.conf.d/90x && apt-get install -y curl", &state()).apt_sources.is_empty());
    }

    #[test]
    fn installers_write_their_bin_directories() {
        // Every path the command writes, so the test says what else it writes, too.
        let bins = |text: &str| -> Vec<String> { read(text, &state()).writes.iter().map(|w| w.path.clone()).collect() };
        assert_eq!(bins("go install ./cmd/app"), ["/go/bin"], "GOPATH unknown: the official images' /go");
        assert_eq!(bins("GOBIN=/out go install ."), ["/out"]);
        assert_eq!(bins("GOPATH=/root/gocode:/x go get github.com/a/b"), ["/root/gocode/bin"]);
        assert!(bins("go get -d ./...").is_empty(), "-d only downloads");
        assert_eq!(bins("go-wrapper download && go-wrapper install --tags zmq"), ["/go/bin"]);
        assert_eq!(bins("cargo install --path ."), ["/usr/local/cargo/bin"]);
        assert_eq!(bins("cargo install --root /opt/tools ripgrep"), ["/opt/tools"], "--root is an output flag: not CARGO_HOME's bin");
    }

    #[test]
    fn sudo_runs_the_program_after_its_options() {
        let fx = read("sudo -Hu oncall mkdir -p /home/oncall/var/log && sudo -u app HOME=/app python3 -m venv /home/app/env", &state());
        assert_eq!(fx.programs, ["mkdir", "python3"]);
        let written: Vec<&str> = fx.writes.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(written, ["/home/oncall/var/log", "/home/app/env"]);
    }

    #[test]
    fn chown_owner_in_the_old_dot_form() {
        let fx = read("chown webdev.webdev -R . && chown app:app /data && chown 1000 /srv", &state());
        let owners: Vec<&str> = fx.chowns.iter().map(|(o, _, _)| o.as_str()).collect();
        assert_eq!(owners, ["webdev:webdev", "app:app", "1000"]);
    }

    #[test]
    fn tee_and_sed_in_place_edit_their_files() {
        let fx = read("echo $FLAG | tee /flag\nsed -i -e 's/a/b/' conf/app.ini /etc/x.conf\ncd /srv && sed -i.bak 's/a/b/' y\nsed 's/a/b/' /etc/z", &state());
        let edited: Vec<String> = fx.edits.iter().map(|w| format!("{} {}", w.how, w.path)).collect();
        assert_eq!(edited, ["tee /flag", "sed -i /app/conf/app.ini", "sed -i /etc/x.conf", "sed -i /srv/y"]);
        assert!(fx.writes.is_empty());
    }

    #[test]
    fn writes_uses_and_owners() {
        let fx = read("mkdir -p /data logs && chown -R app:app /data && chmod +x ./start.sh && cd /srv && touch ready > /dev/null", &state());
        let paths: Vec<&str> = fx.writes.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["/data", "/app/logs", "/srv/ready"]);
        assert_eq!(fx.chowns, [("app:app".to_string(), "/data".to_string(), true)]);
        assert_eq!(fx.uses, [("/data".to_string(), "chown".to_string()), ("/app/start.sh".to_string(), "chmod".to_string())]);
    }

    /// `cp alertmanager /bin/` writes /bin/alertmanager (what a later `COPY --from` takes),
    /// not /bin; a pattern leaves the names open, so the destination is written whole.
    #[test]
    fn copies_write_where_each_file_lands() {
        let fx = read("make build && cp alertmanager /bin/ && cp build/*.so /usr/lib/app/ && cp -r web /srv/www", &state());
        let paths: Vec<(&str, bool)> = fx.writes.iter().map(|w| (w.path.as_str(), w.tree)).collect();
        assert_eq!(paths, [("/bin/alertmanager", false), ("/usr/lib/app", true), ("/srv/www", true)]);
    }

    #[test]
    fn an_account_named_by_a_variable_is_the_variables_value() {
        let mut st = state();
        st.set_var("USER".into(), crate::model::state::Var { value: Some("evobot".into()), from: crate::model::state::VarFrom::Env(2) });
        let fx = read("groupadd -r ${USER} && useradd --create-home --home /home/$USER -r -g ${USER} ${USER}", &st);
        assert_eq!(fx.users_created, ["evobot"]);
        assert_eq!(fx.homes, [Home { user: "evobot".into(), path: "/home/evobot".into(), writes_before: 0 }]);
    }

    #[test]
    fn variables_defined_inside_the_run_are_not_needed() {
        let fx = read("USERNAME=worker; adduser $USERNAME && echo $HOME_DIR $UID", &state());
        assert_eq!(fx.required_vars, ["HOME_DIR", "UID"]);
        assert_eq!(read("for f in a b; do echo $f; done", &state()).required_vars, Vec::<String>::new());
    }

    #[test]
    fn virtualenvs_and_opaque_installs() {
        let fx = read("python3 -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt", &state());
        assert_eq!(fx.venvs, ["/opt/venv"]);
        assert!(fx.opens_path);
        assert_eq!(read("uv venv && npm ci", &state()).venvs, ["/app/.venv"]);
    }

    #[test]
    fn installs_write_the_virtualenv_they_run_in() {
        let mut s = state();
        let writes = |text: &str, s: &State| read(text, s).writes.into_iter().filter(|w| w.how.contains("virtualenv")).map(|w| w.path).collect::<Vec<_>>();
        assert_eq!(writes("/opt/venv/bin/pip install -r requirements.txt", &s), ["/opt/venv"]);
        assert!(writes("pip install -r requirements.txt", &s).is_empty(), "no venv active: the system's");
        std::sync::Arc::make_mut(&mut s.vars).insert("VIRTUAL_ENV".into(), Var { value: Some("/opt/venv".into()), from: VarFrom::Env(2) });
        assert_eq!(writes("poetry install --no-root", &s), ["/opt/venv"]);
        assert_eq!(writes("pipenv install --system --deploy", &s), ["/opt/venv"]);
        assert!(writes("pip install -r requirements.txt", &s).is_empty(), "the venv is not on PATH: the system's pip");
        std::sync::Arc::make_mut(&mut s.vars).insert("PATH".into(), Var { value: Some("/opt/venv/bin:/usr/local/bin:/usr/bin".into()), from: VarFrom::Env(2) });
        assert_eq!(writes("pip install -r requirements.txt", &s), ["/opt/venv"]);
        assert_eq!(writes("python -m pip install .", &s), ["/opt/venv"]);
        assert!(writes("pip install --user flask", &s).is_empty());
        assert!(writes("pip freeze", &s).is_empty());
    }

    #[test]
    fn links_and_copies_into_path_are_programs() {
        assert_eq!(read("ln -s /app/dist/cli.js /usr/local/bin/tool && cp bin/x /usr/bin/", &state()).adds_programs, ["tool", "x"]);
        assert!(read("ln -s /app/dist /srv/dist && cp a b", &state()).adds_programs.is_empty());
        // A link leaves what it points at where it was.
        assert!(read("ln -s /app/dist/cli.js /usr/local/bin/tool", &state()).moves.is_empty());
        // What is inside a directory, not the directory; and which program moved it.
        let moves = |script: &str| read(script, &state()).moves.into_iter().map(|m| (m.from, m.to, m.program)).collect::<Vec<_>>();
        let moved = |from: &str, to: &str, program: &str| vec![(from.to_string(), to.to_string(), program.to_string())];
        assert_eq!(moves("mkdir -p public && cp -r /app/client/dist/. public/"), moved("/app/client/dist", "/app/public", "cp"));
        assert_eq!(moves("rsync -a /src/dist/ /srv/www/"), moved("/src/dist", "/srv/www", "rsync"));
        assert_eq!(moves("cp -r /src/dist /srv/www/"), moved("/src/dist", "/srv/www/dist", "cp"));
        assert_eq!(moves("mv /app/node_modules /node_modules"), moved("/app/node_modules", "/node_modules", "mv"));
    }

    #[test]
    fn downloads_land_where_the_flags_say() {
        let path = |t: &str| read(t, &state()).writes.iter().find(|w| w.how == "wget" || w.how == "curl").map(|w| w.path.clone());
        assert_eq!(path("wget -qO/bin/grpc_health_probe https://x/probe").as_deref(), Some("/bin/grpc_health_probe"));
        assert_eq!(path("wget -q -O /tmp/a.tgz https://x").as_deref(), Some("/tmp/a.tgz"));
        assert_eq!(path("wget --output-document=/opt/x https://x").as_deref(), Some("/opt/x"));
        assert_eq!(path("curl -fsSLo /usr/local/bin/tool https://x").as_deref(), Some("/usr/local/bin/tool"));
        assert_eq!(path("curl -fsSL https://x -o tool").as_deref(), Some("/app/tool"));
        assert_eq!(path("curl -fsSL https://x | sh"), None);
        assert_eq!(path("wget -qO- https://x | sh"), None);
        // Named after the URL: curl -O, wget by default.
        assert_eq!(path("cd /usr/local/bin && curl -sSLO https://x/dl/probe?v=1").as_deref(), Some("/usr/local/bin/probe"));
        assert_eq!(path("curl --remote-name --output-dir /opt https://x/a/tool.tgz").as_deref(), Some("/opt/tool.tgz"));
        assert_eq!(path("curl -OJ https://x/latest"), None);
        assert_eq!(path("wget -q https://x/releases/v1/tool.tar.gz").as_deref(), Some("/app/tool.tar.gz"));
        assert_eq!(path("wget -q -P /opt/dl https://x/tool.zip").as_deref(), Some("/opt/dl/tool.zip"));
        assert_eq!(path("wget -q https://example.com"), None);
        // Into a PATH directory: a program by its name there.
        assert_eq!(read("cd /usr/local/bin && curl -sSLO https://x/dl/probe", &state()).adds_programs, ["probe"]);
    }

    #[test]
    fn only_extraction_unpacks() {
        let unpacked = |t: &str| read(t, &state()).writes.iter().filter(|w| w.how == "tar" || w.how == "unzip").map(|w| w.path.clone()).collect::<Vec<_>>();
        assert_eq!(unpacked("tar xzf a.tgz && tar -xvzf b.tgz -C /opt && tar --extract -f c.tar"), ["/app", "/opt", "/app"]);
        assert!(unpacked("tar -tzf a.tgz && tar -czf out.tgz dist && unzip -l a.zip").is_empty());
        assert_eq!(unpacked("unzip -q a.zip -d /srv"), ["/srv"]);
    }

    #[test]
    fn removals() {
        assert_eq!(read("apt-get remove rustc *-dev --purge -y && apk del .build-deps", &state()).removes, ["rustc", "*-dev", ".build-deps"]);
        assert!(read("apt-get install -y gcc", &state()).removes.is_empty());
    }

    #[test]
    fn mkdir_without_parents_must_not_find_the_directory() {
        assert_eq!(read("mkdir /data && mkdir -p /logs && mkdir -vp /x && mkdir /y || true", &state()).strict_mkdirs, ["/data"]);
        assert_eq!(read("cd /srv && mkdir cache", &state()).strict_mkdirs, ["/srv/cache"]);
    }

    #[test]
    fn global_installs_of_registry_packages_name_their_programs() {
        let programs = |t: &str| read(t, &state()).adds_programs;
        assert_eq!(programs("npm install -g nodemon@2 --unsafe-perm @angular/cli ./tool"), ["nodemon"]);
        assert_eq!(programs("yarn global add serve"), ["serve"]);
        assert!(programs("npm install nodemon").is_empty() && programs("npm link").is_empty() && programs("npm -g ls").is_empty());
    }

    #[test]
    fn npm_links_of_the_project() {
        let links = |t: &str| read(t, &state()).global_links;
        assert_eq!(links("npm link"), ["/app"]);
        assert_eq!(links("cd server && npm link ."), ["/app/server"]);
        assert_eq!(links("npm install -g . @scope/agent@latest"), ["/app"]);
        assert_eq!(links("npm i -g ./validation/"), ["/app/validation"]);
        assert_eq!(links("npm install --global"), ["/app"]);
        assert!(links("npm link adapter").is_empty() && links("npm i -g http-server ./tool.tgz").is_empty() && links("npm install").is_empty());
        assert!(read("npm link", &state()).opens_path);
    }

    #[test]
    fn setup_py_install_puts_console_scripts_on_path() {
        assert!(read("cd /src && python3 ./setup.py install", &state()).opens_path);
        assert!(read("python setup.py build develop", &state()).opens_path);
        assert!(read("easy_install supervisor", &state()).opens_path);
        assert!(!read("python setup.py sdist", &state()).opens_path);
    }
}

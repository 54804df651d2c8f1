//! What the Dockerfile itself says about the stack: the base image, the build commands, the
//! environment and the packages it installs. These count as evidence on their own, so a repo
//! whose manifests live elsewhere (monorepo, Dockerfile in a sub-directory) is still understood.

use crate::paths::Basename;
use super::{version_digits, Candidate, Stack};
use crate::model::command::start_words;
use crate::syntax::{Dockerfile, Form, ImageRef};
use std::collections::BTreeMap;

/// A RUN instruction's command text (heredoc bodies included) and its line.
#[derive(Clone, Debug, Default)]
pub struct RunCommand {
    pub line: usize,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct DockerfileSignals {
    pub base_image: Option<String>,
    pub base: ImageRef,
    pub base_line: usize,
    /// The stack the base image is the toolchain of (`golang:` → Go).
    pub image_stack: Option<Stack>,
    /// The stack the build commands belong to (`go build` → Go).
    pub command_stack: Option<Stack>,
    pub runs: Vec<RunCommand>,
    /// Sources of COPY/ADD from the build context (not `--from`).
    pub copy_sources: Vec<String>,
    /// ENV values (last one wins) with their lines.
    pub env: BTreeMap<String, (String, usize)>,
    /// Packages installed with apt-get/apt/apk, with the line.
    pub packages: Vec<(String, usize)>,
    /// The CMD/ENTRYPOINT argv or shell text.
    pub command: Option<String>,
    /// The line of the last CMD/ENTRYPOINT.
    pub command_line: usize,
    /// The stack whose runtime the start command runs (`node server.js` → Node), or the start
    /// script it runs (see [`read_start_script`](Self::read_start_script)).
    pub start_stack: Option<Stack>,
    /// The start script that told [`start_stack`](Self::start_stack), as the command names it.
    pub start_script: Option<String>,
    /// The command in that script that starts the runtime (`npm run start-production`).
    pub script_start: Option<String>,
    /// Where the script's `cd`s leave that command, relative to where the script began
    /// (`cd server`, later `cd ../client` → `server/../client`).
    pub script_start_dir: Option<String>,
    /// The script's commands before that one that start a runtime too (chartbrew's
    /// `node index.js &` before `npx serve -s build`): the container runs them as well.
    pub script_also_starts: Vec<String>,
    /// The build-context directory the container starts in, when a COPY put it at the start
    /// command's WORKDIR (`COPY server/. .` under `WORKDIR /app/server` → `server`): in a
    /// context holding a client and a server, the one the container runs.
    pub start_dir: Option<String>,
    /// How the start command names [`start_dir`](Self::start_dir), for the evidence.
    pub start_dir_how: &'static str,
    /// The web server a start script runs last when it starts no stack's runtime
    /// (`apache2ctl -D FOREGROUND`), with the script: the image serves files.
    pub script_server: Option<(String, String)>,
    /// The Compose service that told [`start_stack`](Self::start_stack) when the image has no
    /// start command of its own: (Compose file, line, service).
    pub compose_start: Option<(String, usize, String)>,
    /// COPY/ADD of one context path: (source, where it landed), in order.
    copies: Vec<(String, String)>,
}

/// Alpine packages that bring a C compiler, and with it CGO (`g++` pulls in gcc).
const C_COMPILERS: &[&str] = &["gcc", "g++", "build-base", "clang"];

impl DockerfileSignals {
    pub fn read(df: &Dockerfile) -> Self {
        let mut s = DockerfileSignals::default();
        let global_args = crate::model::global_args(df);
        let mut workdir = String::from("/");
        // (source, destination) of each COPY/ADD from the build context, destinations absolute.
        let mut copies: Vec<(String, String)> = Vec::new();
        // ENV and ARG values so far, for the RUN lines that read them.
        let mut vars: BTreeMap<String, String> = BTreeMap::new();
        for (_, ins) in df.instructions() {
            let kw = ins.keyword.to_ascii_lowercase();
            match kw.as_str() {
                "from" if s.base_image.is_none() => {
                    if let Some(info) = ins.from_info() {
                        // `FROM node:${NODE_VERSION}` with `ARG NODE_VERSION=20` before it,
                        // `FROM ${ARCH}python:3.8-slim` with `ARG ARCH` (empty).
                        let resolved = crate::model::from_image(&info.image_text, &global_args);
                        let image = ImageRef::parse(&resolved);
                        s.image_stack = image_stack(&image);
                        s.base = image;
                        s.base_image = Some(info.image_text);
                        s.base_line = ins.start_line;
                    }
                }
                "run" => {
                    let mut text = ins.args.clone();
                    for h in &ins.heredocs {
                        text.push('\n');
                        text.push_str(df.slice(h.body));
                    }
                    if let Form::Exec(argv) = &ins.form {
                        text = argv.join(" ");
                    }
                    // Packages and programs named through variables (`apt-get install
                    // $PYTHON_EXECUTABLE` with `ENV PYTHON_EXECUTABLE python3.6`) are read
                    // with the values the ENV and ARG lines before it give.
                    let expanded = if text.contains('$') { crate::shell::expand(&text, &|n| vars.get(n).cloned()) } else { text.clone() };
                    s.packages.extend(installed_packages(&expanded).into_iter().map(|p| (p, ins.start_line)));
                    if s.command_stack.is_none() {
                        s.command_stack = command_stack(&expanded);
                    }
                    s.runs.push(RunCommand { line: ins.start_line, text });
                }
                "copy" | "add" if ins.flag("from").is_none() => {
                    let words = ins.words(df.escape);
                    let srcs = match &ins.form {
                        Form::Exec(argv) if argv.len() > 1 => argv[..argv.len() - 1].to_vec(),
                        _ if words.len() > 1 => words[..words.len() - 1].iter().map(|w| w.text.clone()).collect(),
                        _ => Vec::new(),
                    };
                    let srcs: Vec<String> = srcs.into_iter().filter(|w| !w.starts_with("<<")).collect();
                    if let (Some(dest), [src]) = (words.last().filter(|_| words.len() > 1), srcs.as_slice()) {
                        let dest = match &ins.form {
                            Form::Exec(argv) => argv.last().cloned().unwrap_or_default(),
                            Form::Shell => dest.text.clone(),
                        };
                        copies.push((src.clone(), crate::model::join_path(&workdir, &dest)));
                    }
                    s.copy_sources.extend(srcs);
                }
                "workdir" => {
                    let dir = crate::shell::unquote(ins.args.trim());
                    workdir = if dir.contains('$') { String::new() } else { crate::model::join_path(&workdir, &dir) };
                }
                "env" => {
                    for (k, v) in env_pairs(&ins.args, df.escape) {
                        let v = if v.contains('$') { crate::shell::expand(&v, &|n| vars.get(n).cloned()) } else { v };
                        vars.insert(k.clone(), v.clone());
                        s.env.insert(k, (v, ins.start_line));
                    }
                }
                "arg" => {
                    for (k, v) in env_pairs(&ins.args, df.escape) {
                        vars.insert(k, v);
                    }
                }
                "cmd" | "entrypoint" => {
                    let text = match &ins.form {
                        Form::Exec(argv) => argv.join(" "),
                        Form::Shell => ins.args.clone(),
                    };
                    s.start_stack = start_stack(&text).or(s.start_stack);
                    // `WORKDIR /app/server` filled by `COPY server/. .`, or `node server/bin/www`
                    // run from a WORKDIR that holds both a client and a server.
                    s.start_dir = context_dir_at(&copies, &workdir);
                    s.start_dir_how = "the WORKDIR a COPY filled from it";
                    if s.start_dir.is_none() {
                        s.start_dir = started_file_dir(&text, &workdir).and_then(|d| context_dir_at(&copies, &d));
                        s.start_dir_how = "the file the start command runs is there";
                    }
                    s.command = Some(text);
                    s.command_line = ins.start_line;
                }
                _ => {}
            }
        }
        s.copies = copies;
        s
    }

    /// The first RUN whose text contains `needle`.
    pub fn run_with(&self, needle: &str) -> Option<&RunCommand> {
        self.runs.iter().find(|r| r.text.contains(needle))
    }

    /// `CGO_ENABLED` as the Dockerfile sets it (ENV or inline on a RUN), if it does.
    pub fn cgo_enabled(&self) -> Option<(bool, usize)> {
        if let Some(r) = self.runs.iter().find(|r| r.text.contains("CGO_ENABLED=")) {
            return Some((r.text.contains("CGO_ENABLED=1"), r.line));
        }
        self.env.get("CGO_ENABLED").map(|(v, line)| (v.trim_matches('"') == "1", *line))
    }

    pub fn is_alpine(&self) -> bool {
        self.base.tag.as_deref().is_some_and(|t| t.contains("alpine")) || self.base.name.ends_with("alpine")
    }

    /// Add what the Dockerfile says to a candidate found from manifests.
    pub fn enrich(&self, c: &mut Candidate) {
        let Some(image) = &self.base_image else { return };
        let stack = c.stack;
        let ours = |s: Option<Stack>| s.is_some_and(|s| super::same_family(s, stack));
        if let Some(script) = self.start_script.as_ref().filter(|_| ours(self.start_stack)) {
            c.see("Dockerfile", Some(self.command_line), format!("the start script {script} runs the {} runtime", c.stack.language()));
        }
        if let Some((file, line, service)) = self.compose_start.as_ref().filter(|_| ours(self.start_stack)) {
            c.see(file, Some(*line), format!("the Dockerfile has no CMD; Compose service {service} starts the image with the {} runtime", c.stack.language()));
        }
        if let Some(dir) = self.start_dir.as_deref().filter(|d| c.holds_context_path(d)) {
            c.see("Dockerfile", Some(self.command_line), format!("the container starts in {dir}/ of the build context ({})", self.start_dir_how));
        }
        let own_image = ours(self.image_stack);
        if own_image {
            c.see("Dockerfile", Some(self.base_line), format!("base image {image} is the {} toolchain", c.stack.language()));
        }
        // The version in the FROM tag is what builds the app: it outranks a manifest's lower
        // bound (`python_requires >=3.7`, `engines.node >=6`, `go 1.12` in go.mod). Another
        // publisher's image counts when its tag names the language
        // (`tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim`).
        let mut tagged = if own_image { self.toolchain_version(c.stack) } else { self.tag_names_language(c.stack) };
        // `FROM ubuntu:14.04` + `apt-get install python`: the release's package says (2.7).
        if let (None, Some((v, pkg, line))) = (&tagged, self.packaged_toolchain(c.stack)) {
            c.see("Dockerfile", Some(line), format!("{} {v}: what the package {pkg} installs on {image}", version_key(c.stack)));
            tagged = Some(v);
        }
        // `FROM node:alpine`, `FROM python`: the tag names no version, so the image holds
        // whatever is current; a manifest's lower bound (`engines.node >=10`) is not it.
        // (The manifest readers' note for this decision only: not a fact of the repository.)
        let floating = own_image && self.base.tag.as_deref().is_none_or(|t| !t.contains('$'));
        if let Some(bound) = c.facts.remove("version_lower_bound").filter(|_| tagged.is_none() && floating) {
            let key = version_key(c.stack);
            if c.versions.remove(key).is_some() {
                c.see("Dockerfile", Some(self.base_line), format!("{key} {bound} in the manifest is a lower bound, and {image} names no version: the image holds whatever {key} is current"));
            }
        }
        if let Some(v) = tagged {
            let key = version_key(c.stack).to_string();
            if let Some(old) = c.versions.insert(key.clone(), v.clone()).filter(|old| *old != v) {
                c.see("Dockerfile", Some(self.base_line), format!("{key} {v} from the base image's tag (the manifests say {old})"));
            }
        }
        c.set("libc", if self.is_alpine() { "musl" } else { "glibc" });
        match c.stack {
            Stack::Go => self.refine_go(c),
            Stack::Node | Stack::Spa => {
                self.refine_frontend(c);
                self.refine_prune(c);
                self.refine_package_manager(c);
            }
            Stack::Nextjs => self.refine_package_manager(c),
            Stack::Rust if c.fact("target").is_some_and(|t| t.contains("musl")) => c.set("libc", "musl"),
            _ => {}
        }
        let build_pkgs: Vec<&str> = self.packages.iter().map(|(p, _)| p.as_str()).collect();
        if !build_pkgs.is_empty() {
            c.set("apt_packages", build_pkgs.join(" "));
            if let Some((_, line)) = self.packages.first() {
                c.see("Dockerfile", Some(*line), format!("installs {}", build_pkgs.join(", ")));
            }
        }
    }

    /// CGO as the build will really have it: an explicit `CGO_ENABLED` wins; since Go 1.20 an
    /// Alpine Go image without a C compiler installed builds with CGO off, so its binaries are
    /// static. Before 1.20 CGO stayed on there: the standard library came precompiled with cgo,
    /// so a program using `net` or `os/user` linked against musl's loader (prest on
    /// golang:1.9-alpine), which no static or glibc runtime has.
    ///
    /// `cgo_default = "off"` says what a build step that does not set CGO_ENABLED gets on this
    /// image, for the programs of other steps (a `go install` of a tool beside a
    /// `CGO_ENABLED=0 go build`); elsewhere that is on.
    fn refine_go(&self, c: &mut Candidate) {
        let go = c.versions.get("go").cloned().unwrap_or_default();
        let no_compiler = self.is_alpine() && !self.packages.iter().any(|(p, _)| C_COMPILERS.contains(&p.as_str()));
        if no_compiler && !crate::templates::knowledge::version_in(&go, "<1.20") {
            c.set("cgo_default", "off");
        }
        if let Some((on, line)) = self.cgo_enabled() {
            c.set("cgo", if on { "on" } else { "off" });
            c.see("Dockerfile", Some(line), format!("CGO_ENABLED={}", if on { 1 } else { 0 }));
        } else if no_compiler && c.fact("cgo") != Some("on") {
            if crate::templates::knowledge::version_in(&go, "<1.20") {
                c.set("cgo", "on");
                c.see("Dockerfile", Some(self.base_line), format!("Go {go} on Alpine without CGO_ENABLED=0: CGO stays on (before Go 1.20 it does without a C compiler too), so the binary links musl's loader"));
            } else {
                c.set("cgo", "off");
                c.see("Dockerfile", Some(self.base_line), "Alpine Go image without a C compiler: CGO is off, the binary is static");
            }
        }
    }

    /// A Node project whose container only serves files is a static site, whatever its package
    /// depends on (an express devDependency, an ejected CRA): the start command serves a built
    /// directory (`serve -s build`, `http-server`, `vite preview`), or runs a frontend's dev
    /// server (`npm run dev` of Vite, `react-scripts start`), or the image is a web server that
    /// the build fills (`FROM nginx` + `yarn build`), or the build runs `nuxt generate`.
    fn refine_frontend(&self, c: &mut Candidate) {
        if c.stack == Stack::Spa && c.fact("frontend").is_none() {
            return;
        }
        let started = self.started_program(c);
        let Some((why, line)) = self.static_site_reason(c, &started) else { return };
        let output = c.fact("frontend_output").unwrap_or("dist").to_string();
        c.stack = Stack::Spa;
        c.language = Stack::Spa.language();
        c.framework = c.fact("frontend").map(str::to_string).or_else(|| c.framework.clone());
        c.facts.entry("output_dir".into()).or_insert(output.clone());
        c.artifacts = vec![output];
        c.see("Dockerfile", Some(line), why);
    }

    /// What the start command runs, as words: `sh -c` unwrapped, and `npm start` / `npm run dev`
    /// / `yarn dev` replaced by the script's own text where the package says it — followed
    /// through scripts that run scripts (`start` → `npm run serve` → `node dist/server.js`) — or
    /// by `script <name>` where it does not.
    fn started_program(&self, c: &Candidate) -> String {
        // A start script's own starting command stands for the script (`entrypoint.sh` runs
        // `npm run start-production`).
        let mut text = self.script_start.clone().or_else(|| self.command.clone()).unwrap_or_default();
        // Bounded: scripts may run each other in a loop.
        for _ in 0..8 {
            let words = crate::shell::words(&text);
            let words = match words.split_first().and_then(|(program, args)| crate::shell::shell_text(program, args)) {
                Some(text) => crate::shell::words(text),
                None => words,
            };
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            // Any name a package manager runs is taken for a script: one the package lacks
            // becomes `script <name>` below.
            let Some(name) = super::node::script_run_by(&refs, |_| true) else { return words.join(" ") };
            match c.package.as_ref().and_then(|p| p.scripts.get(&name)) {
                Some(script) => text = script.clone(),
                None if name == "start" => return words.join(" "),
                None => return format!("script {name}"),
            }
        }
        text
    }

    /// The package manager is the one the Dockerfile installs the dependencies with (its last
    /// install: `npm i` in a repository that also keeps a yarn.lock; a global install of a tool
    /// is not one): it outranks the lockfile.
    /// The prune msify adds is that manager's; another would reinstall from a lockfile the build
    /// never used, or fail on one out of date (node-dapr-react-calculator).
    fn refine_package_manager(&self, c: &mut Candidate) {
        let installs = self.runs.iter().flat_map(|r| {
            let commands = crate::shell::commands(&r.text);
            let found: Vec<(usize, String)> = commands.iter().filter(|c| c.installs_node_packages() && !c.installs_node_package_globally()).map(|c| (r.line, c.program().to_string())).collect();
            found
        });
        let Some((line, pm)) = installs.last() else { return };
        if c.fact("package_manager") != Some(pm.as_str()) {
            // The manifest's guess is no longer what detection says.
            for e in c.evidence.iter_mut().filter(|e| e.detail.starts_with(super::node::NO_LOCKFILE)) {
                e.detail = super::node::NO_LOCKFILE.to_string();
            }
            c.see("Dockerfile", Some(line), format!("installs the dependencies with {pm}"));
            // No yarn.lock or .yarnrc.yml said which yarn: the Node.js images ship yarn 1.
            if pm == "yarn" && c.fact("yarn_flavor").is_none() {
                c.set("yarn_flavor", "classic");
            }
            c.build_system = Some(pm.clone());
            c.set("package_manager", pm);
        }
    }

    /// A container that starts a file inside node_modules (`node node_modules/ep_etherpad-lite/
    /// node/server.js`, a package the build linked there itself) loses it to `npm prune`, which
    /// deletes what package.json does not list.
    fn refine_prune(&self, c: &mut Candidate) {
        let Some(command) = &self.command else { return };
        if c.fact("prune_breaks").is_some() {
            return;
        }
        if let Some(word) = crate::shell::words(command).into_iter().find(|w| w.contains("node_modules/")) {
            c.see("Dockerfile", Some(self.command_line), format!("the container starts {word}, inside node_modules"));
            c.set("prune_breaks", format!("the container starts {word}, and npm prune deletes what package.json does not list; the build's node_modules is copied as it is"));
        }
    }

    /// Why the image only serves files, and the line that says so; records `served_dir`,
    /// `dev_server` or `served_by_base` for the planner.
    fn static_site_reason(&self, c: &mut Candidate, started: &str) -> Option<(&'static str, usize)> {
        // `script serve` names a package script msify could not read, not the `serve` program.
        let names = if started.starts_with("script ") { Vec::new() } else { started_programs(started) };
        let runs = |w: &str| names.iter().any(|n| n == w);
        // The start script also runs the project's own code (chartbrew: `node index.js &`, then
        // `npx serve -s build`): a web server in its place would drop that program.
        if let Some(other) = self.script_also_starts.iter().find(|t| !started_programs(t).iter().any(|p| STATIC_SERVERS.contains(&p.as_str()))) {
            if c.fact("frontend").is_some() || STATIC_SERVERS.iter().any(|s| runs(s)) {
                let script = self.start_script.as_deref().unwrap_or("the start script").trim_start_matches("./");
                c.see(script, None, format!("runs `{other}` besides `{started}`: the image is more than a static site"));
            }
            return None;
        }
        if STATIC_SERVERS.iter().any(|s| runs(s)) || started.contains("vite preview") {
            if let Some(dir) = served_directory(started) {
                c.set("served_dir", dir);
            }
            self.note_served_from(c, started);
            return Some(("the start command serves a built directory", self.command_line));
        }
        // Python's file server serves its working directory (or `--directory DIR`): maputnik
        // builds with Node, then serves build/build with `python -m SimpleHTTPServer`.
        if let Some(dir) = python_file_server(&crate::shell::words(started)) {
            c.set("served_dir", dir);
            self.note_served_from(c, started);
            return Some(("the start command serves a built directory (Python's file server)", self.command_line));
        }
        // A framework's own server for its built files (`gatsby serve`: public/).
        if let Some((_, dir)) = PREVIEW_SERVERS.iter().find(|(command, _)| started.contains(command)) {
            c.set("served_dir", *dir);
            return Some(("the start command serves the framework's built files", self.command_line));
        }
        if c.fact("frontend").is_some() && is_dev_server(started, runs("vite")) {
            c.set("dev_server", "true");
            // `DISABLE_ESLINT_PLUGIN=true react-scripts start`: what the dev server ran with
            // configures the toolchain, so the production build runs with it too.
            let env = dev_server_env(started);
            if !env.is_empty() {
                c.set("dev_server_env", env);
            }
            // The package's build script may itself start the dev server (portchecker's
            // `build`: `webpack serve`): then no script makes a production build.
            if c.fact("build_script").is_some_and(|b| is_dev_server(b, b.contains("vite"))) {
                c.set("build_script_serves", "true");
            }
            return Some(("the start command runs the frontend's dev server; the image serves its production build instead", self.command_line));
        }
        // The base image's own server, started by a script (a configuration filled from the
        // environment first): the runtime keeps that image, its configuration and the script.
        let web_server_base = matches!(self.base.short_name(), "nginx" | "httpd" | "caddy" | "nginx-unprivileged");
        if let Some(run) = self.runs.iter().find(|r| web_server_base && command_stack(&r.text) == Some(Stack::Node)) {
            c.set("served_by_base", "true");
            return Some(("the image is a web server the build fills with the frontend", run.line));
        }
        if let Some((server, script)) = self.script_server.as_ref().filter(|_| c.fact("frontend").is_some() || c.fact("build_script").is_some()) {
            c.set("served_by_script", format!("{script} runs {server}"));
            return Some(("the start script serves the frontend's build with a web server the image installs", self.command_line));
        }
        let nuxt = c.fact("frontend") == Some("nuxt");
        let generate = self.runs.iter().find(|r| nuxt && r.text.contains("generate"))?;
        Some(("the build runs `nuxt generate`: a static site", generate.line))
    }

    /// Records `served_from`: where the `cd`s before the serving command leave it, relative to
    /// the start command's working directory — the start script's (`cd ../client && npx serve
    /// -s build` serves client/build) and the started text's own.
    fn note_served_from(&self, c: &mut Candidate, started: &str) {
        let commands = crate::shell::commands(started);
        let serving = commands.iter().position(|cmd| STATIC_SERVERS.iter().any(|s| started_programs(&cmd.text).iter().any(|p| p == s)) || python_file_server(&cmd.words).is_some());
        let own = cd_path(&commands[..serving.unwrap_or(0)]);
        let from = match (self.script_start_dir.clone(), own) {
            (Some(s), Some(o)) if !o.starts_with(['/', '~']) => Some(format!("{s}/{o}")),
            (s, o) => o.or(s),
        };
        if let Some(from) = from {
            c.set("served_from", from);
        }
    }

    /// The version a tag gives right after naming the language (`python3.9-slim`,
    /// `node-14-alpine`, `jdk17`): for images of other publishers that bundle a toolchain.
    fn tag_names_language(&self, stack: Stack) -> Option<String> {
        let tag = self.base.tag.as_deref().filter(|t| !t.contains('$'))?;
        let (names, parts): (&[&str], usize) = match stack {
            Stack::Python => (&["python", "py"], 2),
            Stack::Node | Stack::Spa | Stack::Nextjs => (&["nodejs", "node"], 1),
            Stack::Go => (&["golang", "go"], 2),
            Stack::Java => (&["openjdk", "jdk", "jre", "java"], 1),
            Stack::Rust => (&["rust"], 2),
        };
        let words: Vec<&str> = tag.split(['-', '_']).collect();
        words.iter().enumerate().find_map(|(i, word)| {
            let rest = names.iter().find_map(|n| word.strip_prefix(n))?;
            let version = if rest.is_empty() { words.get(i + 1).copied()? } else { rest };
            version.starts_with(|c: char| c.is_ascii_digit()).then(|| version_digits(version, parts)).flatten()
        })
    }

    /// The stack's toolchain as the base image's distribution packages it: the version its
    /// release installs for the first package a RUN installs that provides one of the stack's
    /// toolchain programs (or is named after one's package, see
    /// [`Knowledge::toolchain_package`]: nbviewer's jessie image installs only `python3-dev`
    /// and `python3-pip`, and runs Python 3.4), the package and the line.
    fn packaged_toolchain(&self, stack: Stack) -> Option<(String, String, usize)> {
        let knowledge = crate::templates::Library::builtin_knowledge()?;
        let family = knowledge.distro(&self.base).family.unwrap_or_default();
        let shown = |toolchain: &str, installed: &str| if toolchain == installed { format!("`{toolchain}`") } else { format!("`{toolchain}` (through `{installed}`)") };
        self.packages.iter().find_map(|(p, line)| {
            if let Some(v) = versioned_python(p).filter(|_| stack == Stack::Python) {
                return Some((v, format!("`{p}`"), *line));
            }
            let (t, _) = knowledge.toolchain_package(p, &family, stack.toolchain_programs())?;
            // A repository an installer added before the install chooses the version
            // (longhorn-ui: NodeSource's setup_10.x, then `apt-get install nodejs`).
            let chosen = self.runs.iter().filter(|r| r.line <= *line).flat_map(|r| knowledge.installers.iter().filter(|i| i.package.as_deref() == Some(t)).filter_map(|i| i.version_in(&r.text))).last();
            if let Some(v) = chosen {
                return Some((v, shown(t, p), *line));
            }
            // A release the knowledge does not list (`debian:sid`): the interpreter package's own
            // name still says the major version (`python3`).
            let named_major = || t.strip_prefix("python").filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit())).map(str::to_string);
            knowledge.packaged_toolchain(&self.base, t).or_else(named_major).map(|v| (v, shown(t, p), *line))
        })
    }

    /// An image without CMD or ENTRYPOINT is started by whoever runs it: the Compose services
    /// that build it say with what (backslash's `dockerize ... .env/bin/python manage.py
    /// docker-start` on ubuntu:16.04). The first service whose start runs a stack's runtime
    /// tells the start stack; the image's own start command, when there is one, counts instead.
    /// `starts` is only asked when the image has no start command (it reads Compose files).
    pub fn read_compose_starts(&mut self, starts: impl FnOnce() -> Vec<crate::compose::Start>) {
        if self.command.is_some() || self.start_stack.is_some() {
            return;
        }
        for start in &starts() {
            if let Some(stack) = start_stack(&start.text()) {
                self.start_stack = Some(stack);
                self.compose_start = Some((start.file.display().to_string(), start.line, start.service.clone()));
                return;
            }
        }
    }

    /// When the start command runs a script of the build context (`sh docker-entrypoint.sh`,
    /// `./start.sh`) rather than a runtime, the stack is the one whose runtime the script
    /// starts last: contuga's Node image starts Django through its entrypoint script.
    pub fn read_start_script(&mut self, read: impl Fn(&str) -> Option<String>) {
        if self.start_stack.is_some() {
            return;
        }
        let Some(command) = &self.command else { return };
        let words = crate::shell::words(command);
        let Some((program, args)) = words.split_first() else { return };
        let script = if crate::shell::is_shell(program.basename()) { crate::shell::shell_script_file(program, args) } else { Some(program.as_str()) };
        let Some(script) = script.filter(|w| crate::shell::is_script(w)) else { return };
        let rel = script.trim_start_matches("./").trim_start_matches('/');
        let name = rel.basename();
        // A script the image has where a COPY put it (`COPY docker /opt/deck/docker`).
        let copied = || {
            self.copies.iter().rev().find_map(|(src, dest)| {
                let below = script.strip_prefix(dest.as_str())?.strip_prefix('/')?;
                read(&crate::model::join_path(src.trim_start_matches("./"), below).trim_start_matches('/').to_string())
            })
        };
        let Some(text) = read(rel).or_else(|| read(name)).or_else(|| script.starts_with('/').then(copied).flatten()) else { return };
        let commands = crate::shell::commands(&text);
        let starts: Vec<(usize, Stack)> = commands.iter().enumerate().filter_map(|(i, c)| Some((i, start_stack(&c.text)?))).collect();
        let Some((&(last, stack), earlier)) = starts.split_last() else {
            self.script_server = commands.iter().rev().map(|c| c.program()).find(|p| WEB_SERVERS.contains(p)).map(|p| (p.to_string(), script.to_string()));
            return;
        };
        self.start_stack = Some(stack);
        self.start_script = Some(script.to_string());
        self.script_start = Some(commands[last].text.clone());
        self.script_start_dir = cd_path(&commands[..last]);
        self.script_also_starts = earlier.iter().map(|&(i, _)| commands[i].text.clone()).collect();
    }

    /// The toolchain version the base image tag carries (`golang:1.22-alpine` → `1.22`,
    /// `maven:3.9-eclipse-temurin-21` → `21`).
    pub fn toolchain_version(&self, stack: Stack) -> Option<String> {
        let tag = self.base.tag.as_deref()?;
        if tag.contains('$') {
            return None;
        }
        match stack {
            Stack::Java => java_version_from_image(&self.base),
            // `node:lts-slim` floats with the current LTS line: that is the version, not a
            // manifest's lower bound (`engines.node >=12`).
            Stack::Node | Stack::Spa | Stack::Nextjs => version_digits(tag, 1).or_else(|| node_codename(tag)).or_else(|| tag.starts_with("lts").then(|| "lts".to_string())),
            // `rustlang/rust:nightly-slim`: a release channel is the version a reader sees.
            Stack::Rust => version_digits(tag, 2).or_else(|| tag.split('-').next().filter(|c| matches!(*c, "nightly" | "beta")).map(str::to_string)),
            _ => version_digits(tag, 2),
        }
    }
}

/// `carbon` → 8: Node's release codenames, from the knowledge files.
pub fn node_codename(tag: &str) -> Option<String> {
    crate::templates::Library::builtin_knowledge()?.codename_version("node", tag)
}

fn version_key(stack: Stack) -> &'static str {
    match stack {
        Stack::Go => "go",
        Stack::Node | Stack::Spa | Stack::Nextjs => "node",
        Stack::Python => "python",
        Stack::Java => "java",
        Stack::Rust => "rust",
    }
}

/// Java major version from a JDK/Maven/Gradle image: `maven:3.9-eclipse-temurin-21` → 21,
/// `gradle:8-jdk17` → 17, `eclipse-temurin:17-jdk` → 17, `openjdk:21` → 21.
pub fn java_version_from_image(image: &ImageRef) -> Option<String> {
    let tag = image.tag.as_deref()?;
    let short = image.short_name();
    if short == "maven" || short == "gradle" {
        for marker in ["temurin-", "jdk-", "jdk", "openjdk-", "corretto-", "java"] {
            if let Some(at) = tag.find(marker) {
                return version_digits(&tag[at + marker.len()..], 1);
            }
        }
        return None;
    }
    version_digits(tag, 1)
}

/// The stack whose official toolchain image this is.
pub fn image_stack(image: &ImageRef) -> Option<Stack> {
    let short = image.short_name();
    Some(match short {
        "golang" | "go" => Stack::Go,
        // mhart/alpine-node: the Alpine Node.js image from before the official one had an
        // Alpine variant; its tag is the Node.js version.
        "node" | "alpine-node" => Stack::Node,
        "python" | "pypy" => Stack::Python,
        "maven" | "gradle" | "openjdk" | "amazoncorretto" | "sapmachine" | "ibm-semeru-runtimes" => Stack::Java,
        "eclipse-temurin" => Stack::Java,
        "rust" => Stack::Rust,
        _ if short.starts_with("python") => Stack::Python,
        _ => return None,
    })
}

/// The stack whose toolchain a RUN's commands run: read on the commands' programs, so a
/// package named like a tool (`apt-get install npm`) is not taken for the tool running.
pub(crate) fn command_stack(text: &str) -> Option<Stack> {
    crate::shell::commands(text).iter().find_map(|c| {
        let sub = c.args().first().map(String::as_str).unwrap_or("");
        Some(match c.program() {
            "go" if matches!(sub, "build" | "install" | "get") || c.has_pair("mod", "download") => Stack::Go,
            "cargo" if matches!(sub, "build" | "install") => Stack::Rust,
            "mvn" | "mvnw" | "gradle" | "gradlew" => Stack::Java,
            "poetry" | "pipenv" if sub == "install" => Stack::Python,
            "uv" if matches!(sub, "sync" | "pip") => Stack::Python,
            _ if c.runs_pip() && c.args().iter().any(|a| a == "install") => Stack::Python,
            // `npm --version` checks the install; it builds nothing.
            "npm" | "yarn" | "pnpm" if !sub.starts_with('-') || c.args().len() > 1 => Stack::Node,
            "bun" if sub == "install" => Stack::Node,
            _ => return None,
        })
    })
}

/// The build-context directory a COPY put at `dir` (the last such COPY of a directory), if it
/// is not the context itself. A source named like a file (`server/package.json`) or a glob
/// tells nothing about the directory it lands in.
fn context_dir_at(copies: &[(String, String)], dir: &str) -> Option<String> {
    if dir.is_empty() {
        return None;
    }
    copies.iter().rev().find_map(|(src, dest)| {
        let src = src.trim_start_matches("./").trim_end_matches('/').trim_end_matches("/.").trim_start_matches('/');
        let name = src.basename();
        if src.contains(['*', '?', '$']) || name.contains('.') && src != "." || !crate::model::is_within(dir, dest) {
            return None;
        }
        let below = dir[dest.len()..].trim_start_matches('/');
        let found = crate::model::join_path(if src == "." { "" } else { src }, below);
        let found = found.trim_matches('/');
        (!found.is_empty()).then(|| found.to_string())
    })
}

/// The image directory of the file a start command runs by a path (`node server/bin/www` from
/// WORKDIR /home/boop → /home/boop/server/bin).
fn started_file_dir(text: &str, workdir: &str) -> Option<String> {
    if workdir.is_empty() {
        return None;
    }
    let words = start_words(text);
    let file = words.iter().skip(1).find(|w| !w.starts_with('-'))?;
    if !file.contains('/') || file.contains(['$', '=', '*']) {
        return None;
    }
    let path = crate::model::join_path(workdir, file);
    path.rsplit_once('/').map(|(dir, _)| if dir.is_empty() { "/".to_string() } else { dir.to_string() })
}

/// The stack whose runtime a start command runs, through `sh -c` and `exec`.
fn start_stack(text: &str) -> Option<Stack> {
    let words = start_words(text);
    let program = words.first()?;
    // Python's file server (`python -m SimpleHTTPServer 8888`) serves files, whatever built them.
    if python_file_server(&words).is_some() {
        return None;
    }
    Some(match program.basename() {
        "node" | "npm" | "yarn" | "npx" | "pnpm" | "bun" | "pm2-runtime" | "nodemon" => Stack::Node,
        "python" | "python3" | "gunicorn" | "uvicorn" | "celery" | "daphne" | "hypercorn" | "flask" | "django-admin" | "waitress-serve" => Stack::Python,
        "java" => Stack::Java,
        _ => return None,
    })
}

/// The version a Python interpreter package's name carries (`python3.6`, `python3.11-dev`
/// from the deadsnakes PPA or a distribution's second interpreter), whatever the release.
fn versioned_python(pkg: &str) -> Option<String> {
    let v = pkg.split('-').next()?.strip_prefix("python")?;
    let mut parts = v.split('.');
    let numeric = |d: Option<&str>| d.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    (numeric(parts.next()) && numeric(parts.next()) && parts.next().is_none()).then(|| v.to_string())
}

/// Packages named by `apt-get install` / `apt install` / `apk add` in a shell command.
pub fn installed_packages(text: &str) -> Vec<String> {
    crate::model::run::installs(text).into_iter().flat_map(|i| i.packages).collect()
}

/// `KEY=value` pairs of an ENV instruction (both forms), quotes removed.
pub fn env_pairs(args: &str, escape: char) -> Vec<(String, String)> {
    let words = crate::syntax::split_words(args, escape);
    let unquote = |s: &str| s.trim_matches('"').trim_matches('\'').to_string();
    match words.first() {
        Some(w) if !w.text.contains('=') => {
            let rest = args[w.end..].trim();
            vec![(unquote(&w.text), unquote(rest))]
        }
        _ => words
            .iter()
            .filter_map(|w| w.text.split_once('=').map(|(k, v)| (unquote(k), unquote(v))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// py-backslash: `apt-get install -y $PYTHON_EXECUTABLE` with `ENV PYTHON_EXECUTABLE
    /// python$PYTHON_VERSION`; `npm --version` only checks the install.
    #[test]
    fn packages_named_through_variables_and_versioned_interpreters() {
        let text = "FROM ubuntu:16.04\nENV PYTHON_VERSION 3.6\nENV PYTHON_EXECUTABLE python$PYTHON_VERSION\nRUN apt-get install -y nodejs && npm --version\nRUN apt-get install -y $PYTHON_EXECUTABLE ${PYTHON_EXECUTABLE}-dev\nRUN $PYTHON_EXECUTABLE -m pip install virtualenv\n";
        let s = DockerfileSignals::read(&crate::syntax::parse(text).unwrap());
        let packages: Vec<&str> = s.packages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(packages, ["nodejs", "python3.6", "python3.6-dev"]);
        assert_eq!(s.command_stack, Some(Stack::Python));
        assert_eq!(s.packaged_toolchain(Stack::Python).map(|(v, _, line)| (v, line)), Some(("3.6".to_string(), 5)));
        assert_eq!(versioned_python("python3.11-venv").as_deref(), Some("3.11"));
        assert_eq!(versioned_python("python3-pip"), None);
    }

    /// node-dapr-react-calculator: `npm i` beside a yarn.lock; node-eolian: `yarn install`, then
    /// `npm install pm2 -g`, a tool, not the project's dependencies.
    #[test]
    fn the_package_manager_is_the_one_the_dockerfile_installs_with() {
        let manager = |text: &str| {
            let mut c = Candidate::new(Stack::Node, ".");
            c.set("package_manager", "yarn");
            DockerfileSignals::read(&crate::syntax::parse(text).unwrap()).refine_package_manager(&mut c);
            c.fact("package_manager").map(str::to_string)
        };
        assert_eq!(manager("FROM node:18\nCOPY . .\nRUN npm i\nCMD [\"npm\", \"start\"]\n").as_deref(), Some("npm"));
        assert_eq!(manager("FROM node:20\nCOPY . .\nRUN yarn install\nRUN npm install pm2 -g\n").as_deref(), Some("yarn"));
        assert_eq!(manager("FROM node:20\nCOPY . .\nRUN yarn build\n").as_deref(), Some("yarn"), "no install: the lockfile's manager stays");
    }

    /// Without a lockfile detection assumes npm; a Dockerfile that installs with yarn replaces
    /// the assumption, and the warning no longer says "assuming npm" beside "with yarn".
    #[test]
    fn the_dockerfiles_manager_replaces_the_assumed_one() {
        let mut c = Candidate::new(Stack::Node, ".");
        c.warn("package.json", None, format!("{}{}", super::super::node::NO_LOCKFILE, super::super::node::ASSUMING_NPM));
        c.set("package_manager", "npm");
        DockerfileSignals::read(&crate::syntax::parse("FROM node:10\nCOPY . .\nRUN yarn install\n").unwrap()).refine_package_manager(&mut c);
        let details: Vec<&str> = c.evidence.iter().map(|e| e.detail.as_str()).collect();
        assert_eq!(details, ["no lockfile: installs are not reproducible", "installs the dependencies with yarn"]);
    }

    #[test]
    fn a_rust_release_channel_is_the_version_of_a_nightly_tag() {
        let version = |text: &str| DockerfileSignals::read(&crate::syntax::parse(text).unwrap()).toolchain_version(Stack::Rust);
        assert_eq!(version("FROM rustlang/rust:nightly-slim\n").as_deref(), Some("nightly"));
        assert_eq!(version("FROM rust:1.76-slim-bookworm\n").as_deref(), Some("1.76"));
        assert_eq!(version("FROM rust:slim-bookworm\n"), None);
    }

    #[test]
    fn a_dev_servers_variables_are_read_for_the_build() {
        assert_eq!(dev_server_env("DISABLE_ESLINT_PLUGIN=true react-scripts start"), "DISABLE_ESLINT_PLUGIN=true");
        assert_eq!(dev_server_env("cross-env PORT=3000 REACT_APP_NAME='My app' react-scripts start"), "PORT=3000 REACT_APP_NAME=\"My app\"");
        assert_eq!(dev_server_env("vite --host"), "");
    }

    #[test]
    fn cds_before_a_command_are_followed_from_where_they_began() {
        let cds = |text: &str| cd_path(&crate::shell::commands(text));
        assert_eq!(cds("cd server\nnode index.js &\ncd ../client").as_deref(), Some("server/../client"));
        assert_eq!(cds("cd web && cd /srv/site && cd public").as_deref(), Some("/srv/site/public"));
        assert_eq!(cds("cd").as_deref(), Some("~"));
        assert_eq!(cds("export A=1"), None);
    }

    #[test]
    fn static_servers_are_programs_and_their_directories_are_operands() {
        assert!(started_programs("ng serve --host 0.0.0.0").iter().all(|p| p != "serve"));
        assert!(started_programs("npx serve -s build").iter().any(|p| p == "serve"));
        assert!(started_programs("/home/u/node_modules/serve/bin/serve.js --single -l 3000 .").iter().any(|p| p == "serve"));
        assert_eq!(served_directory("/home/u/node_modules/serve/bin/serve.js --single -l 3000 .").as_deref(), Some("."));
        assert_eq!(served_directory("http-server -p 8080 -a 0.0.0.0 dist").as_deref(), Some("dist"));
        assert_eq!(served_directory("serve -s build -l tcp://0.0.0.0:3000").as_deref(), Some("build"));
    }

    #[test]
    fn apt_packages() {
        let p = installed_packages("apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf x");
        assert_eq!(p, ["gcc", "libpq-dev"]);
        assert_eq!(installed_packages("apk add --no-cache build-base"), ["build-base"]);
    }

    #[test]
    fn another_publishers_tag_that_names_the_language_gives_the_version() {
        let signals = |from: &str| DockerfileSignals::read(&crate::syntax::parse(&format!("FROM {from}\n")).unwrap());
        assert_eq!(signals("tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim").tag_names_language(Stack::Python).as_deref(), Some("3.9"));
        assert_eq!(signals("circleci/node:14-browsers").tag_names_language(Stack::Node), None);
        assert_eq!(image_stack(&ImageRef::parse("mhart/alpine-node:14")), Some(Stack::Node));
        let words = |t: &str| crate::shell::words(t);
        assert_eq!(python_file_server(&words("python -m SimpleHTTPServer 8888")).as_deref(), Some("."));
        assert_eq!(python_file_server(&words("python3 -m http.server 80 --directory dist")).as_deref(), Some("dist"));
        assert_eq!(python_file_server(&words("python3 -m uvicorn app:app")), None);
        assert_eq!(signals("bitnami/app:node-16.3-debian").tag_names_language(Stack::Node).as_deref(), Some("16"));
        assert_eq!(signals("acme/tools:pyright-1.2").tag_names_language(Stack::Python), None);
    }

    #[test]
    fn java_versions_from_images() {
        let v = |s: &str| java_version_from_image(&ImageRef::parse(s));
        assert_eq!(v("maven:3.9-eclipse-temurin-21").as_deref(), Some("21"));
        assert_eq!(v("gradle:8.7-jdk17").as_deref(), Some("17"));
        assert_eq!(v("eclipse-temurin:17-jdk").as_deref(), Some("17"));
        assert_eq!(v("maven:3.9").as_deref(), None);
    }

    #[test]
    fn env_forms() {
        assert_eq!(env_pairs("A=1 B=\"two words\"", '\\'), [("A".into(), "1".into()), ("B".into(), "two words".into())]);
        assert_eq!(env_pairs("OLD style value", '\\'), [("OLD".to_string(), "style value".to_string())]);
    }
}

/// Where the `cd`s among `commands` leave the next one, relative to where they began (`cd
/// server`, `cd ../client` → `server/../client`; `cd /srv` starts again from /srv; a bare `cd`
/// is the home directory, `~`); `None` without a `cd`. The planner folds it onto the working
/// directory the commands start in.
fn cd_path(commands: &[crate::shell::Command]) -> Option<String> {
    let mut path: Option<String> = None;
    for cd in commands.iter().filter(|c| c.program() == "cd") {
        let to = cd.args().iter().find(|a| !a.starts_with('-')).map_or("~", String::as_str);
        path = Some(match path {
            Some(p) if !to.starts_with(['/', '~']) => format!("{p}/{to}"),
            _ => to.to_string(),
        });
    }
    path
}

/// Programs that only serve a directory of files.
const STATIC_SERVERS: &[&str] = &["serve", "http-server", "live-server", "sirv"];

/// The directory `python -m http.server` (Python 3) or `python -m SimpleHTTPServer` (Python 2)
/// serves: `--directory DIR` / `-d DIR`, else its working directory (`.`).
fn python_file_server(words: &[String]) -> Option<String> {
    let program = words.first()?.basename();
    let module = words.windows(2).position(|w| w[0] == "-m" && matches!(w[1].as_str(), "http.server" | "SimpleHTTPServer"));
    if !program.starts_with("python") || module.is_none() {
        return None;
    }
    let dir = words.windows(2).find(|w| matches!(w[0].as_str(), "--directory" | "-d")).map(|w| w[1].clone());
    Some(dir.unwrap_or_else(|| ".".into()))
}

/// Frameworks' commands that serve what their build made, and where it is.
const PREVIEW_SERVERS: &[(&str, &str)] = &[("gatsby serve", "public")];

/// Web servers a distribution installs: a start script that ends in one serves files (or
/// proxies), not a Node app.
const WEB_SERVERS: &[&str] = &["nginx", "apache2ctl", "apachectl", "apache2", "httpd", "caddy", "lighttpd"];

/// The programs a start command runs, by name: each command's program, and what it starts
/// through `npx`, `yarn dlx` / `pnpm exec`, or `node node_modules/serve/bin/serve.js` — never a subcommand or
/// an argument (`ng serve` does not run the `serve` file server).
fn started_programs(started: &str) -> Vec<String> {
    let base = |w: &str| {
        let name = w.basename();
        name.strip_suffix(".js").unwrap_or(name).to_string()
    };
    let mut out = Vec::new();
    for c in crate::shell::commands(started).iter() {
        let words: Vec<&str> = c.words.iter().map(String::as_str).filter(|w| !w.starts_with('-')).collect();
        let Some(first) = words.first() else { continue };
        let program = base(first);
        let through = match program.as_str() {
            "npx" | "pnpx" | "bunx" => words.get(1),
            // A dependency's program (`node node_modules/.bin/serve`); a file of the project
            // (`node ./bin/http-server` in http-server's own repository) is the project's code.
            "node" => words.get(1).filter(|w| w.contains("node_modules/")),
            "yarn" | "pnpm" if words.get(1).is_some_and(|w| matches!(*w, "dlx" | "exec")) => words.get(2),
            _ => None,
        };
        out.extend(through.map(|w| base(w)));
        out.push(program);
    }
    out
}

/// The directory a static file server is given: `serve -s build` → `build`,
/// `http-server dist -p 8080 -a 0.0.0.0` → `dist` (the values of its options skipped).
fn served_directory(started: &str) -> Option<String> {
    const WITH_VALUE: &[&str] = &["-l", "--listen", "-p", "--port", "-a", "--address", "--host", "-c", "--config", "--cache"];
    let is_server = |w: &str| STATIC_SERVERS.iter().any(|s| w.ends_with(s) || w.ends_with(&format!("{s}.js")));
    let words: Vec<&str> = started.split_whitespace().skip_while(|w| !is_server(w)).skip(1).collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if WITH_VALUE.contains(&w) {
            i += 2;
            continue;
        }
        let address = w.contains(|c: char| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == '.');
        if !w.starts_with('-') && !w.contains(':') && !address {
            return Some(w.to_string());
        }
        i += 1;
    }
    None
}

/// The variables a dev server's command sets for it (`A=1 react-scripts start`, `cross-env A=1
/// vite`), as shell words: `A=1 B='x y'`.
fn dev_server_env(started: &str) -> String {
    let commands = crate::shell::commands(started);
    let Some(c) = commands.iter().rev().find(|c| !c.words.is_empty()) else { return String::new() };
    let through_env = matches!(c.program(), "cross-env" | "env");
    let env_args = if through_env { c.args() } else { &[] };
    let pairs = c.assignments.iter().cloned().chain(env_args.iter().map_while(|w| w.split_once('=').map(|(k, v)| (k.to_string(), v.to_string()))));
    pairs.map(|(k, v)| format!("{k}={}", crate::shell::quote(&v))).collect::<Vec<_>>().join(" ")
}

/// A frontend's development server: `npm run dev`, `vite`, `react-scripts start`, `ng serve`...
fn is_dev_server(started: &str, runs_vite: bool) -> bool {
    const DEV: [&str; 6] = ["react-scripts start", "vue-cli-service serve", "ng serve", "nuxt dev", "webpack serve", "webpack-dev-server"];
    started.starts_with("script dev")
        || started.starts_with("script serve")
        || runs_vite && !started.contains("build") && !started.contains("preview")
        || DEV.iter().any(|d| started.contains(d))
        || started.trim() == "nuxt"
}

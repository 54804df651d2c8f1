//! What happens to each instruction of the single stage: stays in the builder, moves to the
//! runtime, is repeated there (whole, or only the commands of it the runtime needs), or is
//! dropped because the runtime runs something else. One place for the rule; the builder edits
//! and the runtime replay both read its answer.

use crate::paths::Basename;
use super::{env_holds_secret, looks_secret, secret_file, Planner};
use crate::detect::dockerfile_signals::env_pairs;
use crate::model::{is_within, Step};
use crate::shell::Command;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Builder only.
    Stay,
    /// Runtime only: deleted from the builder with its comments, replayed in the runtime.
    Move,
    /// Kept in the builder and replayed verbatim in the runtime.
    Repeat,
    /// Kept in the builder; the runtime replays only these commands of it (a user created by a
    /// RUN that also installs compilers: only the `useradd`).
    RepeatPart(Vec<String>),
    /// Deleted: the runtime runs another command (the template's server, the built binary).
    Drop,
    /// Moved to the `test` stage (`--test-stage`): a RUN that only runs tests.
    Test,
}

impl Role {
    pub fn in_runtime(&self) -> bool {
        !matches!(self, Role::Stay | Role::Drop | Role::Test)
    }
    pub fn leaves_builder(&self) -> bool {
        matches!(self, Role::Move | Role::Drop | Role::Test)
    }
}

/// Directories only builds use: files copied there never matter at run time.
pub(crate) const BUILDER_ONLY: &[&str] = &["/tmp", "/root", "/var/cache", "/usr/share/maven", "/go/src", "/go/pkg", "/usr/src", "/src", "/build", "/workspace", "/home/gradle", "/usr/local/cargo/registry"];

/// Whether the WORKDIR at step `i` names a directory the build deletes for good and leaves
/// for an absolute WORKDIR: the build works there (`WORKDIR /src`, `cp -r /src /usr/app && rm
/// -rf /src`, `WORKDIR /usr/app`); repeated in the runtime it would only make an empty
/// directory the original image did not have.
fn workdir_left_behind(p: &Planner, i: usize) -> bool {
    let steps = &p.stage.steps;
    let Some(dir) = steps.get(i + 1).map(|n| &n.before.workdir) else { return false };
    let next_workdir = steps[i + 1..].iter().find(|s| s.kw == "workdir");
    let absolute = next_workdir.is_some_and(|s| crate::shell::unquote(s.ins.args.trim()).starts_with('/'));
    absolute && *dir != p.stage.end.workdir && p.stage.deleted_for_good(dir).is_some()
}

/// The role of every step of the stage, in step order.
pub(crate) fn roles(p: &Planner) -> Vec<Role> {
    let steps = &p.stage.steps;
    let replaced = p.replaces_command();
    // ENV/USER/WORKDIR with no build step after them only matter at run time: they move (a USER
    // or WORKDIR left at the end of the builder would also apply to the steps msify appends
    // there: `npm prune` in an empty `/config`).
    let last_build = steps.iter().rposition(|s| matches!(s.kw.as_str(), "run" | "copy" | "add")).unwrap_or(0);
    // A template that serves the build's output with its own server (nginx) keeps none of the
    // builder's working directory, user, shell or environment: they belong to the toolchain's
    // image and its build (NODE_ENV, the user the build ran as).
    let serves = p.template.runtime.serves_files;
    let mut roles: Vec<Role> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let late = i > last_build;
            match s.kw.as_str() {
                "cmd" | "entrypoint" if replaced => Role::Drop,
                "run" if p.options.test_stage && super::test_stage::only_tests(s) => Role::Test,
                "workdir" | "user" | "shell" | "run" | "arg" if serves => Role::Stay,
                "env" if serves && !read_at_start(p, s) => Role::Stay,
                "cmd" | "entrypoint" | "expose" | "volume" | "healthcheck" | "stopsignal" | "label" | "maintainer" | "onbuild" => Role::Move,
                "env" if env_is_secret(p, s) => env_without_credentials(p, s),
                // The runtime never works in a directory only the build uses (see `build_only`).
                "workdir" if p.build_only.iter().any(|d| is_within(steps.get(i + 1).map_or(&p.stage.end.workdir, |n| &n.before.workdir), d)) => Role::Stay,
                "workdir" if workdir_left_behind(p, i) => Role::Stay,
                "env" | "user" | "workdir" if late => Role::Move,
                "env" | "user" | "workdir" | "shell" => Role::Repeat,
                "copy" | "add" if copies_runtime_files(p, s) => Role::Repeat,
                "run" => run_role(p, s),
                _ => Role::Stay,
            }
        })
        .collect();
    // ARGs: repeated where a line the runtime replays reads them. Credentials only where an ENV
    // the runtime sets keeps their value (`ENV APP_PASS=$password`): the original image has it
    // in its environment, and without the ARG the runtime's would be empty.
    let read: Vec<String> = steps.iter().zip(&roles).filter(|(_, r)| r.in_runtime()).flat_map(|(s, r)| reads(p, s, r)).collect();
    let kept_in_env: Vec<String> = steps.iter().zip(&roles).filter(|(s, r)| s.kw == "env" && r.in_runtime()).flat_map(|(s, r)| reads(p, s, r)).collect();
    for (s, role) in steps.iter().zip(roles.iter_mut()) {
        if s.kw == "arg" {
            let names = arg_names(p, s);
            let secret = names.iter().any(|n| looks_secret(n));
            if names.iter().any(|n| read.contains(n)) && (!secret || names.iter().any(|n| kept_in_env.contains(n))) {
                *role = Role::Repeat;
            }
        }
    }
    roles
}

/// Whether the start command or a start script names a variable this ENV sets: longhorn-ui's
/// `envsubst '${LONGHORN_MANAGER_IP}' < nginx.conf.template` fills the server's configuration
/// from it, so the server's image needs it as much as a toolchain's would.
fn read_at_start(p: &Planner, s: &Step) -> bool {
    // The template's own server command replaces the user's: what that read, nothing does.
    if p.replaces_command() {
        return false;
    }
    let starts = p.stage.steps.iter().filter(|x| matches!(x.kw.as_str(), "cmd" | "entrypoint")).map(|x| x.ins.args.as_str());
    let scripts = p.start_scripts();
    let texts: Vec<&str> = starts.chain(scripts.iter().map(|x| x.text.as_str())).collect();
    let names = crate::detect::dockerfile_signals::env_pairs(&s.ins.args, p.df.escape);
    names.iter().any(|(name, _)| texts.iter().any(|t| crate::shell::names_variable(t, name)))
}

/// Names an ARG declares.
pub(crate) fn arg_names(p: &Planner, s: &Step) -> Vec<String> {
    s.ins.words(p.df.escape).into_iter().map(|w| w.text.split('=').next().unwrap_or("").to_string()).collect()
}

/// Variables a replayed line reads.
pub(crate) fn reads(p: &Planner, s: &Step, role: &Role) -> Vec<String> {
    match role {
        Role::RepeatPart(parts) => parts.iter().flat_map(|t| crate::shell::referenced(t)).collect(),
        _ => {
            let mut text = s.ins.args.clone();
            for f in &s.ins.flags {
                text.push(' ');
                text.push_str(f.value.as_deref().unwrap_or(""));
            }
            if s.kw == "run" {
                text = s.run_text(p.df);
            }
            crate::shell::referenced(&text)
        }
    }
}

fn env_is_secret(p: &Planner, s: &Step) -> bool {
    env_pairs(&s.ins.args, p.df.escape).iter().any(|(k, v)| env_holds_secret(k, v))
}

/// An ENV that sets a credential among other variables: the runtime sets the others (`ENV
/// RO_DATA=/var/lib/ro RO_CERTPASSWD=...` keeps RO_DATA), the builder keeps the whole line.
fn env_without_credentials(p: &Planner, s: &Step) -> Role {
    let kept: Vec<String> = env_pairs(&s.ins.args, p.df.escape).into_iter().filter(|(k, v)| !env_holds_secret(k, v)).map(|(k, v)| format!("{k}={}", crate::shell::quote(&v))).collect();
    if kept.is_empty() {
        Role::Stay
    } else {
        Role::RepeatPart(kept)
    }
}

/// A COPY/ADD the runtime needs as well: files put outside the app (config files, entrypoint
/// scripts), not into build-only directories, not credentials, not from another image.
fn copies_runtime_files(p: &Planner, s: &Step) -> bool {
    if s.ins.flag("from").is_some() {
        return false;
    }
    let Some(copy) = &s.copy else { return false };
    if copy.sources.iter().any(|src| secret_file(src.basename())) {
        return false;
    }
    // What the build deletes again once done (sqlpad's `rm -rf /sqlpad`) was never in the image.
    let builder_only = BUILDER_ONLY.iter().any(|d| is_within(&copy.dest, d)) || p.build_only.iter().any(|d| is_within(&copy.dest, d)) || p.stage.deleted_for_good(&copy.dest).is_some();
    let outside = !p.in_project(&copy.dest) && !builder_only && copy.dest != "/";
    outside || copies_data_for_a_program(p, copy)
}

/// A compiled program's data copied into its sources (`COPY migrations migrations/`,
/// `COPY templates ./templates`), or anything from the build context when nothing of it is
/// compiled (see [`Planner::compiles_nothing_of_the_project`]): what the template's `sources`
/// patterns do not name — neither
/// the copied name nor, for a directory of the build context, anything in it a few levels down
/// (`COPY backend/ .` of a Go module is sources; so is `COPY src /source/src` whose packages
/// are src/config, src/effects).
pub(super) fn copies_data_for_a_program(p: &Planner, copy: &crate::model::CopyEffect) -> bool {
    (copy.from.is_none() && p.compiles_nothing_of_the_project().is_some()) || copies_no_sources(p, copy)
}

/// Whether a COPY brings nothing the template's `sources` patterns name (see
/// [`copies_data_for_a_program`]).
pub(super) fn copies_no_sources(p: &Planner, copy: &crate::model::CopyEffect) -> bool {
    if p.template.builder.sources.is_empty() || p.copies_project() {
        return false;
    }
    let is_source = |name: &str| p.template.builder.is_source(name);
    // COPY sources are relative to the build context.
    let root = p.context;
    copy.sources.iter().all(|src| {
        let name = src.trim_end_matches('/').basename();
        let inside = || holds_sources(&root.join(src.trim_start_matches("./")), &is_source, 3);
        !matches!(name, "." | "" | "*" | "..") && !name.contains('*') && !is_source(name) && !inside()
    })
}

/// Whether directory `dir` holds a file the template calls a source, `depth` levels down at most.
fn holds_sources(dir: &std::path::Path, is_source: &dyn Fn(&str) -> bool, depth: usize) -> bool {
    crate::fsview::list(dir).is_some_and(|l| {
        l.iter().any(|(n, kind)| is_source(n) || (depth > 1 && *kind == crate::fsview::Kind::Dir && holds_sources(&dir.join(n), is_source, depth - 1)))
    })
}

/// A RUN that only sets up accounts and the file system the runtime needs is repeated whole; of
/// a RUN that also builds, the runtime gets just those commands. Everything else stays.
fn run_role(p: &Planner, s: &Step) -> Role {
    let Some(fx) = &s.run else { return Role::Stay };
    let commands = &fx.commands;
    let needed: Vec<usize> = (0..commands.len()).filter(|&i| runtime_setup(p, s, &commands[i])).collect();
    if needed.is_empty() {
        return Role::Stay;
    }
    // A command fed by a pipe (`echo "root:pw" | chpasswd`) is repeated with its pipeline.
    let with_pipe = |i: usize| {
        let start = (0..i).rev().take_while(|&j| commands[j].then == "|").last().unwrap_or(i);
        commands[start..i].iter().map(|c| format!("{} | ", c.text)).collect::<String>() + &without_copied_paths(p, s, &idempotent(&commands[i]), &commands[i])
    };
    let texts: Vec<String> = needed.iter().map(|&i| with_pipe(i)).collect();
    let unchanged = needed.iter().zip(&texts).all(|(&i, t)| commands[i].text == *t);
    if needed.len() == fx.commands.len() && fx.commands.iter().all(|c| c.then != "|") && unchanged {
        return Role::Repeat;
    }
    Role::RepeatPart(texts)
}

/// A command that edits the configuration of a package the runtime installs again (`echo
/// "daemon off;" >> /etc/nginx/nginx.conf` for nginx under supervisord, `sed -i` of a file in
/// /etc/supervisor): the runtime's fresh install would run on the package's defaults. Its files
/// are in `/etc/<package>`; a package counts when the stage installs it and it is no build tool
/// (what the runtime installs again, see [`super::needs`]).
fn configures_a_kept_package(p: &Planner, s: &Step, c: &Command) -> bool {
    if configures_a_program_the_app_runs(p, s, c) {
        return true;
    }
    let kept = |pkg: &String| !super::needs::is_build_tool(pkg, p.cand.stack);
    let installed: Vec<&String> = p.stage.of("run").filter(|i| i.line < s.line).flat_map(|i| i.run.iter().flat_map(|fx| fx.installs.iter().flat_map(|x| x.packages.iter()))).filter(|pkg| kept(pkg)).collect();
    if installed.is_empty() {
        return false;
    }
    let fx = crate::model::run::read(&c.text, &s.before);
    let edited: Vec<&str> = fx.writes.iter().chain(&fx.edits).map(|w| w.path.as_str()).collect();
    let of_kept_package = |path: &&str| installed.iter().any(|pkg| is_within(path, &format!("/etc/{pkg}")));
    fx.installs.is_empty() && !edited.is_empty() && edited.iter().all(of_kept_package)
}

/// A command of a program the app runs (its sources, its start script), and the runtime
/// installs, that edits only system settings (`git config --system credential.helper env` for
/// repo2docker's `git clone`): the runtime's fresh install would run on its defaults.
fn configures_a_program_the_app_runs(p: &Planner, s: &Step, c: &Command) -> bool {
    if !p.base_programs_the_app_runs().iter().any(|(program, _)| program == c.program()) {
        return false;
    }
    let fx = crate::model::run::read(&c.text, &s.before);
    let edited: Vec<&str> = fx.writes.iter().chain(&fx.edits).map(|w| w.path.as_str()).collect();
    !edited.is_empty() && edited.iter().all(|path| is_within(path, "/etc"))
}

/// Directories every runtime with a shell has, where a file written from a command's own text
/// lands without a `mkdir` first.
const SYSTEM_CONFIG_DIRS: &[&str] = &["/", "/etc", "/usr/local/etc"];

/// A file the build writes from the command's own text (`echo '{"store": ...}' >
/// /etc/cayley.json`, `printf 'Europe/Berlin' > /etc/timezone`) outside the project: the app
/// or the system reads it at run time (cayley finds its config in /etc), and the command
/// repeats exactly. Only where the runtime has the directory: a system config directory, or
/// one an earlier instruction made outside the project (that `mkdir` is repeated too).
fn writes_text_file(s: &Step, c: &Command, outside: &dyn Fn(&str) -> bool, resolve: &dyn Fn(&str) -> String) -> bool {
    if !matches!(c.program(), "echo" | "printf") {
        return false;
    }
    let targets: Vec<String> = c.writes.iter().filter(|w| !w.starts_with("/dev/") && !w.starts_with('&')).map(|w| resolve(w)).collect();
    let parent = |t: &str| t.rsplit_once('/').map(|(dir, _)| if dir.is_empty() { "/".to_string() } else { dir.to_string() }).unwrap_or_default();
    let dir_in_runtime = |dir: &str| SYSTEM_CONFIG_DIRS.contains(&dir) || (s.before.made(dir).is_some() && outside(dir));
    !targets.is_empty() && targets.iter().all(|t| outside(t) && dir_in_runtime(&parent(t)))
}

/// Whether a later COPY or ADD the runtime repeats copies into this directory by naming it
/// without a trailing slash (mmock: `mkdir /tls`, then `ADD ./tls/server.crt /tls`): into a
/// directory that exists the file lands inside it, and where it does not the file becomes
/// `/tls` itself, each copy replacing the one before. The runtime must make it first.
fn copied_into_by_the_runtime(p: &Planner, s: &Step, dir: &str) -> bool {
    p.stage.steps.iter().filter(|later| later.item > s.item).any(|later| {
        let written_bare = later.ins.args.split_whitespace().last().is_some_and(|d| !d.ends_with('/'));
        later.copy.as_ref().is_some_and(|c| c.dest == dir) && written_bare && copies_runtime_files(p, later)
    })
}

/// A command as the runtime repeats it: a `mkdir` gets `-p`. The runtime may have made the
/// directory already (its WORKDIR, the directories msify gives the app's user first), and a
/// plain `mkdir` of a directory that exists fails the build; the original only ran it where
/// the directory did not exist, so `-p` does the same there.
fn idempotent(c: &Command) -> String {
    if c.program() != "mkdir" || crate::model::run::has_short_or_long(c.args(), 'p', "--parents") {
        return c.text.clone();
    }
    let word = c.program_word();
    match c.text.find(word) {
        Some(at) => format!("{} -p{}", &c.text[..at + word.len()], &c.text[at + word.len()..]),
        None => c.text.clone(),
    }
}

/// A path a command of step `s` names, as it resolves there: WORKDIR and the stage's variables.
fn resolve_at(s: &Step, word: &str) -> String {
    crate::model::join_path(&s.before.workdir, &crate::shell::expand(word, &|n: &str| s.before.value(n)))
}

/// A `chown`/`chgrp`/`chmod` the runtime repeats, less the app's own paths it names (py-oncall:
/// `chown -R oncall /home/oncall/source /var/log/nginx`): the runtime copies those from the
/// builder with the owners and modes they got there, after its repeated RUNs, where they do not
/// exist yet. An operand not written as a plain word in the text is left as it is.
fn without_copied_paths(p: &Planner, s: &Step, text: &str, c: &Command) -> String {
    if !matches!(c.program(), "chown" | "chgrp" | "chmod") {
        return text.to_string();
    }
    let mut out = text.to_string();
    for operand in c.args().iter().filter(|a| a.starts_with('/') && p.in_project(&resolve_at(s, a))) {
        let word = format!(" {operand}");
        let ends_word = |at: usize| out[at + word.len()..].chars().next().is_none_or(|ch| ch.is_whitespace() || ch == ';');
        if let Some(at) = out.match_indices(&word).map(|(at, _)| at).find(|&at| ends_word(at)) {
            out.replace_range(at..at + word.len(), "");
        }
    }
    out
}

/// Whether the runtime needs this command of a RUN: it creates an account, prepares a path the
/// app uses outside its own directories, or installs globally the tool the container starts.
fn runtime_setup(p: &Planner, s: &Step, c: &Command) -> bool {
    let program = c.program();
    if crate::shell::is_account_command(program) {
        return true;
    }
    // Not what the build deletes again once done (jhipster-registry's `rm -rf /code` after
    // packaging the war): the image never had it.
    let outside = |path: &str| !p.in_project(path) && !BUILDER_ONLY.iter().any(|d| is_within(path, d)) && path != "/" && p.stage.deleted_for_good(path).is_none();
    let resolve = |w: &str| resolve_at(s, w);
    if matches!(program, "mkdir" | "chown" | "chgrp" | "chmod" | "touch" | "ln") {
        let paths: Vec<String> = c.args().iter().filter(|a| a.starts_with('/') || a.starts_with('$')).map(|a| resolve(a)).collect();
        // A file the build downloaded or moved is copied with its mode and owner: no chmod again.
        // A link to one is made again: the copy brings what it points at, not the link.
        let made_by_build = |x: &String| program != "ln" && p.outputs.iter().any(|o| is_within(x, o));
        if program == "mkdir" && paths.iter().any(|x| copied_into_by_the_runtime(p, s, x)) {
            return true;
        }
        return !paths.is_empty() && paths.iter().any(|x| outside(x)) && paths.iter().all(|x| (outside(x) || p.in_project(x)) && !made_by_build(x));
    }
    if configures_a_kept_package(p, s, c) {
        return true;
    }
    if writes_text_file(s, c, &outside, &resolve) {
        return true;
    }
    if super::python::installs_only_started_tool(p, c) {
        return true;
    }
    // A tool installed globally that the start command or a start script runs (`npm install
    // -g pm2` for `pm2-runtime`): the runtime installs it the same way.
    if c.installs_node_package_globally() {
        let started: Vec<&str> = std::iter::once(p.cmd.program_name()).chain(p.start_scripts().iter().flat_map(|s| s.commands.iter().map(|c| c.program()))).collect();
        return c.args().iter().filter(|a| !a.starts_with('-') && !matches!(a.as_str(), "install" | "i" | "add" | "global")).any(|spec| {
            // `typescript@4` → `typescript`, `@nestjs/cli@9` → `@nestjs/cli`.
            let package = match spec.strip_prefix('@') {
                Some(scoped) => format!("@{}", scoped.split('@').next().unwrap_or(scoped)),
                None => spec.split('@').next().unwrap_or(spec).to_string(),
            };
            let name = package.basename();
            let binaries = p.knowledge.npm_binaries(&package);
            !name.is_empty() && started.iter().any(|started| binaries.iter().any(|b| b == started) || *started == name || started.starts_with(&format!("{name}-")))
        });
    }
    false
}

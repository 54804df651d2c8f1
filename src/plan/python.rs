//! Where a Python build puts its dependencies, so the runtime can receive them as a directory:
//! a virtualenv the Dockerfile already makes (used as it is — never a second one), the
//! project's own `.venv` (poetry in-project, `uv sync`, PDM: copied with the project), the
//! installing user's `~/.local` (`pip install --user`), or a virtualenv msify inserts before the
//! first install — at a point where root can create it, owned by the user who installs.

use super::artifacts::installs_python_packages;
use super::{Planner, Refusal};
use crate::model::{is_non_root, is_within, Step};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum PythonEnv {
    /// No Python dependencies to move.
    #[default]
    None,
    /// The Dockerfile makes this virtualenv itself.
    Existing(String),
    /// Inside the project (copied with it): the Dockerfile's own venv there, or a tool's
    /// in-project `.venv` (None).
    InProject(Option<String>),
    /// `pip install --user`: the installing user's site directory (`$HOME/.local`), and its owner.
    UserSite { path: String, owner: String },
    /// `poetry install` run by a user other than root, poetry making the virtualenv itself: the
    /// directory poetry keeps its virtualenvs in for that user (`~/.cache/pypoetry/virtualenvs`),
    /// and its owner. `poetry run` finds the virtualenv there by the project's path.
    PoetryEnvs { path: String, owner: String },
    /// msify inserts `/opt/venv` before the item `at`; `owner` gets it when the install runs as
    /// a user other than root; `venv_package` is installed first when the distribution's
    /// interpreter lacks the venv module (see [`venv_package`]).
    Inserted { at: usize, line: usize, owner: Option<String>, venv_package: Option<String> },
}

pub(crate) fn decide(p: &Planner) -> Result<PythonEnv, Refusal> {
    let installs: Vec<&Step> = p.stage.steps.iter().filter(|s| installs_python_packages(s) && !installs_only_tools(p, s)).collect();
    let texts = || p.stage.steps.iter().filter(|s| s.kw == "run").map(|s| (s, s.run_text(p.df)));
    for (s, text) in texts() {
        if text.contains("uv pip install") && text.contains("--system") {
            return Err(Refusal::at(Some(s.line), "dependencies are installed into the system interpreter (`uv pip install --system`); msify cannot move them safely. Install into a virtualenv instead"));
        }
    }
    if let Some(venv) = existing_venv(p) {
        return Ok(if p.in_project(&venv) { PythonEnv::InProject(Some(venv.clone())) } else { PythonEnv::Existing(venv) });
    }
    let in_project = p.stage.end.value("POETRY_VIRTUALENVS_IN_PROJECT").is_some_and(|v| v == "true" || v == "1")
        || texts().any(|(_, t)| t.contains("virtualenvs.in-project true") || t.contains("uv sync") || t.contains("pdm install") || t.contains("pdm sync"))
        || p.cmd.program().contains(".venv/bin/");
    if in_project {
        return Ok(PythonEnv::InProject(None));
    }
    // `pip install --user`, or pip run by a user who cannot write the system's site-packages:
    // pip 20+ then installs into that user's site directory by itself.
    let user_install = installs.iter().find(|s| pip_installs(s, true) || (s.before.non_root() && pip_installs(s, false)));
    if let Some(s) = user_install {
        return Ok(PythonEnv::UserSite { path: format!("{}/.local", home_of(p, s)), owner: s.before.user.clone() });
    }
    if let Some(envs) = poetry_envs(p, &installs) {
        return Ok(envs);
    }
    let Some(first) = installs.first() else { return unread_make_installs(p).map_or(Ok(PythonEnv::None), Err) };
    // Root must create /opt/venv: before the USER that switched away from root, if the install
    // runs as another user, and then the venv belongs to that user.
    // One virtualenv, written by one user: root's install first and another user's later
    // (telescope: `pip install poetry` as root, `poetry install` as app) cannot share it.
    if let Some(other) = installs.iter().find(|s| s.before.user != first.before.user && (s.before.non_root() || first.before.non_root())) {
        return Err(Refusal::at(
            Some(other.line),
            format!(
                "line {} installs Python packages as {}, line {} as {}: one virtualenv msify would insert cannot be written by both; install them as one user, or create a virtualenv yourself (`python -m venv`) and msify will copy it",
                other.line, other.before.user, first.line, first.before.user
            ),
        ));
    }
    if let Some(refusal) = system_interpreter_by_path(p) {
        return Err(refusal);
    }
    let venv_package = venv_package(p, first)?;
    if !first.before.non_root() {
        return Ok(PythonEnv::Inserted { at: first.first_item, line: first.line, owner: None, venv_package });
    }
    let switch = p.stage.steps.iter().filter(|s| s.kw == "user" && s.item < first.item).last();
    match switch {
        Some(u) if !u.before.non_root() => Ok(PythonEnv::Inserted { at: u.first_item, line: first.line, owner: Some(first.before.user.clone()), venv_package }),
        _ => Err(Refusal::at(
            Some(first.line),
            format!("line {} installs Python packages as {}, and no point before it runs as root where msify could create a virtualenv for them; create one yourself (`python -m venv`) and msify will copy it", first.line, first.before.user),
        )),
    }
}

/// The system's interpreter started by its path (`CMD ["/usr/local/bin/python3", "app.py"]`,
/// supervisord's `command=/usr/local/bin/python3 -u /app/main.py`): it does not see the
/// virtualenv msify would insert for the dependencies, so the app would start without them
/// (featurecloud's app template on the engine: `No module named 'bottle'`, 502). Read in the
/// start command, the start scripts and the files a COPY names one by one (configuration).
fn system_interpreter_by_path(p: &Planner) -> Option<Refusal> {
    let hint = "name it `python3` (found on PATH, where the virtualenv comes first), or create a virtualenv yourself (`python -m venv`) and msify will copy it";
    if let Some(w) = p.cmd.argv.iter().chain(&p.cmd.programs).find(|w| is_system_python(w)) {
        return Some(Refusal::at(p.cmd.line, format!("the container starts {w} by its path: the system's interpreter, which would not see the virtualenv msify adds for the dependencies; {hint}")));
    }
    if let Some((script, w)) = p.start_scripts().iter().find_map(|sc| sc.commands.iter().flat_map(|c| c.words.iter()).find(|w| is_system_python(w)).map(|w| (sc, w))) {
        return Some(Refusal::at(p.cmd.line, format!("its {} runs {w} by its path: the system's interpreter, which would not see the virtualenv msify adds for the dependencies; {hint}", script.describe())));
    }
    for s in p.stage.of("copy") {
        let Some(c) = s.copy.as_ref().filter(|c| c.from.is_none()) else { continue };
        for src in c.sources.iter().filter(|src| !src.contains(['*', '?', '$']) && !src.ends_with('/')) {
            let Some(text) = p.context_file_at(&c.target_of(src)).filter(|t| t.len() < 256 * 1024) else { continue };
            let found = text.lines().enumerate().find_map(|(n, line)| line.split(|ch: char| ch.is_whitespace() || "=\"',[]".contains(ch)).find(|w| is_system_python(w)).map(|w| (n + 1, w.to_string())));
            if let Some((n, w)) = found {
                return Some(Refusal::at(Some(s.line), format!("{src} (copied by line {}), line {n}, runs {w} by its path: the system's interpreter, which would not see the virtualenv msify adds for the dependencies; {hint}", s.line)));
            }
        }
    }
    None
}

/// `/usr/local/bin/python3`, `/usr/bin/python3.11`: the image's own interpreter by its path.
fn is_system_python(word: &str) -> bool {
    let rest = word.strip_prefix("/usr/local/bin/python").or_else(|| word.strip_prefix("/usr/bin/python"));
    rest.is_some_and(|r| r.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
}

/// No install of the app's dependencies in the Dockerfile, and a RUN that runs `make`, whose
/// recipes msify does not read for Python: the dependencies are installed there, somewhere
/// msify cannot see (ichnaea: `make -f docker.make build_python_deps` runs pip into the
/// system's site-packages, `build_deps` installs a C library into /usr/local/lib), and a
/// runtime that copies only the app would lack them.
fn unread_make_installs(p: &Planner) -> Option<Refusal> {
    let (s, text) = p.stage.of("run").find_map(|s| s.run.as_ref()?.commands.iter().find(|c| c.runs_make()).map(|c| (s, &c.text)))?;
    Some(Refusal::at(
        Some(s.line),
        format!("line {} runs `{text}`, and msify does not read Makefile recipes of a Python build: where it installs the app's dependencies (pip into the system's site-packages?) and what else it puts outside the app directory are unknown, and no `pip install` in the Dockerfile says it. Run the dependency installs in the Dockerfile itself, or split it by hand", s.line),
    ))
}

/// Poetry's own virtualenv, made by a user other than root (telescope: `pip install poetry` as
/// root, `poetry install` as app, `poetry run` at start): no virtualenv msify inserts could be
/// written by both users, and none is needed. Poetry puts the app's dependencies in a
/// virtualenv of that user's, which the runtime copies with its owner; the tool install is the
/// runtime's too (roles repeat a pip install of only the tools the container starts). Only
/// when every other install is such a tool install, and poetry makes the virtualenv itself
/// (not `virtualenvs.create false`, not inside the project).
fn poetry_envs(p: &Planner, installs: &[&Step]) -> Option<PythonEnv> {
    let (poetry, others): (Vec<&Step>, Vec<&Step>) = installs.iter().copied().partition(|s| install_commands(s).iter().any(|c| runs_poetry_install(c)));
    let first = poetry.first()?;
    let one_user = poetry.iter().all(|s| s.before.user == first.before.user && install_commands(s).iter().all(|c| runs_poetry_install(c)));
    let tools_only = others.iter().all(|s| installs_only(s, started_tools(p)));
    let creates = |s: &&Step| s.before.value("POETRY_VIRTUALENVS_CREATE").is_none_or(|v| !matches!(v.as_str(), "false" | "0"));
    let told_not_to = p.stage.steps.iter().any(|s| s.kw == "run" && s.run_text(p.df).contains("virtualenvs.create false"));
    if !first.before.non_root() || !one_user || !tools_only || told_not_to || !poetry.iter().all(creates) {
        return None;
    }
    Some(PythonEnv::PoetryEnvs { path: poetry_envs_dir(p, first), owner: first.before.user.clone() })
}

/// `poetry install` (or `poetry sync`).
fn runs_poetry_install(c: &crate::shell::Command) -> bool {
    c.program() == "poetry" && c.args().first().is_some_and(|a| matches!(a.as_str(), "install" | "sync"))
}

/// A step's commands that install Python packages.
fn install_commands<'s>(s: &'s Step<'_>) -> Vec<&'s crate::shell::Command> {
    s.run.iter().flat_map(|fx| fx.commands.iter()).filter(|c| super::artifacts::command_installs_python_packages(&c.words) || runs_poetry_install(c)).collect()
}

/// Where poetry keeps its virtualenvs for the user a step runs as: `POETRY_VIRTUALENVS_PATH`,
/// else `virtualenvs` in poetry's cache directory (`POETRY_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/pypoetry`, else `~/.cache/pypoetry`).
fn poetry_envs_dir(p: &Planner, s: &Step) -> String {
    let value = |name: &str| s.before.value(name).filter(|v| v.starts_with('/'));
    if let Some(path) = value("POETRY_VIRTUALENVS_PATH") {
        return path;
    }
    let cache = value("POETRY_CACHE_DIR").or_else(|| value("XDG_CACHE_HOME").map(|c| format!("{}/pypoetry", c.trim_end_matches('/'))));
    format!("{}/virtualenvs", cache.unwrap_or_else(|| format!("{}/.cache/pypoetry", home_of(p, s).trim_end_matches('/'))))
}

/// Debian and Ubuntu package Python's `venv` module apart (`python3-venv`): with the
/// interpreter from the distribution's packages and no such package installed before the first
/// install, the virtualenv msify inserts cannot be created (`ensurepip is not available`). The
/// build stage then installs it first (z2jh's hub on ubuntu:20.04); the runtime needs only the
/// interpreter the venv links to. When the same RUN installs the interpreter and the Python
/// packages (nbviewer on jessie), there is no point between them for the virtualenv: refused,
/// naming the line.
fn venv_package(p: &Planner, first: &Step) -> Result<Option<String>, Refusal> {
    let family = first.before.distro.family.as_deref().unwrap_or_default();
    if p.fact("toolchain_from") != "packages" || !matches!(family, "debian" | "ubuntu") {
        return Ok(None);
    }
    let venv_module = |pkg: &String| pkg.starts_with("python3") && pkg.ends_with("-venv") || pkg.contains("virtualenv");
    if first.before.packages.iter().any(venv_module) {
        return Ok(None);
    }
    let interpreter = |packages: &[String]| packages.iter().find_map(|pkg| p.knowledge.toolchain_package(pkg, family, &["python3"]).map(|(i, _)| i.to_string()));
    match interpreter(&first.before.packages) {
        Some(i) => Ok(Some(format!("{i}-venv"))),
        None => Err(Refusal::at(
            Some(first.line),
            format!(
                "line {} installs the {family} packages' python3 and Python packages in one RUN, and that python3 has no `venv` module without the `python3-venv` package: install python3-venv beside python3, or install the Python packages in a RUN of their own, and msify will put them in a virtualenv it can copy",
                first.line
            ),
        )),
    }
}

/// pip options that take a value (`-i URL`): the value is no package.
const PIP_VALUE_OPTIONS: &[&str] = &[
    "-i", "--index-url", "--extra-index-url", "-c", "--constraint", "-f", "--find-links", "--trusted-host", "--platform", "--python-version",
    "--implementation", "--abi", "--progress-bar", "--cache-dir", "--upgrade-strategy", "--log", "--proxy", "--retries", "--timeout",
    "--exists-action", "--cert", "--client-cert", "--only-binary", "--no-binary",
];

/// Whether every Python install of a step installs only packages of the template's build
/// `tools` into the interpreter it runs (`pip install poetry==1.8.3`), with the pip,
/// setuptools or wheel upgrade that serves their install (`pip install -U pip && pip install
/// pipenv`): no requirements file, project, other package or target directory. A tool the
/// container starts (`CMD poetry run uwsgi`, a start script's `pipenv run`) is the app's, not
/// the build's.
pub(super) fn installs_only_tools(p: &Planner, s: &Step) -> bool {
    let started = started_programs(p);
    installs_only(s, p.template.builder.tools.iter().filter(|t| !started.contains(&t.as_str())).collect())
}

/// Whether every Python install of a step is a pip install of only `tools` (and the pip,
/// setuptools or wheel upgrade that serves them), and there is one.
fn installs_only(s: &Step, tools: Vec<&String>) -> bool {
    let Some(fx) = &s.run else { return false };
    let installs: Vec<&crate::shell::Command> = fx.commands.iter().filter(|c| super::artifacts::command_installs_python_packages(&c.words)).collect();
    let mut packages = Vec::new();
    let named_only = installs.iter().all(|c| match pip_named_packages(c) {
        Some(named) => {
            packages.extend(named);
            true
        }
        None => false,
    });
    !installs.is_empty() && named_only && only_tools(&packages, &tools)
}

/// A pip install into the image's own interpreter of nothing but the build tool the container
/// starts (`pip install uv` for `CMD ["uv", "run", ...]`, the dependencies in the project's own
/// `.venv`): the runtime installs it the same way. Not when msify inserts a virtualenv (the
/// tool then goes there, and the runtime copies it with the virtualenv).
pub(super) fn installs_only_started_tool(p: &Planner, c: &crate::shell::Command) -> bool {
    if matches!(p.python, PythonEnv::Inserted { .. }) || !super::artifacts::command_installs_python_packages(&c.words) {
        return false;
    }
    pip_named_packages(c).is_some_and(|packages| only_tools(&packages, &started_tools(p)))
}

/// The template's build tools the container starts (`poetry` for `poetry run`).
fn started_tools<'p>(p: &'p Planner) -> Vec<&'p String> {
    let started = started_programs(p);
    p.template.builder.tools.iter().filter(|t| started.contains(&t.as_str())).collect()
}

/// The programs the container starts: the start command's and its start scripts'.
fn started_programs<'p>(p: &'p Planner) -> Vec<&'p str> {
    p.cmd.programs.iter().map(String::as_str).chain(p.start_scripts().iter().flat_map(|script| script.commands.iter().map(|c| c.program()))).collect()
}

/// The packages a `pip install` names, when it names nothing else: no requirements file,
/// project, editable or target directory.
fn pip_named_packages(c: &crate::shell::Command) -> Option<Vec<&str>> {
    let at = c.words.iter().position(|w| w == "install").filter(|_| c.runs_pip())?;
    let mut packages = Vec::new();
    let mut args = c.words[at + 1..].iter();
    while let Some(a) = args.next() {
        if PIP_VALUE_OPTIONS.contains(&a.as_str()) {
            args.next();
        } else if matches!(a.as_str(), "-r" | "--requirement" | "-e" | "--editable" | "-t" | "--target" | "--prefix" | "--root" | "--user") || a.starts_with("--target=") || a.starts_with("--prefix=") {
            return None;
        } else if !a.starts_with('-') {
            packages.push(a.as_str());
        }
    }
    Some(packages)
}

/// Some of `packages` are `tools` and the rest serve their install (`pip install -U pip &&
/// pip install poetry`: the pip upgrade).
fn only_tools(packages: &[&str], tools: &[&String]) -> bool {
    let name = |spec: &str| spec.split(['=', '<', '>', '~', '!', '[', ';', ' ']).next().unwrap_or("").to_ascii_lowercase().replace('_', "-");
    let is_tool = |spec: &&str| tools.iter().any(|t| **t == name(spec));
    let serves_tools = |spec: &&str| matches!(name(spec).as_str(), "pip" | "setuptools" | "wheel");
    packages.iter().any(is_tool) && packages.iter().all(|spec| is_tool(spec) || serves_tools(spec))
}

/// Whether a step runs `pip install` (with `--user`, when `user_only`).
fn pip_installs(s: &Step, user_only: bool) -> bool {
    s.run.as_ref().is_some_and(|fx| fx.commands.iter().any(|c| c.runs_pip() && c.words.iter().any(|w| w == "install") && (!user_only || c.words.iter().any(|w| w == "--user"))))
}

/// The home directory of the user a step runs as: HOME when set, else the account's passwd
/// entry as an earlier `useradd`/`adduser` made it, else `/root` or `/home/<user>`.
pub(super) fn home_of(p: &Planner, s: &Step) -> String {
    let user = s.before.user.split(':').next().unwrap_or("root").to_string();
    if let Some(home) = s.before.value("HOME") {
        return home;
    }
    if user == "root" || user == "0" {
        return "/root".into();
    }
    let made = p.stage.steps.iter().filter(|x| x.item < s.item).flat_map(|x| x.run.iter().flat_map(|fx| fx.account_homes.iter())).filter(|(u, _)| *u == user).last();
    made.map(|(_, h)| h.clone()).unwrap_or_else(|| format!("/home/{user}"))
}

/// A virtualenv the Dockerfile makes (`python -m venv`, `virtualenv`, `uv venv`) or names
/// (`ENV VIRTUAL_ENV=...`).
fn existing_venv(p: &Planner) -> Option<String> {
    let made = p.stage.steps.iter().flat_map(|s| s.run.iter().flat_map(|fx| fx.venvs.iter().cloned())).last();
    made.or_else(|| p.stage.end.value("VIRTUAL_ENV"))
}

impl PythonEnv {
    /// The directory to copy besides the project, with the owner it must keep.
    pub fn artifact(&self) -> Option<(String, Option<String>)> {
        match self {
            PythonEnv::Existing(v) => Some((v.clone(), None)),
            PythonEnv::UserSite { path, owner } | PythonEnv::PoetryEnvs { path, owner } => Some((path.clone(), Some(owner.clone()).filter(|o| is_non_root(o)))),
            PythonEnv::Inserted { owner, .. } => Some(("/opt/venv".into(), owner.clone())),
            PythonEnv::None | PythonEnv::InProject(_) => None,
        }
    }

    /// Whether the path belongs to the dependency directory (its writers anchor its copy).
    pub fn holds(&self, path: &str) -> bool {
        self.artifact().is_some_and(|(a, _)| is_within(path, &a))
    }
}

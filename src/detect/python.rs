//! Python: requirements files, pyproject.toml (poetry, uv, PDM, hatch/setuptools), Pipfile,
//! setup.py; the Python version; the WSGI/ASGI server; native build needs.
//! Facts: `package_manager`, `requirements`, `server`, `web_framework`, `native_build`
//! (`true` when C extensions are compiled: gcc or `-dev` packages, psycopg2 from source...),
//! `links` (the C libraries a source-built driver links, as the knowledge's `links` names them).

use super::repo::join;
use super::{line_of, Candidate, Confidence, DockerfileSignals, Repo, Stack};

const SERVERS: &[&str] = &["gunicorn", "uvicorn", "hypercorn", "daphne", "waitress", "granian"];
const FRAMEWORKS: &[&str] = &["django", "flask", "fastapi", "starlette", "aiohttp", "sanic", "litestar"];
/// Dependencies that compile against a C library unless a binary wheel is used, with the
/// library (`links` in the knowledge): the extension needs its run-time package wherever it runs,
/// also when the headers came with the builder image (python:3.9, not -slim, ships libpq-dev).
const SOURCE_BUILT: &[(&str, &str)] = &[("psycopg2", "pq"), ("mysqlclient", "mysqlclient"), ("pycurl", "curl")];

/// What a directory's requirements files, pyproject.toml, Pipfile and setup.py say: the
/// candidate they make and their dependency text (lower-cased), which the Dockerfile's own
/// evidence is then read against ([`with_dockerfile`]).
#[derive(Clone, Debug)]
pub struct Manifests {
    candidate: Candidate,
    deps_text: String,
}

/// The Python manifests of `dir`; `None` when there are none.
pub fn from_manifests(repo: &Repo, dir: &str) -> Option<Manifests> {
    let mut c = Candidate::new(Stack::Python, dir);
    let mut deps_text = String::new();
    let mut found = false;

    let reqs = requirements_files(repo, dir);
    for f in &reqs {
        let file = join(dir, f);
        if let Some(text) = repo.read(&file) {
            c.see(&file, None, format!("{f}: pip requirements"));
            deps_text.push_str(&text.to_lowercase());
            deps_text.push('\n');
            found = true;
        }
    }
    if !reqs.is_empty() {
        c.build_system = Some("pip".into());
        c.set("requirements", reqs.join(" "));
    }

    let pyproject = join(dir, "pyproject.toml");
    if let Some(text) = repo.read(&pyproject) {
        found = true;
        deps_text.push_str(&text.to_lowercase());
        match text.parse::<toml::Table>() {
            Ok(t) => {
                let tool = t.get("tool").and_then(|v| v.as_table());
                let has_tool = |name: &str| tool.is_some_and(|tl| tl.contains_key(name));
                let backend = t.get("build-system").and_then(|b| b.get("build-backend")).and_then(|b| b.as_str()).unwrap_or("");
                let manager = if has_tool("poetry") || backend.starts_with("poetry") {
                    "poetry"
                } else if has_tool("uv") || repo.exists(&join(dir, "uv.lock")) {
                    "uv"
                } else if has_tool("pdm") || repo.exists(&join(dir, "pdm.lock")) {
                    "pdm"
                } else if backend.starts_with("hatchling") {
                    "hatch"
                } else {
                    "pip"
                };
                c.see(&pyproject, line_of(&text, &format!("tool.{manager}")).or(line_of(&text, "[project]")), format!("pyproject.toml managed by {manager}"));
                if c.build_system.is_none() || manager != "pip" {
                    c.build_system = Some(manager.into());
                }
                let requires = t
                    .get("project")
                    .and_then(|p| p.get("requires-python"))
                    .and_then(|v| v.as_str())
                    .or_else(|| tool.and_then(|tl| tl.get("poetry")).and_then(|p| p.get("dependencies")).and_then(|d| d.get("python")).and_then(|v| v.as_str()));
                if let Some(req) = requires {
                    if let Some(v) = super::version_digits(req, 2) {
                        c.see(&pyproject, line_of(&text, req), format!("requires python {req}"));
                        if !c.versions.contains_key("python") && super::is_lower_bound(req, true) {
                            c.set("version_lower_bound", req);
                        }
                        c.versions.entry("python".into()).or_insert(v);
                    }
                }
            }
            Err(e) => {
                let line = e.span().map(|s| super::line_at(&text, s.start));
                c.warn(&pyproject, line, format!("pyproject.toml is not valid TOML: {}", e.message()));
            }
        }
    }
    for (file, manager) in [("Pipfile", "pipenv"), ("setup.py", "setuptools")] {
        let path = join(dir, file);
        if let Some(text) = repo.read(&path) {
            found = true;
            deps_text.push_str(&text.to_lowercase());
            c.see(&path, None, format!("{file}: {manager}"));
            if c.build_system.is_none() || manager == "pipenv" {
                c.build_system = Some(manager.into());
            }
        }
    }
    if !found {
        return None;
    }
    c.confidence = Confidence::High;
    if let Some(v) = repo.read(&join(dir, ".python-version")).and_then(|t| super::version_digits(t.trim(), 2)) {
        c.see(&join(dir, ".python-version"), Some(1), format!("python {v}"));
        c.versions.insert("python".into(), v);
    }
    let pm = c.build_system.clone().unwrap_or_else(|| "pip".into());
    c.set("package_manager", pm);
    if let Some(fw) = FRAMEWORKS.iter().find(|f| has_dep(&deps_text, f)) {
        c.framework = Some(fw.to_string());
        c.set("web_framework", *fw);
    }
    Some(Manifests { candidate: c, deps_text })
}

/// A directory's pip requirements files, relative to it: requirements*.txt, and Django's
/// layout (cookiecutter-django, djangoproject.com) of requirements/base.txt, prod.txt...
fn requirements_files(repo: &Repo, dir: &str) -> Vec<String> {
    let mut reqs: Vec<String> = repo.names_matching(dir, |f| f.starts_with("requirements") && f.ends_with(".txt"));
    let req_dir = join(dir, "requirements");
    if repo.is_dir(&req_dir) {
        reqs.extend(repo.names_matching(&req_dir, |f| f.ends_with(".txt")).into_iter().map(|f| format!("requirements/{f}")));
    }
    reqs
}

/// The manifest of `dir` (a requirements file, pyproject.toml, Pipfile, setup.py) that names
/// the PyPI package `name` (lower-case) among its dependencies, relative to the repository.
pub fn manifest_naming(repo: &Repo, dir: &str, name: &str) -> Option<String> {
    let files = requirements_files(repo, dir).into_iter().chain(["pyproject.toml", "Pipfile", "setup.py"].map(String::from));
    files.map(|f| join(dir, &f)).find(|f| repo.read(f).is_some_and(|text| has_dep(&text.to_lowercase(), name)))
}

/// The candidate with what the Dockerfile adds: the server its command runs (else the one the
/// dependencies name), native builds.
pub fn with_dockerfile(manifests: Manifests, signals: &DockerfileSignals) -> Candidate {
    let Manifests { candidate: mut c, deps_text } = manifests;
    let deps_text = deps_text.as_str();
    let command = signals.command.clone().unwrap_or_default().to_lowercase();
    let in_command = |name: &str| command.split_whitespace().any(|w| w.ends_with(name));
    if let Some(server) = SERVERS.iter().find(|s| in_command(s)) {
        c.set("server", *server);
        c.see("Dockerfile", None, format!("CMD/ENTRYPOINT runs {server}"));
    } else if let Some(server) = SERVERS.iter().find(|s| has_dep(deps_text, s)) {
        c.set("server", *server);
        c.see(".", None, format!("{server} is a dependency"));
    }

    // Native builds: a compiler or -dev headers in the Dockerfile, or a source-built driver.
    let mut native = false;
    for (pkg, line) in &signals.packages {
        if pkg == "gcc" || pkg == "build-essential" || pkg == "build-base" || pkg.ends_with("-dev") {
            native = true;
            c.see("Dockerfile", Some(*line), format!("{pkg}: C extensions are compiled in the build"));
        }
    }
    let mut links: Vec<&str> = Vec::new();
    for (dep, lib) in SOURCE_BUILT {
        if has_dep(deps_text, dep) && !has_dep(deps_text, &format!("{dep}-binary")) {
            native = true;
            links.push(lib);
            c.see(".", None, format!("{dep} builds from source against lib{lib}"));
        }
    }
    c.set("native_build", if native { "true" } else { "false" });
    if !links.is_empty() {
        c.set("links", links.join(" "));
    }
    c
}

/// A dependency named in requirements/pyproject text (lower-cased), not as part of a longer name.
fn has_dep(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        boundary(before) && boundary(after)
    })
}

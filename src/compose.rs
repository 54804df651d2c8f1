//! The Compose files that build this Dockerfile and start its image with their own command. A
//! service's `command:` or `entrypoint:` (`nodemon server.js` for development, `sh -c
//! "./migrations/migrate.sh && notary-server ..."`) is another way the image is started: after
//! a split it starts the runtime stage, which may lack what it runs. The stage model holds each
//! such start against the original and the rewrite ([`crate::check::compose_starts`]). A
//! service's bind mounts tell the planner what only root may use there (its user rule); this
//! module only finds both, in one walk ([`uses`]).
//!
//! Looked for: `compose.y(a)ml`, `docker-compose.y(a)ml` and their variants
//! (`docker-compose.dev.yml`, `compose.override.yaml`) in the build context and the directories
//! above it up to the repository's root (where `.git` is), since a Compose file at the root
//! often builds a subdirectory. A service counts when its `build:` resolves to this context and
//! this Dockerfile and names no `target:` stage. A file that is not YAML or not a Compose file
//! is skipped: it is evidence, not input.

use crate::fsview;
use std::path::{Path, PathBuf};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A service that starts the image with its own command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Start {
    /// The Compose file, as the user would name it (see [`shown`]).
    pub file: PathBuf,
    /// 1-based line of the service's `command:` or `entrypoint:` key.
    pub line: usize,
    pub service: String,
    /// `entrypoint:` in place of the image's ENTRYPOINT (and then its CMD is not used).
    pub entrypoint: Option<Vec<String>>,
    /// `command:` in place of the image's CMD.
    pub command: Option<Vec<String>>,
}

impl Start {
    /// The start as one shell-quoted text: the `entrypoint:` words, then the `command:` words.
    pub fn text(&self) -> String {
        self.entrypoint.iter().chain(&self.command).flatten().map(|w| crate::shell::quote(w)).collect::<Vec<_>>().join(" ")
    }
}

/// A host path a service that builds this Dockerfile mounts into its container, writable
/// (`./data:/app/data`; a named volume or a `:ro` mount is none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// The Compose file, as the user would name it (see [`shown`]).
    pub file: PathBuf,
    /// 1-based line of the mount's entry.
    pub line: usize,
    pub service: String,
    /// The host path as written.
    pub host: String,
    /// What is there on the host, as the repository holds it.
    pub host_kind: Host,
    /// Where it appears in the container.
    pub target: String,
}

/// What a bind mount's host path is. The engine makes a missing host directory, root's; an
/// empty one keeps its owner, and a container user who is not root then cannot write there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// Outside the repository (`/var/run/docker.sock`, `~/.aws`): not read.
    Outside,
    /// A file of the repository (a configuration the user supplies).
    File,
    /// A directory of the repository missing, or holding only dot files (`.gitkeep`).
    MissingOrEmpty,
    /// A directory of the repository with content (its owner is whoever checked it out).
    Filled,
}

impl Host {
    /// `host` as written in the Compose file in `dir`.
    fn of(host: &str, dir: &Path) -> Host {
        // `~/x` is the host user's home: kept as written, like an absolute path.
        if host.starts_with(['/', '~']) {
            return Host::Outside;
        }
        let path = dir.join(host.trim_start_matches("./"));
        if fsview::is_file(&path) {
            Host::File
        } else if fsview::list(&path).is_none_or(|l| l.iter().all(|(name, _)| name.starts_with('.'))) {
            Host::MissingOrEmpty
        } else {
            Host::Filled
        }
    }
}

/// How many directories above the context are searched for Compose files.
const LEVELS_UP: usize = 3;

/// What the Compose files around `context` do with the image of `dockerfile` (the path the
/// user gave; `None`: standard input, which no Compose file names): the services that build it
/// and start it their own way, and what they mount from the host. Read in one walk.
#[derive(Clone, Debug, Default)]
pub struct Uses {
    pub starts: Vec<Start>,
    pub mounts: Vec<Mount>,
}

pub fn uses(context: &Path, dockerfile: Option<&Path>) -> Uses {
    let mut out = Uses::default();
    for_each_service(context, dockerfile, |file, dir, s| {
        if let Some(line) = s.line {
            out.starts.push(Start { file: file.to_path_buf(), line, service: s.name.clone(), entrypoint: s.entrypoint.clone(), command: s.command.clone() });
        }
        for b in &s.mounts {
            out.mounts.push(Mount { file: file.to_path_buf(), line: b.line, service: s.name.clone(), host: b.host.clone(), host_kind: Host::of(&b.host, dir), target: b.target.clone() });
        }
    });
    out
}

/// `f(file as shown, its directory, service)` for each service of the Compose files around
/// `context` whose build is this context and this Dockerfile, with no `target:` stage.
fn for_each_service(context: &Path, dockerfile: Option<&Path>, mut f: impl FnMut(&Path, &Path, &Service)) {
    let Some(dockerfile) = dockerfile else { return };
    let context_abs = fsview::canonical(context);
    let dockerfile_abs = fsview::canonical(dockerfile);
    let around = services_around(&context_abs);
    let below: Vec<(PathBuf, DirServices)> = dirs_below(&context_abs, &dockerfile_abs)
        .into_iter()
        .map(|d| {
            let files = dir_services(&d);
            (d, files)
        })
        .collect();
    for (dir, files) in below.iter().chain(around.iter()) {
        for (file, services) in files.iter() {
            for s in services {
                let build_context = fsview::canonical(&dir.join(&s.context));
                if build_context == context_abs && fsview::canonical(&build_context.join(&s.dockerfile)) == dockerfile_abs && s.target.is_none() {
                    f(&shown(context, &context_abs, file), dir, s);
                }
            }
        }
    }
}

/// The Compose files of one directory with their services.
type DirServices = std::sync::Arc<Vec<(PathBuf, Vec<Service>)>>;

/// The services of each Compose file in `dir`, read and parsed once per run: every Dockerfile
/// of a context asks the same directories (a migration run holds hundreds).
fn dir_services(dir: &Path) -> DirServices {
    fsview::memo("compose services", dir, || {
        let parsed = compose_files(dir).into_iter().filter_map(|name| {
            let file = dir.join(name);
            let root = load(&fsview::read_prefix(&file, 1 << 20)?)?;
            Some((file, services(&root)))
        });
        std::sync::Arc::new(parsed.collect())
    })
}

/// The directories between the Dockerfile and the context (a Compose file in `docker/` may
/// build `docker/lnd/Dockerfile` with the repository as context), nearest first; the context
/// itself is not one of them.
fn dirs_below(context_abs: &Path, dockerfile_abs: &Path) -> Vec<PathBuf> {
    // Parents of canonical paths are canonical.
    let mut out = Vec::new();
    let mut dir = dockerfile_abs.parent();
    while let Some(d) = dir.filter(|d| d.starts_with(context_abs) && *d != context_abs) {
        out.push(d.to_path_buf());
        dir = d.parent();
    }
    out
}

/// The context and its parents up to the one holding `.git` (or [`LEVELS_UP`] above it), each
/// with its Compose files, leaving out those without: a fact about the context alone, worked
/// out once per run for all the Dockerfiles that share it.
fn services_around(context_abs: &Path) -> std::sync::Arc<Vec<(PathBuf, DirServices)>> {
    fsview::memo("compose files around", context_abs, || {
        let mut out = Vec::new();
        let mut dir = Some(context_abs);
        for _ in 0..=LEVELS_UP {
            let Some(d) = dir else { break };
            let files = dir_services(d);
            if !files.is_empty() {
                out.push((d.to_path_buf(), files));
            }
            if fsview::kind(&d.join(".git")).is_some() {
                break;
            }
            dir = d.parent();
        }
        std::sync::Arc::new(out)
    })
}

/// `file` as the user would name it: below the context as given (`./docker-compose.yml` for
/// context `.` reads `docker-compose.yml`); a file above the context by its full path.
fn shown(context: &Path, context_abs: &Path, file: &Path) -> PathBuf {
    match file.strip_prefix(context_abs) {
        Ok(rel) if context == Path::new(".") || context.as_os_str().is_empty() => rel.to_path_buf(),
        Ok(rel) => context.join(rel),
        Err(_) => file.to_path_buf(),
    }
}

fn compose_files(dir: &Path) -> Vec<String> {
    let Some(listing) = fsview::list(dir) else { return Vec::new() };
    let mut names: Vec<String> = listing
        .iter()
        .filter(|(n, k)| *k == fsview::Kind::File && (n.starts_with("docker-compose") || n.starts_with("compose")) && (n.ends_with(".yml") || n.ends_with(".yaml")))
        .map(|(n, _)| n.clone())
        .collect();
    names.sort();
    names
}

/// A service's build and start, as written.
#[derive(Clone)]
struct Service {
    name: String,
    context: String,
    dockerfile: String,
    target: Option<String>,
    entrypoint: Option<Vec<String>>,
    command: Option<Vec<String>>,
    /// Line of `command:` (else `entrypoint:`); `None` when the service sets neither.
    line: Option<usize>,
    mounts: Vec<BindMount>,
}

/// A writable bind mount as a service's `volumes:` writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct BindMount {
    line: usize,
    /// The host path as written (`./data`, `/var/run/docker.sock`, `~/.dockercfg`).
    host: String,
    /// The path in the container.
    target: String,
}

fn services(root: &Node) -> Vec<Service> {
    // Version 1 files list the services at the top level.
    let services = root.get("services").unwrap_or(root);
    let Value::Map(entries) = &services.value else { return Vec::new() };
    let mut out = Vec::new();
    for (name, s) in entries {
        let Some(build) = s.get("build") else { continue };
        let (context, dockerfile, target) = match &build.value {
            Value::Scalar(c) => (c.clone(), "Dockerfile".to_string(), None),
            Value::Map(_) => (
                build.get("context").and_then(Node::scalar).unwrap_or(".").to_string(),
                build.get("dockerfile").and_then(Node::scalar).unwrap_or("Dockerfile").to_string(),
                build.get("target").and_then(Node::scalar).map(str::to_string),
            ),
            _ => continue,
        };
        let (command, entrypoint) = (s.get("command"), s.get("entrypoint"));
        let line = s.key_line("command").or_else(|| s.key_line("entrypoint")).filter(|_| command.is_some() || entrypoint.is_some());
        let mounts = s.get("volumes").map(bind_mounts).unwrap_or_default();
        out.push(Service { name: name.clone(), context, dockerfile, target, entrypoint: entrypoint.and_then(argv), command: command.and_then(argv), line, mounts });
    }
    out
}

/// The writable bind mounts of a service's `volumes:`: the short form `HOST:TARGET[:MODE]`
/// whose HOST is a path (`.`, `./x`, `../x`, `/x`, `~/x`; a bare name is a named volume), and
/// the long form with `type: bind`. `ro` (or `read_only: true`) leaves a mount out.
fn bind_mounts(volumes: &Node) -> Vec<BindMount> {
    let Value::Seq(items) = &volumes.value else { return Vec::new() };
    items
        .iter()
        .filter_map(|item| match &item.value {
            Value::Scalar(spec) => {
                let mut parts = spec.splitn(3, ':');
                let (host, target, mode) = (parts.next()?, parts.next()?, parts.next().unwrap_or(""));
                let is_path = host.starts_with(['.', '/', '~']);
                (is_path && !mode.split(',').any(|m| m == "ro")).then(|| BindMount { line: item.line, host: host.to_string(), target: target.to_string() })
            }
            Value::Map(_) => {
                let read_only = item.get("read_only").and_then(Node::scalar) == Some("true");
                if item.get("type").and_then(Node::scalar) != Some("bind") || read_only {
                    return None;
                }
                Some(BindMount { line: item.line, host: item.get("source").and_then(Node::scalar)?.to_string(), target: item.get("target").and_then(Node::scalar)?.to_string() })
            }
            _ => None,
        })
        .collect()
}

/// A `command:`/`entrypoint:` as the words Compose starts: a list as given, a string split as
/// a shell splits words (Compose does not run it through a shell).
fn argv(node: &Node) -> Option<Vec<String>> {
    match &node.value {
        Value::Scalar(s) => Some(crate::shell::words(s)),
        Value::Seq(items) => items.iter().map(|i| i.scalar().map(str::to_string)).collect(),
        _ => None,
    }
}

/// A YAML node with the line it starts on.
#[derive(Clone, Debug)]
struct Node {
    value: Value,
    line: usize,
    /// The line of the key this node is the value of (its own line when it is no value).
    key_line: usize,
}

#[derive(Clone, Debug)]
enum Value {
    Scalar(String),
    Seq(Vec<Node>),
    /// Entries in order, each with the line of its key.
    Map(Vec<(String, Node)>),
    Null,
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The line of `key:` in this mapping (the value's own line for a block sequence or map
    /// starts below it, so the key's line is kept beside each entry).
    fn key_line(&self, key: &str) -> Option<usize> {
        self.get(key).map(|v| v.key_line)
    }
}

/// The first document of `text`, or `None` when it is not YAML.
fn load(text: &str) -> Option<Node> {
    let mut builder = Builder::default();
    Parser::new_from_str(text).load(&mut builder, false).ok()?;
    builder.root
}

/// Builds [`Node`]s from parser events: anchors are remembered and aliases copied, and a merge
/// key (`<<: *defaults`) adds the entries the mapping does not set itself.
#[derive(Default)]
struct Builder {
    /// Open sequences and mappings, with their anchor; for a mapping, the key read last.
    open: Vec<(Node, usize, Option<(String, usize)>)>,
    anchors: std::collections::HashMap<usize, Node>,
    root: Option<Node>,
}

impl Builder {
    fn push_value(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some((parent, _, key)) = self.open.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut parent.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match key.take() {
                None => *key = Some((node.scalar().unwrap_or_default().to_string(), node.line)),
                Some((k, _)) if k == "<<" => merge(entries, node),
                Some((k, key_line)) => entries.push((k, Node { key_line, ..node })),
            },
            _ => {}
        }
    }
}

fn merge(entries: &mut Vec<(String, Node)>, from: Node) {
    let maps = match from.value {
        Value::Seq(items) => items,
        _ => vec![from],
    };
    for m in maps {
        if let Value::Map(add) = m.value {
            for (k, v) in add {
                if !entries.iter().any(|(e, _)| *e == k) {
                    entries.push((k, v));
                }
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = mark.line();
        match ev {
            Event::Scalar(s, style, anchor, _) => {
                let plain_null = matches!(style, yaml_rust2::scanner::TScalarStyle::Plain) && matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL");
                let value = if plain_null { Value::Null } else { Value::Scalar(s) };
                self.push_value(Node { value, line, key_line: line }, anchor);
            }
            Event::SequenceStart(anchor, _) => self.open.push((Node { value: Value::Seq(Vec::new()), line, key_line: line }, anchor, None)),
            Event::MappingStart(anchor, _) => self.open.push((Node { value: Value::Map(Vec::new()), line, key_line: line }, anchor, None)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, anchor, _)) = self.open.pop() {
                    self.push_value(node, anchor);
                }
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node { value: Value::Null, line, key_line: line });
                self.push_value(node, 0);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "version: '3'\nx-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n    command: nodemon server.js\n  worker:\n    build: ./worker\n    entrypoint: [\"/usr/bin/env\", \"sh\", \"-c\"]\n    command:\n      - celery -A app worker\n  db:\n    image: postgres\n";

    #[test]
    fn reads_services_with_their_lines() {
        let root = load(FILE).unwrap();
        let s = services(&root);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].name.as_str(), s[0].context.as_str(), s[0].dockerfile.as_str(), s[0].line), ("web", ".", "docker/Dockerfile", Some(10)));
        assert_eq!(s[0].command.as_deref(), Some(&["nodemon".to_string(), "server.js".to_string()][..]));
        assert_eq!(root.get("services").unwrap().get("web").unwrap().get("restart").and_then(Node::scalar), Some("always"));
        assert_eq!((s[1].context.as_str(), s[1].line), ("./worker", Some(14)));
        assert_eq!(s[1].entrypoint.as_ref().unwrap(), &["/usr/bin/env", "sh", "-c"]);
        assert_eq!(s[1].command.as_ref().unwrap(), &["celery -A app worker"]);
    }

    #[test]
    fn reads_writable_bind_mounts_only() {
        let root = load("services:\n  web:\n    build: .\n    volumes:\n      - ./data:/app/data\n      - db:/var/lib/db\n      - ./config.json:/app/config.json:ro\n      - type: bind\n        source: ./notes\n        target: /app/notes\n      - type: volume\n        source: cache\n        target: /cache\n").unwrap();
        let s = services(&root);
        let mounts: Vec<(usize, &str, &str)> = s[0].mounts.iter().map(|b| (b.line, b.host.as_str(), b.target.as_str())).collect();
        assert_eq!(mounts, [(5, "./data", "/app/data"), (8, "./notes", "/app/notes")]);
    }

    #[test]
    fn not_yaml_is_skipped() {
        assert!(load("services: [\n").is_none());
        assert!(services(&load("just text").unwrap()).is_empty());
    }

    #[test]
    fn finds_the_service_that_builds_this_dockerfile() {
        let dir = std::env::temp_dir().join(format!("msify-compose-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("app/docker")).unwrap();
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        std::fs::write(dir.join("docker-compose.yml"), "services:\n  app:\n    build:\n      context: ./app\n      dockerfile: docker/Dockerfile\n    command: npm run dev\n  other:\n    build:\n      context: ./app\n      target: build\n    command: npm test\n").unwrap();
        std::fs::write(dir.join("app/docker/Dockerfile"), "FROM node:18\n").unwrap();
        let found = uses(&dir.join("app"), Some(&dir.join("app/docker/Dockerfile"))).starts;
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].service.as_str(), found[0].line), ("app", 6));
        assert_eq!(found[0].command.as_ref().unwrap(), &["npm", "run", "dev"]);
    }
}

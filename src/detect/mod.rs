//! What is this repository, and how is it built?
//!
//! Detection reads a handful of named files (manifests, lockfiles, version files) in the build
//! context and a few of its sub-directories — never a recursive walk — plus what the Dockerfile
//! itself says (base image, build commands). Each candidate carries the evidence that decided it
//! (file, line, what was seen) and a confidence. Unknown is a valid answer, with its reason.
//!
//! Stack-specific facts are plain `key → string` pairs (documented in `docs/detect-json.md`); the
//! templates use them as placeholders, so the vocabulary is shared data, not code.

pub mod dockerfile_signals;
pub mod go;
mod java;
mod jsonc;
pub mod makefile;
mod pom;
pub(crate) mod node;
pub mod python;
pub(crate) mod relative_reads;
mod repo;
pub mod rust;

pub use dockerfile_signals::{DockerfileSignals, RunCommand};
pub use repo::Repo;

/// Where the frontend package in `dir` builds to (`dist`, `build`, Vite's or Angular's
/// configured directory), when its package.json names a framework msify knows.
pub fn frontend_output(repo: &Repo, dir: &str) -> Option<String> {
    node::detect(repo, dir)?.fact("frontend_output").map(str::to_string)
}

use crate::syntax::Dockerfile;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The kinds of project msify knows how to split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    Go,
    /// A Node.js server (Express, Nest, Nuxt, Remix, a non-standalone Next.js app...).
    Node,
    /// A static single-page app: built by Node, served by a web server.
    Spa,
    /// Next.js with `output: 'standalone'`.
    Nextjs,
    Python,
    Java,
    Rust,
}

impl Stack {
    pub const ALL: [Stack; 7] = [Stack::Go, Stack::Node, Stack::Spa, Stack::Nextjs, Stack::Python, Stack::Java, Stack::Rust];

    /// The toolchain programs of every stack (see [`Self::toolchain_programs`]), gathered once:
    /// the stage model asks for every package a RUN installs.
    pub fn all_toolchain_programs() -> &'static [&'static str] {
        static ALL: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        ALL.get_or_init(|| {
            let mut out: Vec<&'static str> = Vec::new();
            for p in Self::ALL.iter().flat_map(|s| s.toolchain_programs().iter().copied()) {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            out
        })
    }

    /// The programs that are the stack's toolchain or interpreter: what an image ships when it
    /// is the stack's own, and what a distribution package installs when the build adds it.
    pub fn toolchain_programs(self) -> &'static [&'static str] {
        match self {
            Stack::Python => &["python3", "python", "python2"],
            Stack::Node | Stack::Spa | Stack::Nextjs => &["node", "nodejs"],
            Stack::Go => &["go"],
            Stack::Rust => &["cargo"],
            Stack::Java => &["java"],
        }
    }
    pub fn language(self) -> &'static str {
        match self {
            Stack::Go => "go",
            Stack::Node | Stack::Spa | Stack::Nextjs => "javascript",
            Stack::Python => "python",
            Stack::Java => "java",
            Stack::Rust => "rust",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Stack::Go => "go",
            Stack::Node => "node",
            Stack::Spa => "spa",
            Stack::Nextjs => "nextjs",
            Stack::Python => "python",
            Stack::Java => "java",
            Stack::Rust => "rust",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// One thing seen that supports (or, as a warning, weakens) a conclusion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Path relative to the build context (`Dockerfile` for the Dockerfile's own lines).
    pub file: String,
    pub line: Option<usize>,
    pub detail: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
}

impl Evidence {
    pub fn new(file: impl Into<String>, line: Option<usize>, detail: impl Into<String>) -> Self {
        Evidence { file: file.into(), line, detail: detail.into(), warning: false }
    }
    pub fn warning(file: impl Into<String>, line: Option<usize>, detail: impl Into<String>) -> Self {
        Evidence { warning: true, ..Evidence::new(file, line, detail) }
    }
}

/// One way to read the repository: a stack rooted at a directory.
#[derive(Clone, Debug, Serialize)]
pub struct Candidate {
    pub stack: Stack,
    pub language: &'static str,
    /// `go`, `npm`, `yarn`, `pnpm`, `bun`, `pip`, `poetry`, `pipenv`, `uv`, `pdm`, `maven`, `gradle`, `cargo`.
    pub build_system: Option<String>,
    /// `vite`, `create-react-app`, `angular`, `vue-cli`, `sveltekit`, `next`, `nuxt`, `remix`,
    /// `express`, `spring-boot`, `quarkus`, `django`, `flask`, `fastapi`, ...
    pub framework: Option<String>,
    /// Directory of the manifest, relative to the build context (`.` for the context itself).
    pub root: String,
    /// Toolchain versions: `go`, `node`, `python`, `java`, `rust`.
    pub versions: BTreeMap<String, String>,
    /// Stack-specific facts (see `docs/detect-json.md`).
    pub facts: BTreeMap<String, String>,
    /// What a build is expected to produce, relative to `root`: a binary, `dist`, `target/*.jar`.
    pub artifacts: Vec<String>,
    /// How the app starts, when a manifest says so (`node dist/server.js`, `app:app`).
    pub entrypoint: Option<String>,
    pub confidence: Confidence,
    pub evidence: Vec<Evidence>,
    /// package.json as read (Node): its scripts and dependency lists. Not part of the JSON: the
    /// facts carry what a reader needs (`start_script`, `build_script`).
    #[serde(skip)]
    pub package: Option<std::sync::Arc<node::PackageJson>>,
}

impl Candidate {
    pub fn new(stack: Stack, root: &str) -> Self {
        Candidate {
            stack,
            language: stack.language(),
            build_system: None,
            framework: None,
            root: if root.is_empty() { ".".into() } else { root.to_string() },
            versions: BTreeMap::new(),
            facts: BTreeMap::new(),
            artifacts: Vec::new(),
            entrypoint: None,
            confidence: Confidence::Medium,
            evidence: Vec::new(),
            package: None,
        }
    }
    pub fn fact(&self, key: &str) -> Option<&str> {
        self.facts.get(key).map(String::as_str)
    }
    pub fn is(&self, key: &str) -> bool {
        self.fact(key) == Some("true")
    }
    /// Whether a build-context path (`server/src`, `./server`) is inside this candidate's own
    /// directory; never for a candidate rooted at the context itself, which holds everything.
    pub(crate) fn holds_context_path(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./").trim_start_matches('/');
        self.root != "." && crate::model::is_within(&format!("/{path}"), &format!("/{}", self.root))
    }
    fn set(&mut self, key: &str, value: impl Into<String>) {
        self.facts.insert(key.to_string(), value.into());
    }
    fn see(&mut self, file: &str, line: Option<usize>, detail: impl Into<String>) {
        self.evidence.push(Evidence::new(file, line, detail));
    }
    fn warn(&mut self, file: &str, line: Option<usize>, detail: impl Into<String>) {
        self.evidence.push(Evidence::warning(file, line, detail));
    }
}

/// The answer for one build context.
#[derive(Clone, Debug, Serialize)]
pub struct Detection {
    /// Every candidate, the primary (the one the Dockerfile builds) first.
    pub candidates: Vec<Candidate>,
    /// Why nothing was recognised, when `candidates` is empty.
    pub unknown_reason: Option<String>,
}

impl Detection {
    pub fn primary(&self) -> Option<&Candidate> {
        self.candidates.first()
    }
}

/// Directories never looked into: dependencies, build output, VCS data.
pub const SKIPPED_DIRS: &[&str] =
    &["node_modules", "target", ".git", "vendor", "dist", "build", ".venv", "venv", "__pycache__", ".next"];

/// Detect the stack of the build context `dir`, using the Dockerfile's own signals when given,
/// and the Compose services that start it (`starts`, asked only when it has no start command of
/// its own).
pub fn detect(dir: &Path, dockerfile: Option<&Dockerfile>, starts: impl FnOnce() -> Vec<crate::compose::Start>) -> Detection {
    let repo = Repo::new(dir);
    detect_in(&repo, dockerfile, starts)
}

/// What `msify detect` answers for a target: its Dockerfile (parsed) and the Compose services
/// that start it.
pub fn detect_target(target: &crate::target::Target, dockerfile: Option<&Dockerfile>) -> Detection {
    detect(&target.context, dockerfile, || crate::compose::uses(&target.context, target.dockerfile.as_deref()).starts)
}

/// How many parent directories are searched for manifests when a Dockerfile's own directory
/// has none (`docker/Dockerfile` built with the repository root as context).
const MAX_WALK_UP: usize = 3;

/// As [`context_root`], but never above `bound` (the root of a recursive run).
pub fn context_root_within(dir: &Path, bound: &Path) -> std::path::PathBuf {
    let found = context_root(dir);
    if found.starts_with(crate::fsview::canonical(bound)) {
        found
    } else {
        crate::fsview::canonical(dir)
    }
}

/// The build context for a Dockerfile named directly: its directory if that has a manifest, else
/// the nearest parent (up to `MAX_WALK_UP`, never above a `.git` root) that has one.
pub fn context_root(dir: &Path) -> std::path::PathBuf {
    crate::fsview::memo("context root", dir, || find_context_root(dir))
}

fn find_context_root(dir: &Path) -> std::path::PathBuf {
    let mut current = crate::fsview::canonical(dir);
    for level in 0..=MAX_WALK_UP {
        let repo = Repo::new(&current);
        // The Dockerfile's own directory is the context when it or one of its sub-directories
        // holds a manifest (`server/package.json` beside the Dockerfile), as detection reads it,
        // or Go sources (GOPATH-era Go has no manifest at all).
        if has_manifest(&repo, "") || level == 0 && (manifest_in_subdir(&repo) || !repo.names_matching("", |f| f.ends_with(".go")).is_empty()) {
            return current;
        }
        if repo.exists(".git") {
            break;
        }
        match current.parent() {
            Some(p) if !p.as_os_str().is_empty() => current = p.to_path_buf(),
            _ => break,
        }
    }
    dir.to_path_buf()
}

/// Whether an immediate sub-directory holds a manifest.
fn manifest_in_subdir(repo: &Repo) -> bool {
    !manifest_subdirs(repo).is_empty()
}

/// The immediate sub-directories (not dependency or build trees, not hidden; at most 64
/// looked at) that hold a manifest: a monorepo's `frontend/`, `backend/`.
fn manifest_subdirs(repo: &Repo) -> Vec<String> {
    repo.list_dirs("").into_iter().take(64).filter(|sub| !SKIPPED_DIRS.contains(&sub.as_str()) && !sub.starts_with('.') && has_manifest(repo, sub)).collect()
}

/// As [`detect`], over an existing [`Repo`] (its read counter then tells what was read).
pub fn detect_in(repo: &Repo, dockerfile: Option<&Dockerfile>, starts: impl FnOnce() -> Vec<crate::compose::Start>) -> Detection {
    let mut signals = dockerfile.map(DockerfileSignals::read).unwrap_or_default();
    signals.read_start_script(|rel| repo.read_prefix(rel, 64 * 1024));
    signals.read_compose_starts(starts);
    let mut candidates = Vec::new();
    for root in candidate_roots(repo, &signals) {
        candidates.extend(detect_dir(repo, &root, &signals));
    }
    if let Some(stack) = dockerfile_stack(&candidates, &signals) {
        let others = !candidates.is_empty();
        candidates.push(dockerfile_only_candidate(stack, &signals, others));
    }
    for c in &mut candidates {
        signals.enrich(c);
    }
    rank(&mut candidates, &signals);
    let unknown_reason = candidates.is_empty().then(|| {
        let base = signals.base_image.as_deref().unwrap_or("none");
        format!(
            "no Go, Node.js, Python, Java or Rust manifest in the build context or its sub-directories, \
             and the Dockerfile's base image ({base}) and commands name no known toolchain"
        )
    });
    Detection { candidates, unknown_reason }
}

/// The context itself, the directories the Dockerfile copies from, and — when the context has no
/// manifest of its own — its immediate sub-directories (monorepos: `frontend/`, `backend/`).
fn candidate_roots(repo: &Repo, signals: &DockerfileSignals) -> Vec<String> {
    let mut roots = vec![String::new()];
    for src in &signals.copy_sources {
        let first = src.trim_start_matches("./").split('/').next().unwrap_or("");
        if !first.is_empty() && first != "." && !first.contains('*') && repo.is_dir(first) && !roots.iter().any(|r| r == first) {
            roots.push(first.to_string());
        }
    }
    if !has_manifest(repo, "") {
        for sub in manifest_subdirs(repo) {
            if !roots.contains(&sub) {
                roots.push(sub);
            }
        }
    }
    roots
}

const MANIFESTS: &[&str] = &[
    "go.mod", "Gopkg.toml", "glide.yaml", "package.json", "requirements.txt", "pyproject.toml", "Pipfile", "setup.py", "pom.xml",
    "build.gradle", "build.gradle.kts", "Cargo.toml",
];

fn has_manifest(repo: &Repo, dir: &str) -> bool {
    crate::fsview::memo("has a manifest", &repo.path(dir), || MANIFESTS.iter().any(|m| repo.exists(&repo::join(dir, m))))
}

/// What a directory's manifests say before the Dockerfile is read: the Go, Node.js and Java
/// candidates, and the Python manifests the Dockerfile's evidence is applied to.
#[derive(Clone)]
struct ManifestAnswers {
    stacks: Vec<Candidate>,
    python: Option<python::Manifests>,
}

fn detect_dir(repo: &Repo, dir: &str, signals: &DockerfileSignals) -> Vec<Candidate> {
    // What the manifests say does not depend on the Dockerfile: every Dockerfile of the
    // context shares it within a run.
    let manifests = crate::fsview::memo("manifests", &repo.path(dir), || ManifestAnswers {
        stacks: go::detect(repo, dir).into_iter().chain(node::detect(repo, dir)).chain(java::detect(repo, dir)).collect(),
        python: python::from_manifests(repo, dir),
    });
    let mut found = manifests.stacks;
    found.extend(manifests.python.map(|m| python::with_dockerfile(m, signals)));
    found.extend(rust::detect(repo, dir, signals));
    found
}

/// The stack the Dockerfile itself names that no manifest stands for, if any. With no manifest
/// at all: its base image, else what it starts, else what its build commands run. Beside
/// manifests of other stacks: its base image or what it starts (a Django app whose requirements
/// sit in `requirements/prod.txt` beside a `package.json` for front-end assets; backslash's
/// Flask app without a manifest detection knows, beside its Ember client's `webapp/`), since
/// those count most; a build command alone (`pip install awscli` in a Node image) does not.
fn dockerfile_stack(candidates: &[Candidate], signals: &DockerfileSignals) -> Option<Stack> {
    if candidates.is_empty() {
        return signals.image_stack.or(signals.start_stack).or(signals.command_stack);
    }
    let unseen = |s: &Stack| !candidates.iter().any(|c| same_family(c.stack, *s));
    signals.image_stack.filter(unseen).or(signals.start_stack.filter(unseen))
}

/// No manifest of `stack`, but the Dockerfile itself names its toolchain. The Dockerfile's own
/// evidence counts most: its base image is a toolchain (`golang:1.9`), its start command runs
/// the runtime, its commands use it (`go install`). Two of them agreeing is as good as a
/// manifest; the image or the start alone is a medium guess; a build command on an unrelated
/// base only a low one. `others`: manifests of other stacks were found (the evidence says so).
fn dockerfile_only_candidate(stack: Stack, signals: &DockerfileSignals, others: bool) -> Candidate {
    let mut c = Candidate::new(stack, "");
    let ours = |s: Option<Stack>| s.is_some_and(|s| same_family(s, stack));
    let agreeing = [signals.image_stack, signals.start_stack, signals.command_stack].into_iter().filter(|s| ours(*s)).count();
    c.confidence = match agreeing {
        2.. => Confidence::High,
        _ if ours(signals.image_stack) || ours(signals.start_stack) => Confidence::Medium,
        _ => Confidence::Low,
    };
    let none = if others { format!("no {} manifest", stack.as_str()) } else { "no manifest".to_string() };
    c.see("Dockerfile", None, format!("{none} found in the build context; stack read from what the Dockerfile's base image, start command and build commands run"));
    c
}

/// SPAs and Next.js apps are built by Node.js: one family for ranking and confidence.
pub(crate) fn same_family(a: Stack, b: Stack) -> bool {
    let family = |s: Stack| if matches!(s, Stack::Spa | Stack::Nextjs) { Stack::Node } else { s };
    family(a) == family(b)
}

/// Put the candidate the Dockerfile actually builds first, and settle confidences.
fn rank(candidates: &mut [Candidate], signals: &DockerfileSignals) {
    let score = |c: &Candidate| -> i32 {
        let mut s = 0;
        let ours = |st: Option<Stack>| st.is_some_and(|st| same_family(st, c.stack));
        if ours(signals.image_stack) {
            s += 4;
        }
        if ours(signals.command_stack) {
            s += 2;
        }
        // What the container starts counts most: `ENTRYPOINT ["node", ...]` on a python image
        // outweighs the image and the build commands together.
        if ours(signals.start_stack) {
            s += 7;
        }
        if c.root == "." {
            s += 1;
        }
        if signals.copy_sources.iter().any(|src| c.holds_context_path(src)) {
            s += 3;
        }
        // The directory the container starts in outranks a directory the build only copies
        // (an Angular client built for the Express server in `server/` that serves it).
        if signals.start_dir.as_deref().is_some_and(|d| c.holds_context_path(d)) {
            s += 5;
        }
        s
    };
    candidates.sort_by_key(|c| std::cmp::Reverse(score(c)));
    let n = candidates.len();
    for (i, c) in candidates.iter_mut().enumerate() {
        let warned = c.evidence.iter().any(|e| e.warning);
        let agrees = signals.image_stack.is_some() && score(c) >= 4;
        let contradicted = signals.image_stack.is_some() && !agrees;
        c.confidence = match (c.confidence, agrees, contradicted) {
            (Confidence::Low, _, _) => Confidence::Low,
            (_, true, _) => Confidence::High,
            (_, _, true) => Confidence::Low,
            (conf, _, _) if n > 1 && i > 0 => conf.min(Confidence::Medium),
            (conf, _, _) => conf,
        };
        if warned {
            c.confidence = c.confidence.min(Confidence::Medium);
        }
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
pub(crate) fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|at| line_at(text, at))
}

/// The 1-based line of a byte offset of a manifest (the one offset→line map of detection).
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// Whether a version constraint only bounds from below (`>=10`, `>3.7`; for Python also poetry's
/// `^3.9`, any 3.x from 3.9): it says what the app needs, not which version builds it.
pub(crate) fn is_lower_bound(req: &str, caret_too: bool) -> bool {
    let req = req.trim();
    (req.starts_with('>') || caret_too && req.starts_with('^')) && !req.contains('<')
}

/// A major version from a tag or constraint: `1.22.3` → `1.22` when `keep_minor`, `>=3.11` → `3.11`.
pub(crate) fn version_digits(s: &str, parts: usize) -> Option<String> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let v: String = s[start..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let v: Vec<&str> = v.split('.').filter(|p| !p.is_empty()).take(parts).collect();
    (!v.is_empty()).then(|| v.join("."))
}

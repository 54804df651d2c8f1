//! The template schema (documented for users in `docs/templates.md`). Unknown keys are errors,
//! so a typo in a platform team's template is caught with its file, line and key.

use crate::detect::Stack;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A condition value: one string or a list of accepted strings.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// Whether a fact's value meets the condition: equal to it (or one of them); `"*"` accepts
    /// any non-empty value; `">=15"`, `"<15"` (comma = and) compare versions.
    pub fn accepts(&self, value: &str) -> bool {
        let one = |want: &str| match want {
            "*" => !value.is_empty(),
            w if w.starts_with(['<', '>']) => crate::templates::knowledge::version_in(value, w),
            w => w == value,
        };
        match self {
            OneOrMany::One(v) => one(v),
            OneOrMany::Many(vs) => vs.iter().any(|v| one(v)),
        }
    }
}

/// Conditions on detection facts: every key must hold (a missing fact reads as "").
pub type Conditions = BTreeMap<String, OneOrMany>;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Unique name; a user template with a built-in's name replaces it.
    pub name: String,
    /// Which detected stack it applies to.
    pub stack: Stack,
    pub description: String,
    /// Among templates whose `when` holds, the highest priority wins.
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub when: Conditions,
    #[serde(default)]
    pub builder: Builder,
    pub runtime: Runtime,
    /// What moves from the builder to the runtime stage.
    #[serde(default)]
    pub copy: Vec<Copy>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Builder {
    /// Estimated compressed size of the usual builder image (for the before → after estimate).
    #[serde(default)]
    pub size_mb: f64,
    #[serde(default)]
    pub alpine_size_mb: f64,
    /// Lines inserted before the first dependency install (e.g. create a virtualenv).
    #[serde(default)]
    pub before_install: Vec<Step>,
    /// Packages that install or build the app rather than run it (`poetry`, `pipenv`): an
    /// install of only these is no dependency install, so `before_install` goes after it and
    /// they stay in the build stage.
    #[serde(default)]
    pub tools: Vec<String>,
    /// Lines appended at the end of the builder stage (e.g. prune dev dependencies).
    #[serde(default)]
    pub finish: Vec<Step>,
    /// What the build compiles (glob patterns on the names a COPY copies: `*.go`, `src`,
    /// `Cargo.toml`): a COPY of anything else into the project (migrations, templates, config)
    /// is data the program reads at run time, and is copied into the runtime as well.
    #[serde(default)]
    pub sources: Vec<String>,
    /// `sources` compiled on first use: a migration asks for every COPY of every file, and
    /// compiling the patterns each time was 8 % of a migration run (perf samples).
    #[serde(skip)]
    sources_set: std::sync::OnceLock<globset::GlobSet>,
}

impl Builder {
    /// Whether a copied name is one of the sources the build compiles (`sources`; a pattern
    /// that is not a valid glob matches nothing).
    pub fn is_source(&self, name: &str) -> bool {
        self.sources_set
            .get_or_init(|| {
                let mut set = globset::GlobSetBuilder::new();
                for g in self.sources.iter().filter_map(|g| globset::Glob::new(g).ok()) {
                    set.add(g);
                }
                set.build().unwrap_or_else(|_| globset::GlobSet::empty())
            })
            .is_match(name)
    }
}

/// One Dockerfile line with placeholders, and when it applies.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub line: String,
    #[serde(default)]
    pub when: Conditions,
    /// Skip when the CMD/ENTRYPOINT mentions any of these (e.g. a dev-only tool).
    #[serde(default)]
    pub unless_command: Vec<String>,
    /// Only for these runtime variants (empty: all).
    #[serde(default)]
    pub variants: Vec<String>,
    /// Skip when the user's Dockerfile writes one of these paths itself (its own nginx config).
    #[serde(default)]
    pub unless_path: Vec<String>,
    /// Skip when a RUN of the stage already does it (the user prunes, or installs production
    /// dependencies only). The step's own command always counts.
    #[serde(default)]
    pub unless_run: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Runtime {
    /// In order of preference: the default is the first whose `requires` hold.
    pub variants: Vec<Variant>,
    /// Packages every runtime needs (installed unless the variant `provides` them).
    #[serde(default)]
    pub packages: Vec<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Replaces the image's command (exec form) when the builder's server is not shipped.
    #[serde(default)]
    pub command: Option<Vec<String>>,
    /// The runtime is a web server for the build's files (nginx): the builder's working
    /// directory, user, shell and environment belong to the build and stay behind.
    #[serde(default)]
    pub serves_files: bool,
    /// Extra runtime lines after the base image.
    #[serde(default)]
    pub setup: Vec<Step>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// `slim`, `alpine`, `distroless`, `scratch`, `jre`, `unprivileged`...: what `--runtime` names.
    pub name: String,
    /// Image reference with placeholders: `node:{node}-slim`.
    pub image: String,
    /// Estimated compressed size in MB; the TOML comment above it says where the figure is from.
    pub size_mb: f64,
    /// Conditions on facts (`libc = "musl"`): the variant is only valid when they hold.
    #[serde(default)]
    pub requires: Conditions,
    /// `apt`, `apk`, or none (distroless, scratch: nothing can be installed).
    #[serde(default)]
    pub package_manager: Option<String>,
    /// Packages the image already has.
    #[serde(default)]
    pub provides: Vec<String>,
    /// The image already runs as a non-root user.
    #[serde(default)]
    pub nonroot: bool,
    /// With `nonroot`: the same image running as root (distroless without `:nonroot`), used when
    /// the app must start as root (a port below 1024, `--keep-root`, a privilege-dropping start).
    #[serde(default)]
    pub root_image: Option<String>,
    /// Non-root user to switch to (existing in the image, or made by `create_user`).
    #[serde(default)]
    pub user: Option<String>,
    /// Shell command that creates `user`, with a home directory: the original ran as root with
    /// a writable `$HOME`, and apps write caches and settings there (maigret's `~/.maigret`).
    #[serde(default)]
    pub create_user: Option<String>,
    /// Copy the builder's CA bundle (images without one, like scratch).
    #[serde(default)]
    pub ca_certificates: bool,
    /// Executables on the image's PATH (what a HEALTHCHECK or CMD may use).
    #[serde(default)]
    pub tools: Vec<String>,
    /// The C library the image has (`glibc`, `musl`, `none`), where its programs may need one:
    /// a program built against the builder's libc runs only on an image with the same.
    #[serde(default)]
    pub libc: Option<String>,
    /// The port the image's server listens on by default, when fixed by the image.
    #[serde(default)]
    pub port: Option<String>,
    /// Said to the user when the image runs as root and no USER is added.
    #[serde(default)]
    pub root_note: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Copy {
    pub from: String,
    pub to: String,
    /// Only when this path exists in the project (relative to its root).
    #[serde(default)]
    pub if_exists: Option<String>,
    /// Conditions on facts (plus the planner's own, such as `venv`).
    #[serde(default)]
    pub when: Conditions,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub text: String,
    #[serde(default)]
    pub when: Conditions,
}

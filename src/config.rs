//! `msify.toml`: per-repository settings, found in the build context or a parent (not above the
//! repository root, the directory holding `.git`). Unknown keys are errors naming file and line.
//!
//! ```toml
//! runtime = "alpine"          # default runtime variant where the template offers it
//! templates = ["ci/msify"]    # extra template directories, relative to this file
//! keep_root = false           # true: never add a non-root USER
//! test_stage = false          # true: RUNs that only test move to a `test` stage
//! ignore = ["legacy/**"]      # Dockerfiles (or directories) msify leaves alone
//!
//! [[override]]                # per-path settings, first match wins
//! path = "services/batch/**"
//! runtime = "slim"
//! keep_root = true
//! skip = false                # true: report the file as skipped, change nothing
//! ```

use crate::error::{Error, SyntaxError};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "msify.toml";

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub runtime: Option<String>,
    #[serde(default)]
    pub templates: Vec<String>,
    pub keep_root: Option<bool>,
    pub test_stage: Option<bool>,
    /// Globs (gitignore style, relative to this file) of paths msify leaves alone.
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default, rename = "override")]
    pub overrides: Vec<PathOverride>,
    /// Where the file was found (template paths are relative to it).
    #[serde(skip)]
    pub dir: PathBuf,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathOverride {
    /// Glob relative to the msify.toml directory: `services/api/**`, `legacy/Dockerfile`.
    pub path: String,
    pub runtime: Option<String>,
    pub keep_root: Option<bool>,
    #[serde(default)]
    pub skip: bool,
}

impl Config {
    /// Whether `path` (a Dockerfile) matches one of the `ignore` globs.
    pub fn ignores(&self, path: &Path) -> bool {
        self.relative(path).is_some_and(|rel| self.ignore.iter().any(|g| glob_matches(g, &rel)))
    }

    /// The first `[[override]]` whose glob matches `path`.
    pub fn override_for(&self, path: &Path) -> Option<&PathOverride> {
        let rel = self.relative(path)?;
        self.overrides.iter().find(|o| glob_matches(&o.path, &rel))
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let abs = std::fs::canonicalize(path).ok()?;
        let base = std::fs::canonicalize(&self.dir).ok()?;
        abs.strip_prefix(base).ok().map(|r| r.to_string_lossy().replace('\\', "/"))
    }

    /// The nearest `msify.toml` at or above `start`, if any.
    pub fn discover(start: &Path) -> Result<Option<Config>, Error> {
        Config::find(&crate::fsview::canonical(start))
    }

    /// The answer for `dir` (canonical), else its parent's: asked once per directory in a run,
    /// so the repositories of one parent directory share the walk above it.
    fn find(dir: &Path) -> Result<Option<Config>, Error> {
        crate::fsview::memo("msify.toml", dir, || {
            let candidate = dir.join(FILE_NAME);
            if crate::fsview::is_file(&candidate) {
                return Config::load(&candidate).map(Some);
            }
            match dir.parent() {
                Some(parent) if crate::fsview::kind(&dir.join(".git")).is_none() => Config::find(parent),
                _ => Ok(None),
            }
        })
    }

    pub fn load(path: &Path) -> Result<Config, Error> {
        let file = crate::source::read_path(path)?;
        let mut config: Config = toml::from_str(&file.text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            Error::syntax(&file.display, &file.text, SyntaxError::new(offset, format!("invalid msify.toml: {}", e.message().trim()), "valid keys: runtime, templates, keep_root, test_stage, ignore, [[override]] (path, runtime, keep_root, skip)"))
        })?;
        config.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    pub fn template_dirs(&self) -> Vec<PathBuf> {
        self.templates.iter().map(|t| crate::templates::template_dir(&self.dir, t)).collect()
    }
}

/// A gitignore-style glob against a relative path: `dir/**`, `*.Dockerfile`, or a directory
/// prefix (`legacy` matches everything under `legacy/`).
fn glob_matches(glob: &str, rel: &str) -> bool {
    let glob = glob.trim_start_matches("./").trim_end_matches('/');
    if rel == glob || rel.starts_with(&format!("{glob}/")) {
        return true;
    }
    globset::GlobBuilder::new(glob).literal_separator(true).build().map(|g| g.compile_matcher().is_match(rel)).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_in_a_parent_and_validated() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("svc/api")).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "runtime = \"alpine\"\ntemplates = [\"t\"]\n").unwrap();
        let c = Config::discover(&dir.path().join("svc/api")).unwrap().unwrap();
        assert_eq!(c.runtime.as_deref(), Some("alpine"));
        assert!(c.template_dirs()[0].ends_with("t"));
        std::fs::write(dir.path().join(FILE_NAME), "runtime = \"alpine\"\nruntim = 1\n").unwrap();
        let e = Config::discover(dir.path()).unwrap_err();
        assert_eq!(e.location.unwrap().line, 2);
        assert!(e.message.contains("runtim"));
    }

    #[test]
    fn ignore_and_overrides_match_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["legacy/old", "svc/api"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
            std::fs::write(dir.path().join(d).join("Dockerfile"), "FROM a\n").unwrap();
        }
        std::fs::write(dir.path().join(FILE_NAME), "ignore = [\"legacy\"]\n[[override]]\npath = \"svc/**\"\nruntime = \"slim\"\n").unwrap();
        let c = Config::discover(dir.path()).unwrap().unwrap();
        assert!(c.ignores(&dir.path().join("legacy/old/Dockerfile")));
        assert!(!c.ignores(&dir.path().join("svc/api/Dockerfile")));
        assert_eq!(c.override_for(&dir.path().join("svc/api/Dockerfile")).unwrap().runtime.as_deref(), Some("slim"));
        assert!(c.override_for(&dir.path().join("legacy/old/Dockerfile")).is_none());
    }
}

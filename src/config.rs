//! `msify.toml`: per-repository settings, found in the build context or a parent (not above the
//! repository root, the directory holding `.git`). Unknown keys are errors naming file and line.
//!
//! ```toml
//! runtime = "alpine"          # default runtime variant where the template offers it
//! templates = ["ci/msify"]    # extra template directories, relative to this file
//! keep_root = false           # true: never add a non-root USER
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
    /// Where the file was found (template paths are relative to it).
    #[serde(skip)]
    pub dir: PathBuf,
}

impl Config {
    /// The nearest `msify.toml` at or above `start`, if any.
    pub fn discover(start: &Path) -> Result<Option<Config>, Error> {
        let mut dir = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        loop {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate).map(Some);
            }
            if dir.join(".git").exists() || !dir.pop() {
                return Ok(None);
            }
        }
    }

    pub fn load(path: &Path) -> Result<Config, Error> {
        let file = crate::source::read_path(path)?;
        let mut config: Config = toml::from_str(&file.text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            Error::syntax(&file.display, &file.text, SyntaxError::new(offset, format!("invalid msify.toml: {}", e.message().trim()), "valid keys: runtime, templates, keep_root"))
        })?;
        config.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    pub fn template_dirs(&self) -> Vec<PathBuf> {
        self.templates.iter().map(|t| crate::templates::template_dir(&self.dir, t)).collect()
    }
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
}

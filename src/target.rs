//! What a PATH argument means: a Dockerfile and its build context.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// Where a Dockerfile is looked for inside a directory, in order.
pub const DOCKERFILE_NAMES: &[&str] =
    &["Dockerfile", "Containerfile", "docker/Dockerfile", "deploy/Dockerfile", "build/Dockerfile"];

/// What a PATH argument means: a Dockerfile and its build context.
#[derive(Debug, Clone)]
pub struct Target {
    /// `None` only for `msify detect` on a directory without a Dockerfile.
    pub dockerfile: Option<PathBuf>,
    pub context: PathBuf,
}

impl Target {
    /// A directory is the build context, its Dockerfile found by [`DOCKERFILE_NAMES`]; a file is
    /// the Dockerfile, its context the nearest directory upwards holding a manifest. `context`
    /// (`--context`) names the build context outright, as `docker build` is given it.
    pub fn resolve(path: &Path, context: Option<&Path>) -> Result<Target, Error> {
        if let Some(dir) = context {
            if !dir.is_dir() {
                return Err(Error::new(dir.display().to_string(), format!("--context {}: not a directory", dir.display()), "name the directory docker build uses as its context"));
            }
        }
        if path.is_dir() {
            let dockerfile = DOCKERFILE_NAMES.iter().map(|n| path.join(n)).find(|p| p.is_file());
            return Ok(Target { dockerfile, context: context.unwrap_or(path).to_path_buf() });
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let context = context.map(Path::to_path_buf).unwrap_or_else(|| crate::detect::context_root(dir));
        Ok(Target { dockerfile: Some(path.to_path_buf()), context })
    }

    /// As [`Target::resolve`], but a Dockerfile is required.
    pub fn require(path: &Path, context: Option<&Path>) -> Result<(PathBuf, PathBuf), Error> {
        let t = Target::resolve(path, context)?;
        match t.dockerfile {
            Some(d) => Ok((d, t.context)),
            None => Err(Error::new(
                path.display().to_string(),
                format!("no Dockerfile in {}", path.display()),
                "pass the Dockerfile's path, or a directory that contains a Dockerfile",
            )),
        }
    }
}

//! Text helpers for `/`-separated paths as Dockerfiles and shell commands write them.

/// The last component of a `/`-separated path, as `basename` prints it for a path without a
/// trailing slash: `/usr/local/bin/node` → `node`, `node` → `node`, `dist/` → `` (callers that
/// mean the directory trim the slash first).
///
/// One byte scan: this is asked for every program word, image name and copy target of every
/// Dockerfile (tens of thousands of times in a migration run), where `rsplit('/').next()`'s
/// general pattern searcher cost five times as much.
pub trait Basename {
    fn basename(&self) -> &str;
}

impl Basename for str {
    fn basename(&self) -> &str {
        match self.as_bytes().iter().rposition(|&b| b == b'/') {
            Some(i) => &self[i + 1..],
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Basename;

    #[test]
    fn last_component_as_rsplit_gives_it() {
        for path in ["", "/", "node", "/usr/local/bin/node", "dist/", "./app", "a//b", "é/ü", "/é"] {
            assert_eq!(path.basename(), path.rsplit('/').next().unwrap(), "{path:?}");
        }
    }
}

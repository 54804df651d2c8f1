//! A bounded view of a build context: existence checks, single-directory listings and capped
//! reads of named files. It never walks a tree, and it counts what it reads so tests and the
//! benchmark can prove detection stays cheap in a 10,000-file repository.

use crate::fsview;
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};

/// The most bytes read from any one manifest; beyond that a file is read partially.
pub const MAX_READ: u64 = 512 * 1024;

pub struct Repo {
    root: PathBuf,
    reads: Cell<usize>,
    read_paths: RefCell<Vec<String>>,
}

/// `dir/name`, or `name` when `dir` is the context itself.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else {
        format!("{}/{}", dir.trim_end_matches('/'), name)
    }
}

impl Repo {
    pub fn new(root: &Path) -> Self {
        Repo { root: root.to_path_buf(), reads: Cell::new(0), read_paths: RefCell::new(Vec::new()) }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        fsview::kind(&self.path(rel)).is_some()
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        fsview::is_dir(&self.path(rel))
    }

    /// Read a regular file as text, at most `MAX_READ` bytes; `None` if absent or unreadable.
    pub fn read(&self, rel: &str) -> Option<String> {
        self.read_prefix(rel, MAX_READ)
    }

    /// Read at most `limit` bytes of a regular file (a prefix is enough for Go import blocks).
    pub fn read_prefix(&self, rel: &str, limit: u64) -> Option<String> {
        let text = fsview::read_prefix(&self.path(rel), limit)?;
        self.reads.set(self.reads.get() + 1);
        self.read_paths.borrow_mut().push(rel.to_string());
        Some(text.to_string())
    }

    /// Names of the entries of one directory, sorted; empty if it is not a directory.
    pub fn list(&self, rel: &str) -> Vec<String> {
        fsview::list(&self.path(rel)).map(|l| l.iter().map(|(n, _)| n.clone()).collect()).unwrap_or_default()
    }

    /// Names in one directory that `keep` accepts, sorted (the large directories a migration
    /// meets are filtered before anything is copied).
    pub fn names_matching(&self, rel: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
        fsview::list(&self.path(rel)).map(|l| l.iter().filter(|(n, _)| keep(n)).map(|(n, _)| n.clone()).collect()).unwrap_or_default()
    }

    /// Sub-directories of one directory (symlinks not followed), sorted.
    pub fn list_dirs(&self, rel: &str) -> Vec<String> {
        fsview::list(&self.path(rel)).map(|l| l.iter().filter(|(_, k)| *k == fsview::Kind::Dir).map(|(n, _)| n.clone()).collect()).unwrap_or_default()
    }

    /// How many files were read so far.
    pub fn reads(&self) -> usize {
        self.reads.get()
    }

    /// Which files were read so far, in order.
    pub fn read_paths(&self) -> Vec<String> {
        self.read_paths.borrow().clone()
    }
}

//! A bounded view of a build context: existence checks, single-directory listings and capped
//! reads of named files. It never walks a tree, and it counts what it reads so tests and the
//! benchmark can prove detection stays cheap in a 10,000-file repository.

use std::cell::{Cell, RefCell};
use std::fs;
use std::io::Read;
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

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        fs::symlink_metadata(self.path(rel)).is_ok()
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        fs::metadata(self.path(rel)).map(|m| m.is_dir()).unwrap_or(false)
    }

    /// Read a regular file as text, at most `MAX_READ` bytes; `None` if absent or unreadable.
    pub fn read(&self, rel: &str) -> Option<String> {
        self.read_prefix(rel, MAX_READ)
    }

    /// Read at most `limit` bytes of a regular file (a prefix is enough for Go import blocks).
    pub fn read_prefix(&self, rel: &str, limit: u64) -> Option<String> {
        let path = self.path(rel);
        let meta = fs::metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut bytes = Vec::new();
        fs::File::open(&path).ok()?.take(limit).read_to_end(&mut bytes).ok()?;
        self.reads.set(self.reads.get() + 1);
        self.read_paths.borrow_mut().push(rel.to_string());
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Names of the entries of one directory, sorted; empty if it is not a directory.
    pub fn list(&self, rel: &str) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.path(rel)) else { return Vec::new() };
        let mut names: Vec<String> =
            entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    /// Sub-directories of one directory (symlinks not followed), sorted.
    pub fn list_dirs(&self, rel: &str) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.path(rel)) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
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

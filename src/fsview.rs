//! A view of the file system that reads each directory once per run. A migration run may hold
//! hundreds of Dockerfiles in one build context; detecting and planning each of them asks the
//! same questions of the same directories (does `package.json` exist, what is in the context,
//! what does `go.mod` say). Without a cache each question is a system call and each listing of
//! a large directory is hundreds of allocations and a sort, repeated per Dockerfile — quadratic
//! in the size of the directory (measured: 436 Dockerfiles in one directory, 14,885 `statx` and
//! 1,746 `getdents64` calls).
//!
//! The cache is switched on for a whole process by the command line ([`enable`]): a run reads
//! a tree that does not change under it (`--write` only writes Dockerfiles, which are read
//! through `source`, not here). Library callers that do not enable it get fresh answers every
//! time. File contents are cached up to [`CONTENT_BUDGET`] bytes in all.

use rustc_hash::FxHashMap as HashMap;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// What an entry of a directory is (symlinks not followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Dir,
    File,
    Symlink,
    Other,
}

/// One directory's entries, sorted by name; `None` when it cannot be listed.
pub type Listing = Option<Arc<Vec<(String, Kind)>>>;

/// Bytes of file contents kept in all; later reads go to the file system again.
pub const CONTENT_BUDGET: usize = 64 << 20;

/// The caches are keyed by a path's bytes as given (hashed with FxHash): hashing a `Path`
/// walks its components, and that was a fifth of a migration run's instructions. Two
/// spellings of one path (`a//b`, `a/b`) are two entries — a miss, never a wrong answer.
#[derive(Default)]
struct Cache {
    dirs: Mutex<HashMap<OsString, Listing>>,
    /// Contents by path, then by the byte limit they were read up to; and the bytes held.
    files: Mutex<(HashMap<OsString, Vec<(u64, Option<Arc<String>>)>>, usize)>,
    /// Facts derived from a directory's files only (see [`memo`]), by question and directory.
    derived: Mutex<HashMap<&'static str, HashMap<OsString, Arc<dyn std::any::Any + Send + Sync>>>>,
}

/// The file system, with or without a cache.
#[derive(Default)]
pub struct View {
    cache: Option<Cache>,
}

static CACHED: OnceLock<View> = OnceLock::new();
static FRESH: View = View { cache: None };

/// Cache directory listings and file contents for the rest of this process.
pub fn enable() {
    let _ = CACHED.set(View::cached());
}

/// The process's view: cached once [`enable`]d.
fn view() -> &'static View {
    CACHED.get().unwrap_or(&FRESH)
}

pub fn list(dir: &Path) -> Listing {
    view().list(dir)
}

pub fn kind(path: &Path) -> Option<Kind> {
    view().kind(path)
}

pub fn is_dir(path: &Path) -> bool {
    view().is_dir(path)
}

/// Whether `path` exists, following a symlink (as `Path::exists`).
pub fn exists(path: &Path) -> bool {
    view().exists(path)
}

pub fn is_file(path: &Path) -> bool {
    view().is_file(path)
}

/// `path` with links resolved, as `std::fs::canonicalize` (or `path` itself when that fails).
/// With the cache on, a directory that its parent's listing shows is no link is its parent's
/// canonical path joined with its name: sibling repositories share their parents' answers
/// instead of resolving every component again.
pub fn canonical(path: &Path) -> PathBuf {
    view().canonical(path)
}

pub fn read_prefix(path: &Path, limit: u64) -> Option<Arc<String>> {
    view().read_prefix(path, limit)
}

/// A fact derived from what is under `dir` alone (its build-context root, its `msify.toml`, the
/// stacks its manifests name), worked out once per run while the cache is on — every
/// Dockerfile of a context asks the same — and afresh on every call otherwise. `question`
/// names what is asked; one question must always be answered with the same type `T`.
pub fn memo<T: Clone + Send + Sync + 'static>(question: &'static str, dir: &Path, answer: impl FnOnce() -> T) -> T {
    view().memo(question, dir, answer)
}

/// Every directory listed and file opened through the view, in order, while a log is on: the
/// tests that bound what detection touches count at this boundary, where the system calls
/// are made, not with the callers' own counters.
static LOG: Mutex<Option<Vec<String>>> = Mutex::new(None);

/// Start logging (clearing an earlier log).
pub fn start_log() {
    *LOG.lock().expect("not poisoned") = Some(Vec::new());
}

/// Stop logging; what was listed (`list PATH`) and opened (`open PATH`).
pub fn take_log() -> Vec<String> {
    LOG.lock().expect("not poisoned").take().unwrap_or_default()
}

fn log(what: &str, path: &Path) {
    if let Some(l) = LOG.lock().expect("not poisoned").as_mut() {
        l.push(format!("{what} {}", path.display()));
    }
}

/// A path's parent and last name when it has both and no `..` (which a listing cannot answer
/// for: the parent may be a link). Split on the bytes when the path is already in the form
/// `Path::parent` would give — walking `Path::components` twice per question showed in
/// profiles — and through `Path` otherwise.
fn parent_and_name(path: &Path) -> Option<(&Path, &OsStr)> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let simple = !bytes.is_empty()
            && !bytes.ends_with(b"/")
            && bytes.split(|&b| b == b'/').enumerate().all(|(i, part)| !matches!(part, b"." | b"..") && (i == 0 || !part.is_empty()));
        if simple {
            return Some(match bytes.iter().rposition(|&b| b == b'/') {
                Some(0) => (Path::new("/"), OsStr::from_bytes(&bytes[1..])),
                Some(at) => (Path::new(OsStr::from_bytes(&bytes[..at])), OsStr::from_bytes(&bytes[at + 1..])),
                None => (Path::new(""), path.as_os_str()),
            });
        }
    }
    let plain = path.components().all(|c| matches!(c, Component::Normal(_) | Component::RootDir | Component::CurDir));
    Some((path.parent()?, path.file_name()?)).filter(|_| plain)
}

fn read_listing(dir: &Path) -> Listing {
    log("list", dir);
    let entries = std::fs::read_dir(dir).ok()?;
    let mut out: Vec<(String, Kind)> = entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let kind = match e.file_type() {
                Ok(t) if t.is_dir() => Kind::Dir,
                Ok(t) if t.is_file() => Kind::File,
                Ok(t) if t.is_symlink() => Kind::Symlink,
                _ => Kind::Other,
            };
            (e.file_name().to_string_lossy().into_owned(), kind)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(Arc::new(out))
}

impl View {
    pub fn cached() -> View {
        View { cache: Some(Cache::default()) }
    }

    /// The entries of `dir`, sorted by name.
    pub fn list(&self, dir: &Path) -> Listing {
        let Some(c) = &self.cache else { return read_listing(dir) };
        if let Some(l) = c.dirs.lock().expect("not poisoned").get(dir.as_os_str()) {
            return l.clone();
        }
        // A directory its parent's listing (already read) does not hold is not asked for.
        if self.known_absent(c, dir) {
            return None;
        }
        let listing = read_listing(dir);
        c.dirs.lock().expect("not poisoned").insert(dir.as_os_str().to_owned(), listing.clone());
        listing
    }

    /// See the free function [`memo`].
    pub fn memo<T: Clone + Send + Sync + 'static>(&self, question: &'static str, dir: &Path, answer: impl FnOnce() -> T) -> T {
        let Some(c) = &self.cache else { return answer() };
        let key: &OsStr = dir.as_os_str();
        if let Some(hit) = c.derived.lock().expect("not poisoned").get(question).and_then(|m| m.get(key)).and_then(|a| a.downcast_ref::<T>()) {
            return hit.clone();
        }
        let value = answer();
        c.derived.lock().expect("not poisoned").entry(question).or_default().insert(key.to_owned(), Arc::new(value.clone()));
        value
    }

    /// What `path` is, from its parent's listing (`None`: absent). Paths with `..` or without
    /// a parent are asked of the file system directly.
    pub fn kind(&self, path: &Path) -> Option<Kind> {
        match (&self.cache, parent_and_name(path)) {
            (Some(_), Some((parent, name))) => {
                let name = name.to_string_lossy();
                let listing = self.list(if parent.as_os_str().is_empty() { Path::new(".") } else { parent })?;
                listing.binary_search_by(|(n, _)| n.as_str().cmp(&name)).ok().map(|i| listing[i].1)
            }
            _ => {
                let t = std::fs::symlink_metadata(path).ok()?.file_type();
                Some(if t.is_dir() {
                    Kind::Dir
                } else if t.is_file() {
                    Kind::File
                } else if t.is_symlink() {
                    Kind::Symlink
                } else {
                    Kind::Other
                })
            }
        }
    }

    /// See the free function [`canonical`].
    pub fn canonical(&self, path: &Path) -> PathBuf {
        let resolve = || std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if self.cache.is_none() {
            return resolve();
        }
        self.memo("canonical path", path, || match parent_and_name(path) {
            Some((parent, name)) if path.is_absolute() && matches!(self.kind(path), Some(Kind::Dir | Kind::File)) => self.canonical(parent).join(name),
            _ => resolve(),
        })
    }

    /// Whether the parent's listing, if this run read it, says `path` is no directory (nor a
    /// link that may lead to one).
    fn known_absent(&self, c: &Cache, path: &Path) -> bool {
        let Some((parent, name)) = parent_and_name(path) else { return false };
        let dirs = c.dirs.lock().expect("not poisoned");
        let Some(Some(listing)) = dirs.get(parent.as_os_str()) else { return false };
        let name = name.to_string_lossy();
        !listing.binary_search_by(|(n, _)| n.as_str().cmp(&name)).is_ok_and(|i| matches!(listing[i].1, Kind::Dir | Kind::Symlink))
    }

    /// Whether `path` is a regular file, following a symlink.
    pub fn is_file(&self, path: &Path) -> bool {
        match self.kind(path) {
            Some(Kind::File) => true,
            Some(Kind::Symlink) => std::fs::metadata(path).is_ok_and(|m| m.is_file()),
            _ => false,
        }
    }

    /// Whether `path` exists, following a symlink.
    pub fn exists(&self, path: &Path) -> bool {
        match self.kind(path) {
            None => false,
            Some(Kind::Symlink) => std::fs::metadata(path).is_ok(),
            Some(_) => true,
        }
    }

    /// Whether `path` is a directory, following a symlink.
    pub fn is_dir(&self, path: &Path) -> bool {
        match self.kind(path) {
            Some(Kind::Dir) => true,
            Some(Kind::Symlink) => std::fs::metadata(path).is_ok_and(|m| m.is_dir()),
            _ => false,
        }
    }

    /// At most `limit` bytes of a regular file (following a symlink), as text.
    pub fn read_prefix(&self, path: &Path, limit: u64) -> Option<Arc<String>> {
        let Some(c) = &self.cache else { return self.read_file(path, limit) };
        let hit = c.files.lock().expect("not poisoned").0.get(path.as_os_str()).and_then(|reads| reads.iter().find(|(l, _)| *l == limit).map(|(_, t)| t.clone()));
        if let Some(text) = hit {
            return text;
        }
        let text = self.read_file(path, limit);
        let mut files = c.files.lock().expect("not poisoned");
        let size = text.as_ref().map(|t| t.len()).unwrap_or(0);
        if files.1 + size <= CONTENT_BUDGET {
            files.1 += size;
            files.0.entry(path.as_os_str().to_owned()).or_default().push((limit, text.clone()));
        }
        text
    }

    fn read_file(&self, path: &Path, limit: u64) -> Option<Arc<String>> {
        match self.kind(path)? {
            Kind::File => {}
            Kind::Symlink if std::fs::metadata(path).is_ok_and(|m| m.is_file()) => {}
            _ => return None,
        }
        let mut bytes = Vec::new();
        log("open", path);
        std::fs::File::open(path).ok()?.take(limit).read_to_end(&mut bytes).ok()?;
        Some(Arc::new(String::from_utf8_lossy(&bytes).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_match_the_file_system_with_and_without_the_cache() {
        let (fresh, cached) = (View::default(), View::cached());
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "hello").unwrap();
        std::os::unix::fs::symlink("sub", dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.path().join("dangling")).unwrap();
        let check = |v: &View| {
            for p in ["sub", "link", "a.txt", "dangling", "missing", "a.txt/x", "sub/missing"] {
                let p = dir.path().join(p);
                assert_eq!(v.exists(&p), p.exists(), "{}", p.display());
            }
            assert_eq!(v.kind(&dir.path().join("a.txt")), Some(Kind::File));
            assert_eq!(v.kind(&dir.path().join("missing")), None);
            assert!(v.is_dir(&dir.path().join("sub")) && v.is_dir(&dir.path().join("link")));
            assert!(!v.is_dir(&dir.path().join("a.txt")));
            assert!(v.is_file(&dir.path().join("a.txt")) && !v.is_file(&dir.path().join("sub")) && !v.is_file(&dir.path().join("missing")));
            assert_eq!(v.list(&dir.path().join("missing")), None);
            assert_eq!(v.list(&dir.path().join("a.txt")), None);
            assert_eq!(v.list(&dir.path().join("link")).map(|l| l.len()), Some(0));
            for p in ["sub", "link", "a.txt", "sub/../a.txt", "missing"] {
                let p = dir.path().join(p);
                assert_eq!(v.canonical(&p), std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone()), "{}", p.display());
            }
            assert_eq!(v.read_prefix(&dir.path().join("a.txt"), 3).as_deref().map(String::as_str), Some("hel"));
            assert_eq!(v.read_prefix(&dir.path().join("sub"), 3), None);
            let names: Vec<String> = v.list(dir.path()).unwrap().iter().map(|(n, _)| n.clone()).collect();
            assert_eq!(names, ["a.txt", "dangling", "link", "sub"]);
        };
        check(&fresh);
        check(&cached);
        check(&cached);
        // The cached view answers from what it read: a file made later is not seen by it.
        std::fs::write(dir.path().join("b.txt"), "x").unwrap();
        assert_eq!(cached.kind(&dir.path().join("b.txt")), None);
        assert_eq!(fresh.kind(&dir.path().join("b.txt")), Some(Kind::File));
    }

    #[test]
    fn parent_and_name_agree_with_path() {
        for p in ["/", "", "a", "/a", "/a/b", "a/b/c", "/a//b", "a/./b", "./a", "a/", "/a/b/", "a/..", "../a", "/..", ".", "a/.", "//a"] {
            let path = Path::new(p);
            let plain = path.components().all(|c| matches!(c, Component::Normal(_) | Component::RootDir | Component::CurDir));
            let by_path = path.parent().zip(path.file_name()).filter(|_| plain);
            assert_eq!(parent_and_name(path), by_path, "{p:?}");
        }
    }

    #[test]
    fn a_derived_fact_is_worked_out_once_per_directory_and_question_when_cached() {
        let (fresh, cached) = (View::default(), View::cached());
        let calls = std::cell::Cell::new(0);
        let ask = |v: &View, q: &'static str, d: &str| v.memo(q, Path::new(d), || { calls.set(calls.get() + 1); format!("{q} {d}") });
        assert_eq!(ask(&cached, "root", "/a"), "root /a");
        assert_eq!(ask(&cached, "root", "/a"), "root /a");
        assert_eq!(ask(&cached, "config", "/a"), "config /a");
        assert_eq!(ask(&cached, "root", "/b"), "root /b");
        assert_eq!(calls.get(), 3, "once per question and directory");
        ask(&fresh, "root", "/a");
        ask(&fresh, "root", "/a");
        assert_eq!(calls.get(), 5, "without the cache, every call works it out");
    }
}

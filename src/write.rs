//! Writing a rewritten Dockerfile without ever leaving a damaged file: the new bytes go to a
//! temporary file in the same directory (same file system), get the original's permissions and
//! owner, are synced, and replace the original with one atomic rename. If the file changed since
//! msify read it, nothing is written.

use crate::error::Error;
use crate::source::{io_error, SourceFile};
use std::fs;
use std::io::Write;
use std::path::Path;

pub fn write_atomic(file: &SourceFile, new_content: &str) -> Result<(), Error> {
    let Some(path) = &file.path else {
        return Err(Error::new("-", "cannot --write standard input", "redirect the output instead: msify - < Dockerfile"));
    };
    let display = &file.display;
    // Write through a symlink to the file it names, never replacing the link itself.
    let target = fs::canonicalize(path).map_err(|e| io_error(display, &e))?;
    let meta = fs::metadata(&target).map_err(|e| io_error(display, &e))?;
    if meta.permissions().readonly() {
        return Err(Error::new(display.as_str(), format!("{display} is read-only; nothing was written"), "make it writable (chmod u+w) if it should be rewritten"));
    }
    let current = fs::read(&target).map_err(|e| io_error(display, &e))?;
    let unchanged = current == file.text.as_bytes() && file.stamp.is_none_or(|(_, len)| len == meta.len());
    if !unchanged {
        return Err(Error::new(display.as_str(), format!("{display} changed since msify read it; nothing was written"), "run msify again on the current file"));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_stale_temp_files(dir, &name);
    let tmp = dir.join(format!(".{name}.msify-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        write_in_two_halves(&mut f, new_content.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Keep the owner when we can (running as root); otherwise the file is ours anyway.
            let _ = std::os::unix::fs::fchown(&f, Some(meta.uid()), Some(meta.gid()));
        }
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, &target)?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::new(
            display.as_str(),
            format!("cannot write {display}: {e}; the original is unchanged"),
            "check that the directory is writable and the disk has space",
        ));
    }
    Ok(())
}

/// The bytes, in two writes. `MSIFY_TEST_WRITE_PAUSE_MS` (tests only) pauses between them, so
/// the kill test can land its signal inside the write every time: the half-written file must
/// be the temp file, never the user's.
fn write_in_two_halves(f: &mut fs::File, bytes: &[u8]) -> std::io::Result<()> {
    let (first, second) = bytes.split_at(bytes.len() / 2);
    f.write_all(first)?;
    if let Some(ms) = std::env::var("MSIFY_TEST_WRITE_PAUSE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        f.flush()?;
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    f.write_all(second)
}

/// A msify killed between creating its temp file and the rename leaves `.NAME.msify-PID.tmp`
/// behind (the target itself is intact). The next write of NAME removes such files when their
/// process is gone; a temp file of a live process is left alone.
fn remove_stale_temp_files(dir: &Path, name: &str) {
    let prefix = format!(".{name}.msify-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".tmp")) else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(e.path());
        }
    }
}

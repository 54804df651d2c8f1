//! What the containers wrote: every path the original's container wrote (`docker diff` after
//! the smoke run) must be writable in the rewrite, or verify fails and names it. A real Python
//! app's `mkdir output` in its root-owned working directory failed under an added user; a smoke
//! check alone can miss that when the app swallows the error.

use super::engine::Engine;
use super::ImageFacts;

/// Every path the original's container wrote must be writable in the rewrite: either its
/// container wrote it too, or its user may write there. Paths every user may write (/tmp) and
/// the original user's home (a different user keeps its caches in its own) are not compared.
pub(super) fn compare_writes(engine: &Engine, orig_id: &str, new_id: &str, new_tag: &str, orig: &ImageFacts, new: &ImageFacts) -> Vec<String> {
    let (Ok(wrote), Ok(rewrote)) = (engine.written_paths(orig_id), engine.written_paths(new_id)) else {
        return vec!["docker diff failed, so what the containers wrote was not compared".into()];
    };
    let missing = not_written_again(&wrote, &rewrote, orig.user != new.user);
    if missing.is_empty() {
        return Vec::new();
    }
    let user = if new.user.is_empty() { "root".to_string() } else { new.user.clone() };
    match engine.unwritable(new_tag, &missing) {
        Ok(denied) => denied.iter().map(|p| format!("the original container wrote {p}; the rewrite's user ({user}) cannot write there")).collect(),
        Err(why) => vec![format!("the original container wrote {}; the rewrite's did not, and verify cannot ask whether its user ({user}) may ({why})", missing.join(", "))],
    }
}

/// The leaf paths the original wrote and the rewrite did not.
fn not_written_again(wrote: &[String], rewrote: &[String], other_user: bool) -> Vec<String> {
    const ANYONE_WRITES: &[&str] = &["/tmp", "/var/tmp", "/dev", "/proc", "/sys"];
    let under = |p: &str, dir: &str| p == dir || p.starts_with(&format!("{dir}/"));
    let leaf = |p: &String| !wrote.iter().any(|q| q.len() > p.len() && under(q, p));
    wrote
        .iter()
        .filter(|p| leaf(p))
        .filter(|p| !ANYONE_WRITES.iter().any(|d| under(p, d)) && !(other_user && under(p, "/root")))
        .filter(|p| !rewrote.contains(p))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_compared_at_their_leaves_outside_shared_and_home_directories() {
        let s = |v: &[&str]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let wrote = s(&["/app", "/app/output", "/app/output/run.log", "/tmp/x", "/root/.npm", "/root/.npm/_logs", "/var/log/app.log"]);
        assert_eq!(not_written_again(&wrote, &s(&["/app/output/run.log"]), true), s(&["/var/log/app.log"]));
        assert_eq!(not_written_again(&wrote, &[], true), s(&["/app/output/run.log", "/var/log/app.log"]));
        assert_eq!(not_written_again(&wrote, &[], false), s(&["/app/output/run.log", "/root/.npm/_logs", "/var/log/app.log"]), "same user: its home counts");
    }
}

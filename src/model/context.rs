//! Where a stage's files come from in the build context: the COPY lines that put a path there
//! (followed back through a RUN's `mv`), read against the context on disk. The planner reads
//! the files it ships this way (a start script, a package.json); the check reads the start
//! script the rewrite's runtime starts the same way, so both see the same text.

use super::{is_within, join_path, StageModel};
use crate::paths::Basename;
use std::path::Path;

/// The text of the build-context file that ends up at `path` in `stage` (a relative path starts
/// at the final WORKDIR), read when a COPY put it there; at most 256 KiB.
pub fn file_at(stage: &StageModel, context: &Path, path: &str) -> Option<String> {
    paths_of(stage, context, path).into_iter().find_map(|rel| {
        let file = context.join(rel.trim_start_matches("./"));
        // The run's listing answers for a name the context does not hold.
        if !crate::fsview::is_file(&file) {
            return None;
        }
        let meta = std::fs::metadata(&file).ok()?;
        (meta.is_file() && meta.len() <= 256 * 1024).then(|| std::fs::read_to_string(file).ok()).flatten()
    })
}

/// The text of the build-context file a command word runs in `stage`: a path as [`file_at`]
/// reads it; a bare name (`ENTRYPOINT ["entrypoint.sh"]` after `COPY docker/entrypoint.sh
/// /usr/local/bin/`) from the directories of the stage's PATH, as the shell finds it, when a
/// COPY put it there (a name the build did not copy is the image's own program).
pub fn program_file(stage: &StageModel, context: &Path, word: &str) -> Option<String> {
    if word.contains('/') {
        return file_at(stage, context, word);
    }
    if word.is_empty() || word.contains('$') {
        return None;
    }
    super::path_dirs(&stage.end).iter().find_map(|dir| file_at(stage, context, &join_path(dir, word)))
}

/// The build-context path a COPY put at `path` (a file or a directory), when one did.
pub fn path_of(stage: &StageModel, context: &Path, path: &str) -> Option<String> {
    paths_of(stage, context, path).into_iter().find(|rel| crate::fsview::exists(&context.join(rel.trim_start_matches("./"))))
}

/// The context paths COPY instructions put at `path` (or at where a RUN moved it from), in
/// instruction order.
fn paths_of(stage: &StageModel, context: &Path, path: &str) -> Vec<String> {
    let mut targets = vec![join_path(&stage.end.workdir, path)];
    // A file a RUN moved there (`mv ./docker-entrypoint.sh /`) came from where it was.
    for s in stage.steps.iter().rev() {
        let moved = s.run.iter().flat_map(|fx| fx.moves.iter()).filter(|m| targets.contains(&m.to)).map(|m| m.from.clone()).collect::<Vec<_>>();
        targets.extend(moved);
    }
    let mut out = Vec::new();
    for (i, s) in stage.steps.iter().enumerate() {
        let Some(copy) = s.copy.as_ref().filter(|c| c.from.is_none()) else { continue };
        for src in &copy.sources {
            // A file copied to a directory without a trailing slash (`COPY Makefile /source`
            // after `COPY src /source/src`) lands inside it, as BuildKit copies it.
            let into_dir = !copy.into && (s.before.is_dir(&copy.dest) || made_as_dir(stage, context, i, &copy.dest)) && crate::fsview::is_file(&context.join(src.trim_start_matches("./")));
            let landed = if into_dir { join_path(&copy.dest, src.basename()) } else { copy.target_of(src) };
            for target in &targets {
                let rel = if landed == *target {
                    src.clone()
                } else if let Some(rel) = glob_source(src, &landed, target) {
                    rel
                } else if is_within(target, &landed) {
                    format!("{}/{}", src.trim_end_matches('/'), target[landed.len()..].trim_start_matches('/'))
                } else {
                    continue;
                };
                out.push(rel);
            }
        }
    }
    out
}

/// Whether an instruction before step `before` made `path` a directory: a `mkdir`, a
/// WORKDIR, or a COPY of a build-context directory to it (tubearchivist: `RUN mkdir /app`,
/// `COPY ./tubearchivist /app`, then `COPY ./docker_assets/run.sh /app` puts the start
/// script at /app/run.sh). The stage model records that a path was made, not its kind.
fn made_as_dir(stage: &StageModel, context: &Path, before: usize, path: &str) -> bool {
    let context_dir = |src: &str| crate::fsview::is_dir(&context.join(src.trim_start_matches("./")));
    stage.steps[..before].iter().any(|s| {
        s.before.workdir == path
            || s.run.iter().flat_map(|fx| fx.writes.iter()).any(|w| w.how == "mkdir" && w.path == path)
            || s.copy.as_ref().is_some_and(|c| c.from.is_none() && c.sources.iter().any(|src| c.target_of(src) == path && context_dir(src)))
    })
}

/// A COPY source whose file name is a pattern (`COPY package*.json ./`), which lands in the
/// directory `landed`: the context path of the file it put at `target`, when the name there
/// matches (`package.json`).
fn glob_source(src: &str, landed: &str, target: &str) -> Option<String> {
    let (src_dir, pattern) = src.rsplit_once('/').unwrap_or(("", src));
    let (target_dir, name) = target.rsplit_once('/')?;
    if !pattern.contains(['*', '?', '[']) || landed.trim_end_matches('/') != target_dir {
        return None;
    }
    crate::paths::name_matches(pattern, name).then(|| if src_dir.is_empty() { name.to_string() } else { format!("{src_dir}/{name}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_from_a_pattern_source() {
        assert_eq!(glob_source("package*.json", "/app", "/app/package.json").as_deref(), Some("package.json"));
        assert_eq!(glob_source("./srv/*.json", "/app/", "/app/package.json").as_deref(), Some("./srv/package.json"));
        assert_eq!(glob_source("package*.json", "/app", "/app/tsconfig.json"), None);
        assert_eq!(glob_source("package*.json", "/app", "/app/sub/package.json"), None);
        assert_eq!(glob_source("package.json", "/app", "/app/package.json"), None);
    }
}

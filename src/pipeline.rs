//! One Dockerfile through the whole pipeline: read → parse → detect → choose a template → plan →
//! apply edits → check the result re-parses and is idempotent. Returns a [`FileReport`] that the
//! report module renders; errors are reports too, so one bad file never stops a run.

use crate::target::Target;
use crate::config::Config;
use crate::detect::{self, Candidate};
use crate::error::Error;
use crate::plan::{self, Options, Outcome};
use crate::source::{self, SourceFile};
use crate::templates::Library;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Rewritten,
    Unchanged,
    AlreadyMultiStage,
    Refused,
    Error,
}

#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    pub status: Status,
    /// The primary detection, when there is one.
    pub detection: Option<Candidate>,
    pub template: Option<String>,
    pub variant: Option<String>,
    pub runtime_image: Option<String>,
    /// Why refused, or the error.
    pub reason: Option<String>,
    pub line: Option<usize>,
    pub notes: Vec<String>,
    pub size_before_mb: Option<f64>,
    pub size_after_mb: Option<f64>,
    /// Image settings changed on purpose (see `Plan::changes`).
    pub changes: Vec<String>,
    /// Programs of the original start command replaced on purpose (see `Plan::replaced_programs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_programs: Vec<String>,
    pub diff: Option<String>,
    pub new_content: Option<String>,
    #[serde(skip)]
    pub source: Option<SourceFile>,
    /// The build context the rewrite was planned for (verify builds with the same one).
    #[serde(skip)]
    pub context: Option<PathBuf>,
    #[serde(skip)]
    pub error: Option<Error>,
}

impl FileReport {
    fn new(path: &str, status: Status) -> Self {
        FileReport {
            path: path.to_string(),
            status,
            detection: None,
            template: None,
            variant: None,
            runtime_image: None,
            reason: None,
            line: None,
            notes: Vec::new(),
            size_before_mb: None,
            size_after_mb: None,
            changes: Vec::new(),
            replaced_programs: Vec::new(),
            diff: None,
            new_content: None,
            source: None,
            context: None,
            error: None,
        }
    }

    pub fn error(path: &str, e: Error) -> Self {
        let mut r = FileReport::new(path, Status::Error);
        r.reason = Some(e.message.clone());
        r.line = e.location.as_ref().map(|l| l.line);
        r.error = Some(e);
        r
    }
}

/// Why a rewrite that fails the stage model is refused: each finding with the rewritten line it
/// is about (the file the user never saw), so the reason can be acted on.
fn refusal_reason(blamed: &[&crate::check::Finding], rewrite: &crate::syntax::Dockerfile) -> String {
    let line_text = |n: usize| rewrite.text.lines().nth(n.saturating_sub(1)).unwrap_or("").trim().to_string();
    let shown: Vec<String> = blamed.iter().take(3).map(|f| format!("{} [`{}`]", f.message, line_text(f.line))).collect();
    format!(
        "the rewrite msify would propose fails its stage model ({}{}; line numbers of the rewritten file); use --force to see it anyway",
        shown.join("; "),
        if blamed.len() > 3 { format!("; and {} more", blamed.len() - 3) } else { String::new() }
    )
}

/// What the stage model says besides errors of the rewrite: the original's own findings and
/// the warnings, as notes for the reviewer, each once. One finding of the original's shows in
/// both stages of the rewrite when both keep the line it is about (a WORKDIR owned by root).
fn model_notes(findings: &[crate::check::Finding]) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for f in findings {
        let note = match (f.original, f.severity) {
            (true, _) => format!("stage model, already so in your Dockerfile: {}", f.message),
            (false, crate::check::Severity::Warning) => format!("stage model: {}", f.message),
            (false, crate::check::Severity::Error) => format!("stage model (kept with --force): {}", f.message),
        };
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    notes
}

/// `f` over each item, in order: on rayon's thread pool when there is more than one item. A
/// one-file run (a pre-commit hook calls msify per file) does not start the pool — its threads
/// and their heaps cost about a millisecond of a 5 ms start.
pub fn map_files<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() < 2 {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

/// Settings for a run.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub options: Options,
    pub template_dirs: Vec<PathBuf>,
    pub ignore_config: bool,
    /// `--context`: the build context, when the user names it.
    pub context: Option<PathBuf>,
}

/// Process the PATH the user gave (a directory, a Dockerfile, or `-`).
pub fn process_path(path: &Path, settings: &Settings) -> FileReport {
    let display = path.display().to_string();
    if display == "-" {
        return match source::read_stdin() {
            Ok(file) => process_source(file, Path::new("."), settings),
            Err(e) => FileReport::error("-", e),
        };
    }
    let (dockerfile, context) = match Target::require(path, settings.context.as_deref()) {
        Ok(t) => t,
        Err(e) => return FileReport::error(&display, e),
    };
    match source::read_path(&dockerfile) {
        Ok(file) => process_source(file, &context, settings),
        Err(e) => FileReport::error(&dockerfile.display().to_string(), e),
    }
}

/// Process a Dockerfile found by a recursive walk under `root`: its context is its directory,
/// or the nearest parent holding a manifest, never above `root`.
pub fn process_found(dockerfile: &Path, root: &Path, settings: &Settings) -> FileReport {
    let display = dockerfile.display().to_string();
    let dir = dockerfile.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let context = detect::context_root_within(dir, root);
    match source::read_path(dockerfile) {
        Ok(file) => process_source(file, &context, settings),
        Err(e) => FileReport::error(&display, e),
    }
}

/// Process an already-read Dockerfile whose build context is `context`.
pub fn process_source(file: SourceFile, context: &Path, settings: &Settings) -> FileReport {
    let display = file.display.clone();
    match rewrite(&file, context, settings) {
        Ok(mut report) => {
            report.source = Some(file);
            report.context = Some(context.to_path_buf());
            report
        }
        Err(e) => FileReport::error(&display, e),
    }
}

/// The template library for a set of extra template directories, loaded once per process: a
/// migration run over thousands of files reads and validates each user template once.
fn library_for(dirs: &[PathBuf]) -> Result<std::sync::Arc<Library>, Error> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static LOADED: OnceLock<Mutex<HashMap<Vec<PathBuf>, Arc<Library>>>> = OnceLock::new();
    let cache = LOADED.get_or_init(Default::default);
    if let Some(lib) = cache.lock().expect("not poisoned").get(dirs) {
        return Ok(Arc::clone(lib));
    }
    let lib = Arc::new(Library::load(dirs)?);
    cache.lock().expect("not poisoned").insert(dirs.to_vec(), Arc::clone(&lib));
    Ok(lib)
}

/// Load the template library the files of a run use (all of them, unless an `msify.toml` adds
/// template directories) while the caller does something else: otherwise the first files wait
/// for it. A library that fails to load is reported by each file, as without this.
pub fn preload_library(settings: &Settings) {
    let _ = library_for(&settings.template_dirs);
}

fn rewrite(file: &SourceFile, context: &Path, settings: &Settings) -> Result<FileReport, Error> {
    crate::shell::forget_commands();
    let df = crate::syntax::parse(&file.text).map_err(|e| Error::syntax(&file.display, &file.text, e))?;
    let config = if settings.ignore_config { None } else { Config::discover(context)? };
    let mut dirs = config.as_ref().map(Config::template_dirs).unwrap_or_default();
    dirs.extend(settings.template_dirs.iter().cloned());
    let library = library_for(&dirs)?;
    let mut options = settings.options.clone();
    if let Some(c) = &config {
        let over = file.path.as_deref().and_then(|p| c.override_for(p));
        if file.path.as_deref().is_some_and(|p| c.ignores(p)) || over.is_some_and(|o| o.skip) {
            let mut report = FileReport::new(&file.display, Status::Unchanged);
            report.notes.push(format!("skipped: {} says to leave this file alone", c.dir.join(crate::config::FILE_NAME).display()));
            return Ok(report);
        }
        options.preferred_runtime = options.preferred_runtime.or_else(|| over.and_then(|o| o.runtime.clone())).or_else(|| c.runtime.clone());
        options.keep_root |= over.and_then(|o| o.keep_root).or(c.keep_root).unwrap_or(false);
        options.test_stage |= c.test_stage.unwrap_or(false);
    }
    // A retired onbuild base is written out first; the plan then works on that text, and what
    // it says about lines is renumbered to the user's file.
    let expansion = crate::onbuild::expand(&df, &library.knowledge);
    let (df, planned_text) = match &expansion {
        Some(e) => (crate::syntax::parse(&e.text).map_err(|err| Error::syntax(&file.display, &e.text, err))?, e.text.as_str()),
        None => (df, file.text.as_str()),
    };
    let renumber = |s: String| expansion.as_ref().map(|e| e.renumber(&s)).unwrap_or(s);
    // Compose services that start the image their own way: detection reads them when the
    // Dockerfile has no start command; the checks hold them against the runtime stage.
    let compose = crate::compose::uses(context, file.path.as_deref());
    let starts_of = || compose.starts.clone();
    let detection = detect::detect(context, Some(&df), starts_of);
    let mut report = FileReport::new(&file.display, Status::Unchanged);
    report.detection = detection.primary().cloned();
    let before = std::cell::OnceCell::new();
    match plan::plan(&df, &before, &detection, &library, context, &compose.mounts, &options).map_err(|e| Error { path: file.display.clone(), ..e })? {
        Outcome::AlreadyMultiStage => {
            report.status = Status::AlreadyMultiStage;
            report.notes.push("already multi-stage: nothing to do".into());
        }
        Outcome::AlreadyThin(why) => {
            report.reason = Some(renumber(why));
        }
        Outcome::Refused(r) => {
            report.status = Status::Refused;
            report.reason = Some(renumber(r.reason));
            report.line = r.line.map(|l| expansion.as_ref().map_or(l, |e| e.original_line(l)));
        }
        Outcome::Rewrite(plan) => {
            let new_content = crate::rewrite::apply(planned_text, &plan.edits);
            // The promise: the output parses, and a second run proposes nothing.
            let reparsed = crate::syntax::parse(&new_content).map_err(|e| {
                Error::new(&file.display, format!("internal error: the rewrite does not parse ({})", e.message), "please report this with the Dockerfile; nothing was written")
            })?;
            if reparsed.stages().len() < 2 {
                return Err(Error::new(&file.display, "internal error: the rewrite is not multi-stage", "please report this with the Dockerfile; nothing was written"));
            }
            // The promise: the rewrite passes the stage model, or msify refuses (with --force, it
            // shows the rewrite and says what the model found).
            let before = before.get_or_init(|| crate::model::model(&df, &library.knowledge));
            let after = crate::model::model_of_rewrite(&reparsed, &library.knowledge, before);
            let mut findings = crate::check::check(&after, &library.knowledge);
            crate::check::attribute_models(before, &after, &library.knowledge, &plan.replaced_programs, &mut findings);
            // Compose services that start the image their own way get the runtime stage now.
            findings.extend(crate::check::compose_starts(before, &after, &starts_of(), &library.knowledge));
            // The start script the runtime starts, read from the context: what it runs must be there.
            findings.extend(crate::check::start_scripts(before, &after, context, &library.knowledge));
            let blamed: Vec<&crate::check::Finding> = crate::check::blamed_on_rewrite(&findings);
            if let Some(first) = blamed.first() {
                if !settings.options.force {
                    report.status = Status::Refused;
                    report.reason = Some(refusal_reason(&blamed, &reparsed));
                    report.line = Some(first.line);
                    report.template = Some(plan.template);
                    return Ok(report);
                }
            }
            let mut notes: Vec<String> = expansion.iter().map(|e| e.note.clone()).collect();
            notes.extend(plan.notes.into_iter().map(renumber));
            notes.extend(model_notes(&findings));
            report.template = Some(plan.template);
            report.variant = Some(plan.variant);
            report.runtime_image = Some(plan.runtime_image);
            report.notes = notes;
            report.size_before_mb = Some(plan.size_before_mb);
            report.size_after_mb = Some(plan.size_after_mb);
            report.changes = plan.changes;
            report.replaced_programs = plan.replaced_programs;
            if new_content != file.text {
                report.status = Status::Rewritten;
                report.diff = Some(crate::report::unified_diff(&file.display, &file.text, &new_content));
                report.new_content = Some(new_content);
            }
        }
    }
    Ok(report)
}

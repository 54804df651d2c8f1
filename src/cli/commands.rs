//! The command handlers behind the CLI: rewrite (one or many files), detect, templates, verify.

use super::{Cli, Format, TemplatesAction, EXIT_CHANGES, EXIT_ERROR, EXIT_OK};
use crate::error::Error;
use crate::pipeline::Status;
use crate::source;
use crate::target::Target;
use std::io::Write;
use std::path::Path;

pub(super) fn run_templates(cli: &Cli, action: Option<&TemplatesAction>) -> Result<i32, Error> {
    let mut dirs = match crate::config::Config::discover(Path::new("."))? {
        Some(c) => c.template_dirs(),
        None => Vec::new(),
    };
    dirs.extend(cli.rewrite.template_dirs.iter().cloned());
    let lib = crate::templates::Library::load(&dirs)?;
    let mut out = std::io::stdout().lock();
    match action.unwrap_or(&TemplatesAction::List) {
        TemplatesAction::List => {
            if cli.output.format == Format::Json {
                let list: Vec<_> = lib.entries.iter().map(|e| serde_json::json!({
                    "name": e.template.name,
                    "stack": e.template.stack,
                    "description": e.template.description,
                    "variants": e.template.runtime.variants.iter().map(|v| serde_json::json!({"name": v.name, "image": v.image, "size_mb": v.size_mb})).collect::<Vec<_>>(),
                    "source": e.origin.file,
                })).collect();
                let _ = writeln!(out, "{}", serde_json::to_string_pretty(&list).expect("serialisable"));
            } else {
                for e in &lib.entries {
                    let t = &e.template;
                    let variants: Vec<String> = t.runtime.variants.iter().map(|v| v.name.clone()).collect();
                    let _ = writeln!(out, "{:<18} {:<7} [{}] {}", t.name, t.stack.as_str(), variants.join(", "), t.description);
                }
            }
        }
        TemplatesAction::Show { name } => {
            let Some(e) = lib.get(name) else {
                let names: Vec<&str> = lib.entries.iter().map(|e| e.template.name.as_str()).collect();
                return Err(Error::new("", format!("no template named `{name}`"), format!("known templates: {}", names.join(", "))));
            };
            if cli.output.format == Format::Json {
                let _ = writeln!(out, "{}", serde_json::to_string_pretty(&e.template).expect("serialisable"));
            } else {
                let _ = writeln!(out, "# source: {}", e.origin.file);
                let _ = write!(out, "{}", e.origin.source);
            }
        }
    }
    Ok(EXIT_OK)
}

/// `--format github|sarif` describe rewrite runs; other commands print text or JSON.
pub(super) fn text_or_json(cli: &Cli, command: &str) -> Result<Format, Error> {
    match cli.output.format {
        f @ (Format::Text | Format::Json) => Ok(f),
        _ => Err(Error::new("", format!("--format github, sarif and markdown apply to rewrite runs, not to `msify {command}`"), "use --format text or --format json")),
    }
}

pub(super) fn run_detect(cli: &Cli, path: &Path) -> Result<i32, Error> {
    let format = text_or_json(cli, "detect")?;
    let target = Target::resolve(path, cli.rewrite.context.as_deref())?;
    let parsed = match &target.dockerfile {
        Some(p) => {
            let file = source::read_path(p)?;
            Some(crate::syntax::parse(&file.text).map_err(|e| Error::syntax(&file.display, &file.text, e))?)
        }
        None => None,
    };
    let detection = crate::detect::detect_target(&target, parsed.as_ref());
    let context = path.display().to_string();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json | Format::Github | Format::Sarif | Format::Markdown => {
            let v = crate::report::detection_json(&context, &detection);
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v).expect("serialisable"));
        }
        Format::Text => {
            let style = crate::report::Style { color: cli.output.color.enabled(console::Term::stdout().is_term()) };
            let _ = write!(out, "{}", crate::report::detection_text(&context, &detection, style));
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn run_verify(cli: &Cli, path: &Path, opts: &crate::verify::VerifyOptions) -> Result<i32, Error> {
    let format = text_or_json(cli, "verify")?;
    let report = crate::verify::verify(path, &settings(cli), opts)?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json | Format::Github | Format::Sarif | Format::Markdown => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report).expect("serialisable"));
        }
        Format::Text => {
            let _ = write!(out, "{}", crate::verify::report_text(&report));
        }
    }
    Ok(if report.passed { EXIT_OK } else { EXIT_CHANGES })
}

/// `msify check`: the stage model's findings for each Dockerfile; exit 1 when one has an error
/// (one not already in `--original`), 2 when a file cannot be read.
pub(super) fn run_check(cli: &Cli, paths: &[std::path::PathBuf], original: Option<&Path>, replaced: &[String]) -> Result<i32, Error> {
    let format = text_or_json(cli, "check")?;
    let library = crate::templates::Library::load(&cli.rewrite.template_dirs)?;
    let parse = |p: &Path| -> Result<(source::SourceFile, crate::syntax::Dockerfile), Error> {
        let file = source::read_path(p)?;
        let df = crate::syntax::parse(&file.text).map_err(|e| Error::syntax(&file.display, &file.text, e))?;
        Ok((file, df))
    };
    let original = original.map(parse).transpose()?;
    let mut files = Vec::new();
    let mut failed = false;
    for p in paths {
        let (file, df) = parse(p)?;
        let mut findings = crate::check::check_text(&df, &library.knowledge);
        if let Some((_, orig)) = &original {
            crate::check::attribute(orig, &df, &library.knowledge, replaced, &mut findings);
        }
        failed |= !crate::check::blamed_on_rewrite(&findings).is_empty();
        files.push((file.display, findings));
    }
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => {
            for (path, findings) in &files {
                for f in findings {
                    let kind = match (f.severity, f.original) {
                        (_, true) => "in the original too",
                        (crate::check::Severity::Error, false) => "error",
                        (crate::check::Severity::Warning, false) => "warning",
                    };
                    let _ = writeln!(out, "{path}:{}: {} [{}]: {}", f.line, kind, f.rule, f.message);
                }
                if findings.is_empty() {
                    let _ = writeln!(out, "{path}: no findings");
                }
            }
        }
        _ => {
            let json: Vec<_> = files.iter().map(|(path, findings)| serde_json::json!({"path": path, "findings": findings})).collect();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({"files": json})).expect("serialisable"));
        }
    }
    Ok(if failed { EXIT_CHANGES } else { EXIT_OK })
}

/// Pipeline settings from the command line.
pub(super) fn settings(cli: &Cli) -> crate::pipeline::Settings {
    crate::pipeline::Settings {
        options: crate::plan::Options {
            runtime: cli.rewrite.runtime.clone(),
            preferred_runtime: None,
            keep_root: cli.rewrite.keep_root,
            force: cli.rewrite.force,
            test_stage: cli.rewrite.test_stage,
        },
        template_dirs: cli.rewrite.template_dirs.clone(),
        ignore_config: false,
        context: cli.rewrite.context.clone(),
    }
}

/// The default command: propose (or apply, or check) the multi-stage rewrite of each PATH.
pub(super) fn rewrite_paths(cli: &Cli) -> Result<i32, Error> {
    let settings = settings(cli);
    let mut reports: Vec<crate::pipeline::FileReport> = if cli.recursive {
        let mut ignores = Vec::new();
        for root in &cli.paths {
            if let Some(c) = crate::config::Config::discover(root)? {
                ignores.extend(c.ignore.clone());
            }
        }
        let (found, ()) = rayon::join(|| crate::discover::discover(&cli.paths, &ignores), || crate::pipeline::preload_library(&settings));
        let progress = progress_bar(found.files.len() as u64, cli.quiet);
        let mut reports = crate::pipeline::map_files(&found.files, |(file, root)| {
            let r = crate::pipeline::process_found(file, root, &settings);
            progress.inc(1);
            r
        });
        progress.finish_and_clear();
        reports.extend(found.problems.into_iter().map(|(path, msg)| {
            crate::pipeline::FileReport::error(&path, Error::new(&path, msg, "msify never follows a link out of the root or around a loop; fix or remove the link"))
        }));
        reports
    } else {
        crate::pipeline::map_files(&cli.paths, |p| crate::pipeline::process_path(p, &settings))
    };
    if cli.write {
        for r in reports.iter_mut().filter(|r| r.status == Status::Rewritten) {
            let (Some(src), Some(new)) = (&r.source, &r.new_content) else { continue };
            if let Err(e) = crate::write::write_atomic(src, new) {
                *r = crate::pipeline::FileReport::error(&r.path, e);
            }
        }
    }
    if let Some(path) = &cli.report {
        write_html_report(path, cli.measured.as_deref(), &reports)?;
    }
    let stdout_color = cli.output.color.enabled(console::Term::stdout().is_term());
    let stderr_color = cli.output.color.enabled(console::Term::stderr().is_term());
    let mut out = std::io::stdout().lock();
    match cli.output.format {
        Format::Json => {
            let _ = crate::report::write_batch_json(&reports, &mut out);
        }
        Format::Github => {
            let _ = write!(out, "{}", crate::report::github_annotations(&reports));
        }
        Format::Sarif => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&crate::report::sarif(&reports)).expect("serialisable"));
        }
        Format::Markdown => {
            let _ = write!(out, "{}", crate::report::markdown(&reports));
        }
        Format::Text => {
            let style = crate::report::Style { color: stdout_color };
            for r in &reports {
                if cli.write && r.status == Status::Rewritten {
                    let _ = writeln!(out, "wrote {} ({} → {})", r.path, r.template.as_deref().unwrap_or(""), r.runtime_image.as_deref().unwrap_or(""));
                } else if cli.recursive {
                    if cli.diff && r.status == Status::Rewritten {
                        let _ = write!(out, "{}", crate::report::report_text(r, style));
                    }
                } else if r.status == Status::Error {
                    eprint!("{}", crate::report::report_text(r, crate::report::Style { color: stderr_color }));
                } else {
                    let _ = write!(out, "{}", crate::report::report_text(r, style));
                }
            }
            if cli.recursive {
                let _ = write!(out, "{}", crate::report::summary_text(&reports, style));
            }
        }
    }
    let code = exit_code(&reports, cli.check);
    // The process ends right after this: freeing the reports one by one (every diff, every
    // evidence string) would be the last thing a migration run waits for.
    std::mem::forget(reports);
    Ok(code)
}

/// `--report FILE`: the HTML migration report, with `--measured` sizes when given.
fn write_html_report(path: &Path, measured: Option<&Path>, reports: &[crate::pipeline::FileReport]) -> Result<(), Error> {
    let shown = path.display().to_string();
    let measured = match measured {
        Some(m) => {
            let text = std::fs::read_to_string(m).map_err(|e| Error::new(&m.display().to_string(), format!("cannot read {}: {e}", m.display()), "--measured names a file of `msify verify --format json` output"))?;
            crate::report::Measured::parse(&text).map_err(|why| Error::new(&m.display().to_string(), format!("{}: {why}", m.display()), "--measured names a file of `msify verify --format json` output"))?
        }
        None => crate::report::Measured::default(),
    };
    std::fs::write(path, crate::report::html(reports, &measured)).map_err(|e| Error::new(&shown, format!("cannot write the report {shown}: {e}"), "check that its directory exists and is writable"))
}

/// A progress bar on a terminal for runs over many files; hidden otherwise or with --quiet.
pub(super) fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || len < 2 || !console::Term::stderr().is_term() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} Dockerfiles ({per_sec}, eta {eta})") {
        pb.set_style(style);
    }
    pb
}

/// 2 on any error (or a refusal under --check), 1 when --check finds a proposed change, else 0.
pub fn exit_code(reports: &[crate::pipeline::FileReport], check: bool) -> i32 {
    let any = |s: Status| reports.iter().any(|r| r.status == s);
    if any(Status::Error) || (check && any(Status::Refused)) {
        EXIT_ERROR
    } else if check && any(Status::Rewritten) {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
}

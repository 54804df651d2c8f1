//! Command-line interface: argument definitions (clap) and dispatch to the library.
//! Exit codes: 0 ok / nothing to change, 1 changes proposed under `--check`, 2 error.

use crate::error::Error;
use crate::pipeline::Status;
use crate::source;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const EXIT_OK: i32 = 0;
pub const EXIT_CHANGES: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

const EXAMPLES: &str = "\
Examples:
  msify                         show the multi-stage rewrite of ./Dockerfile as a diff
  msify services/api            same for a repository directory
  msify path/to/Dockerfile.prod a specific Dockerfile (detection uses its directory)
  msify --check .               exit 1 if a rewrite is proposed (CI, pre-commit)
  msify --write .               apply the rewrite in place (atomic)
  msify --format json . > out   machine-readable result
  cat Dockerfile | msify -      read a Dockerfile from standard input
  msify -r --check services/    every Dockerfile below services/, summary table
  msify -r --format sarif .     SARIF 2.1.0 for code scanning
  msify verify .                build both with a local engine and compare
  msify detect .                what stack is this repository?
  msify templates list          the builder/runtime pairs msify knows";

#[derive(Parser, Debug)]
#[command(
    name = "msify",
    version,
    about = "Rewrite a single-stage Dockerfile into a multi-stage one: build fat, ship thin.",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Repository directories or Dockerfiles (`-` reads standard input).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Write nothing; exit 1 when a rewrite is proposed.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,

    /// Apply the rewrite in place (atomically: temp file + rename).
    #[arg(long)]
    pub write: bool,

    /// Find every Dockerfile under each PATH (Dockerfile, Dockerfile.*, *.Dockerfile,
    /// Containerfile), respecting .gitignore and .msifyignore; print a summary table.
    #[arg(short = 'r', long)]
    pub recursive: bool,

    /// With --recursive: also print each proposed diff before the summary.
    #[arg(long)]
    pub diff: bool,

    /// No progress bar.
    #[arg(short = 'q', long)]
    pub quiet: bool,

    #[command(flatten)]
    pub rewrite: RewriteArgs,
}

/// Options that shape the rewrite.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RewriteArgs {
    /// Runtime variant: slim, alpine, distroless, scratch, jre, unprivileged (as the template offers).
    #[arg(long, value_name = "VARIANT", global = true)]
    pub runtime: Option<String>,

    /// Extra template directory (repeatable); same-named templates replace built-ins.
    #[arg(long = "templates", value_name = "DIR", global = true)]
    pub template_dirs: Vec<PathBuf>,

    /// Do not add a non-root USER to the runtime stage.
    #[arg(long, global = true)]
    pub keep_root: bool,

    /// Rewrite even when msify would refuse (risky RUN steps, low confidence); read the notes.
    #[arg(long, global = true)]
    pub force: bool,
}

#[derive(clap::Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, global = true)]
    pub format: Format,

    /// When to colour the output (NO_COLOR is respected under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Detect the stack of a repository: language, build system, framework, versions, evidence.
    Detect {
        #[arg(value_name = "PATH", default_value = ".")]
        path: PathBuf,
    },
    /// Build the original and the rewritten Dockerfile with a real engine and compare them:
    /// size, layers, image settings, and a smoke test. Cleans up what it creates.
    Verify {
        #[arg(value_name = "PATH", default_value = ".")]
        path: PathBuf,
        /// buildx builder to build with (e.g. a remote BuildKit); default: the local engine.
        #[arg(long)]
        builder: Option<String>,
        /// Run this command in both images (instead of their own); it must exit 0 with the same output.
        #[arg(long, value_name = "CMD ARGS")]
        smoke: Option<String>,
        /// PORT/PATH: start both images, GET the path, compare the status codes.
        #[arg(long, value_name = "PORT/PATH")]
        smoke_http: Option<String>,
        /// Seconds a server must stay up (default smoke test) or may take to answer.
        #[arg(long, default_value_t = 5)]
        smoke_seconds: u64,
        /// Time limit for each build, in seconds.
        #[arg(long, default_value_t = 1800)]
        build_timeout: u64,
        /// Keep the built images (labelled msify.verify=...) for inspection.
        #[arg(long)]
        keep: bool,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff).
    Man,
    /// List or show the builder/runtime templates.
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesAction>,
    },
}

#[derive(Subcommand, Debug)]
pub enum TemplatesAction {
    /// One line per template.
    List,
    /// The full template.
    Show { name: String },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions workflow annotations (rewrite runs).
    Github,
    /// SARIF 2.1.0 for code scanning (rewrite runs).
    Sarif,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a stream that is (or is not) a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// Entry point of the binary; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    run(cli)
}

pub fn run(cli: Cli) -> i32 {
    let result = match &cli.command {
        Some(Command::Detect { path }) => run_detect(&cli, path),
        Some(Command::Templates { action }) => run_templates(&cli, action.as_ref()),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(*shell, &mut Cli::command(), "msify", &mut std::io::stdout());
            Ok(EXIT_OK)
        }
        Some(Command::Man) => {
            use clap::CommandFactory;
            let man = clap_mangen::Man::new(Cli::command());
            match man.render(&mut std::io::stdout()) {
                Ok(()) => Ok(EXIT_OK),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
                Err(e) => Err(Error::new("", format!("cannot write the man page: {e}"), "check standard output")),
            }
        }
        Some(Command::Verify { path, builder, smoke, smoke_http, smoke_seconds, build_timeout, keep }) => {
            let opts = crate::verify::VerifyOptions {
                builder: builder.clone(),
                smoke: smoke.clone(),
                smoke_http: smoke_http.clone(),
                smoke_seconds: *smoke_seconds,
                keep: *keep,
                build_timeout: *build_timeout,
            };
            run_verify(&cli, path, &opts)
        }
        None => rewrite_paths(&cli),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            EXIT_ERROR
        }
    }
}

fn run_templates(cli: &Cli, action: Option<&TemplatesAction>) -> Result<i32, Error> {
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
fn text_or_json(cli: &Cli, command: &str) -> Result<Format, Error> {
    match cli.output.format {
        f @ (Format::Text | Format::Json) => Ok(f),
        _ => Err(Error::new("", format!("--format github and --format sarif apply to rewrite runs, not to `msify {command}`"), "use --format text or --format json")),
    }
}

fn run_detect(cli: &Cli, path: &Path) -> Result<i32, Error> {
    let format = text_or_json(cli, "detect")?;
    let target = Target::resolve(path)?;
    let parsed = match &target.dockerfile {
        Some(p) => {
            let file = source::read_path(p)?;
            Some(crate::syntax::parse(&file.text).map_err(|e| Error::syntax(&file.display, &file.text, e))?)
        }
        None => None,
    };
    let detection = crate::detect::detect(&target.context, parsed.as_ref());
    let context = path.display().to_string();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json | Format::Github | Format::Sarif => {
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

fn run_verify(cli: &Cli, path: &Path, opts: &crate::verify::VerifyOptions) -> Result<i32, Error> {
    let format = text_or_json(cli, "verify")?;
    let report = crate::verify::verify(path, &settings(cli), opts)?;
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json | Format::Github | Format::Sarif => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report).expect("serialisable"));
        }
        Format::Text => {
            let _ = write!(out, "{}", crate::verify::report_text(&report));
        }
    }
    Ok(if report.passed { EXIT_OK } else { EXIT_CHANGES })
}

/// Pipeline settings from the command line.
fn settings(cli: &Cli) -> crate::pipeline::Settings {
    crate::pipeline::Settings {
        options: crate::plan::Options {
            runtime: cli.rewrite.runtime.clone(),
            preferred_runtime: None,
            keep_root: cli.rewrite.keep_root,
            force: cli.rewrite.force,
        },
        template_dirs: cli.rewrite.template_dirs.clone(),
        ignore_config: false,
    }
}

/// Where a Dockerfile is looked for inside a directory, in order.
const DOCKERFILE_NAMES: &[&str] =
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
    /// the Dockerfile, its context the nearest directory upwards holding a manifest.
    pub fn resolve(path: &Path) -> Result<Target, Error> {
        if path.is_dir() {
            let dockerfile = DOCKERFILE_NAMES.iter().map(|n| path.join(n)).find(|p| p.is_file());
            return Ok(Target { dockerfile, context: path.to_path_buf() });
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Ok(Target { dockerfile: Some(path.to_path_buf()), context: crate::detect::context_root(dir) })
    }

    /// As [`Target::resolve`], but a Dockerfile is required.
    pub fn require(path: &Path) -> Result<(PathBuf, PathBuf), Error> {
        let t = Target::resolve(path)?;
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

/// The default command: propose (or apply, or check) the multi-stage rewrite of each PATH.
fn rewrite_paths(cli: &Cli) -> Result<i32, Error> {
    use rayon::prelude::*;
    let settings = settings(cli);
    let mut reports: Vec<crate::pipeline::FileReport> = if cli.recursive {
        let mut ignores = Vec::new();
        for root in &cli.paths {
            if let Some(c) = crate::config::Config::discover(root)? {
                ignores.extend(c.ignore.clone());
            }
        }
        let found = crate::discover::discover(&cli.paths, &ignores);
        let progress = progress_bar(found.files.len() as u64, cli.quiet);
        let mut reports: Vec<_> = found
            .files
            .par_iter()
            .map(|(file, root)| {
                let r = crate::pipeline::process_found(file, root, &settings);
                progress.inc(1);
                r
            })
            .collect();
        progress.finish_and_clear();
        reports.extend(found.problems.into_iter().map(|(path, msg)| {
            crate::pipeline::FileReport::error(&path, Error::new(&path, msg, "msify never follows a link out of the root or around a loop; fix or remove the link"))
        }));
        reports
    } else {
        cli.paths.par_iter().map(|p| crate::pipeline::process_path(p, &settings)).collect()
    };
    if cli.write {
        for r in reports.iter_mut().filter(|r| r.status == Status::Rewritten) {
            let (Some(src), Some(new)) = (&r.source, &r.new_content) else { continue };
            if let Err(e) = crate::write::write_atomic(src, new) {
                *r = crate::pipeline::FileReport::error(&r.path, e);
            }
        }
    }
    let stdout_color = cli.output.color.enabled(console::Term::stdout().is_term());
    let stderr_color = cli.output.color.enabled(console::Term::stderr().is_term());
    let mut out = std::io::stdout().lock();
    match cli.output.format {
        Format::Json => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&crate::report::batch_json(&reports)).expect("serialisable"));
        }
        Format::Github => {
            let _ = write!(out, "{}", crate::report::github_annotations(&reports));
        }
        Format::Sarif => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&crate::report::sarif(&reports)).expect("serialisable"));
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
    Ok(exit_code(&reports, cli.check))
}

/// A progress bar on a terminal for runs over many files; hidden otherwise or with --quiet.
fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
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

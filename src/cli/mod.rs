//! Command-line interface: argument definitions (clap) and dispatch to the library.
//! Exit codes: 0 ok / nothing to change, 1 changes proposed under `--check`, 2 error.

mod commands;
mod plugin;

use crate::error::Error;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use crate::target::Target;
use commands::{rewrite_paths, run_check, run_detect, run_templates, run_verify};

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
  msify check Dockerfile        the stage model's findings for any Dockerfile
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

    /// Also write a self-contained HTML report of the run to FILE (a migration overview:
    /// status, stack, sizes, filters, each diff).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// With --report: sizes measured by `msify verify --format json` (one report, an array, or
    /// one per line), shown instead of the estimates for the files they name.
    #[arg(long, value_name = "FILE", requires = "report")]
    pub measured: Option<PathBuf>,

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

    /// Move RUNs that only run tests (npm test, go test, pytest...) into a `test` stage
    /// (`docker build --target test`); a plain build then skips them.
    #[arg(long, global = true)]
    pub test_stage: bool,

    /// Rewrite even when msify would refuse (risky RUN steps, low confidence); read the notes.
    #[arg(long, global = true)]
    pub force: bool,

    /// The build context, as `docker build` is given it, when it is not the Dockerfile's own
    /// directory (e.g. `msify -C . services/api/Dockerfile`).
    #[arg(short = 'C', long = "context", value_name = "DIR", global = true)]
    pub context: Option<PathBuf>,
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
    /// Check Dockerfiles with the stage model: variables read before they are defined, paths used
    /// before they exist, root-only steps after USER, programs or users the image lacks,
    /// packages named for another distribution, COPY --from of paths never made.
    Check {
        #[arg(value_name = "DOCKERFILE", required = true)]
        paths: Vec<PathBuf>,
        /// The file this one was rewritten from: findings that already hold there are marked as
        /// the original's, and only the others make the check fail.
        #[arg(long, value_name = "DOCKERFILE")]
        original: Option<PathBuf>,
        /// A program of the original's start command the rewrite replaces on purpose (repeatable).
        #[arg(long, value_name = "PROGRAM", requires = "original")]
        replaced: Vec<String>,
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
    /// One Markdown comment for a pull request (rewrite runs).
    Markdown,
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
    // One run of the binary reads a tree that does not change under it: each directory once.
    crate::fsview::enable();
    let (args, bin_name) = match plugin::invocation(std::env::args_os().collect()) {
        plugin::Invocation::Metadata => {
            println!("{}", plugin::metadata());
            return EXIT_OK;
        }
        plugin::Invocation::Run { args, bin_name } => (args, bin_name),
    };
    let parsed = <Cli as clap::CommandFactory>::command().bin_name(bin_name).try_get_matches_from(args).and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
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
        Some(Command::Check { paths, original, replaced }) => run_check(&cli, paths, original.as_deref(), replaced),
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


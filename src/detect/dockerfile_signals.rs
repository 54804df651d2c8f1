//! What the Dockerfile itself says about the stack: the base image, the build commands, the
//! environment and the packages it installs. These count as evidence on their own, so a repo
//! whose manifests live elsewhere (monorepo, Dockerfile in a sub-directory) is still understood.

use super::{version_digits, Candidate, Stack};
use crate::syntax::{Dockerfile, Form, ImageRef};
use std::collections::BTreeMap;

/// A RUN instruction's command text (heredoc bodies included) and its line.
#[derive(Clone, Debug, Default)]
pub struct RunCommand {
    pub line: usize,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct DockerfileSignals {
    pub base_image: Option<String>,
    pub base: ImageRef,
    pub base_line: usize,
    /// The stack the base image is the toolchain of (`golang:` → Go).
    pub image_stack: Option<Stack>,
    /// The stack the build commands belong to (`go build` → Go).
    pub command_stack: Option<Stack>,
    pub runs: Vec<RunCommand>,
    /// Sources of COPY/ADD from the build context (not `--from`).
    pub copy_sources: Vec<String>,
    /// ENV values (last one wins) with their lines.
    pub env: BTreeMap<String, (String, usize)>,
    /// Packages installed with apt-get/apt/apk, with the line.
    pub packages: Vec<(String, usize)>,
    /// The CMD/ENTRYPOINT argv or shell text.
    pub command: Option<String>,
}

impl DockerfileSignals {
    pub fn read(df: &Dockerfile) -> Self {
        let mut s = DockerfileSignals::default();
        let mut global_args: Vec<(String, String)> = Vec::new();
        for (_, ins) in df.instructions() {
            let kw = ins.keyword.to_ascii_lowercase();
            match kw.as_str() {
                "arg" if s.base_image.is_none() => {
                    for w in ins.words(df.escape) {
                        if let Some((k, v)) = w.text.split_once('=') {
                            global_args.push((k.to_string(), v.trim_matches('"').to_string()));
                        }
                    }
                }
                "from" if s.base_image.is_none() => {
                    if let Some(info) = ins.from_info() {
                        // `FROM node:${NODE_VERSION}` with `ARG NODE_VERSION=20` before it.
                        let resolved = expand_args(&info.image_text, &global_args);
                        let image = ImageRef::parse(&resolved);
                        s.image_stack = image_stack(&image);
                        s.base = image;
                        s.base_image = Some(info.image_text);
                        s.base_line = ins.start_line;
                    }
                }
                "run" => {
                    let mut text = ins.args.clone();
                    for h in &ins.heredocs {
                        text.push('\n');
                        text.push_str(df.slice(h.body));
                    }
                    if let Form::Exec(argv) = &ins.form {
                        text = argv.join(" ");
                    }
                    s.packages.extend(installed_packages(&text).into_iter().map(|p| (p, ins.start_line)));
                    if s.command_stack.is_none() {
                        s.command_stack = command_stack(&text);
                    }
                    s.runs.push(RunCommand { line: ins.start_line, text });
                }
                "copy" | "add" if ins.flag("from").is_none() => {
                    let words = ins.words(df.escape);
                    let srcs = match &ins.form {
                        Form::Exec(argv) if argv.len() > 1 => argv[..argv.len() - 1].to_vec(),
                        _ if words.len() > 1 => words[..words.len() - 1].iter().map(|w| w.text.clone()).collect(),
                        _ => Vec::new(),
                    };
                    s.copy_sources.extend(srcs.into_iter().filter(|w| !w.starts_with("<<")));
                }
                "env" => {
                    for (k, v) in env_pairs(&ins.args, df.escape) {
                        s.env.insert(k, (v, ins.start_line));
                    }
                }
                "cmd" | "entrypoint" => {
                    s.command = Some(match &ins.form {
                        Form::Exec(argv) => argv.join(" "),
                        Form::Shell => ins.args.clone(),
                    });
                }
                _ => {}
            }
        }
        s
    }

    /// The first RUN whose text contains `needle`.
    pub fn run_with(&self, needle: &str) -> Option<&RunCommand> {
        self.runs.iter().find(|r| r.text.contains(needle))
    }

    /// `CGO_ENABLED` as the Dockerfile sets it (ENV or inline on a RUN), if it does.
    pub fn cgo_enabled(&self) -> Option<(bool, usize)> {
        if let Some(r) = self.runs.iter().find(|r| r.text.contains("CGO_ENABLED=")) {
            return Some((r.text.contains("CGO_ENABLED=1"), r.line));
        }
        self.env.get("CGO_ENABLED").map(|(v, line)| (v.trim_matches('"') == "1", *line))
    }

    pub fn is_alpine(&self) -> bool {
        self.base.tag.as_deref().is_some_and(|t| t.contains("alpine")) || self.base.name.ends_with("alpine")
    }

    /// Add what the Dockerfile says to a candidate found from manifests.
    pub fn enrich(&self, c: &mut Candidate) {
        let Some(image) = &self.base_image else { return };
        let family = |s: Stack| if matches!(s, Stack::Spa | Stack::Nextjs) { Stack::Node } else { s };
        if self.image_stack.map(family) == Some(family(c.stack)) {
            c.see("Dockerfile", Some(self.base_line), format!("base image {image} is the {} toolchain", c.stack.language()));
            if let Some(v) = self.toolchain_version(c.stack) {
                c.versions.entry(version_key(c.stack).to_string()).or_insert(v);
            }
        }
        c.set("libc", if self.is_alpine() { "musl" } else { "glibc" });
        match c.stack {
            Stack::Go => self.refine_go(c),
            Stack::Rust if c.fact("target").is_some_and(|t| t.contains("musl")) => c.set("libc", "musl"),
            _ => {}
        }
        let build_pkgs: Vec<&str> = self.packages.iter().map(|(p, _)| p.as_str()).collect();
        if !build_pkgs.is_empty() {
            c.set("apt_packages", build_pkgs.join(" "));
            if let Some((_, line)) = self.packages.first() {
                c.see("Dockerfile", Some(*line), format!("installs {}", build_pkgs.join(", ")));
            }
        }
    }

    /// CGO as the build will really have it: an explicit `CGO_ENABLED` wins; an Alpine Go image
    /// without a C compiler installed cannot use CGO, so its binaries are static.
    fn refine_go(&self, c: &mut Candidate) {
        if let Some((on, line)) = self.cgo_enabled() {
            c.set("cgo", if on { "on" } else { "off" });
            c.see("Dockerfile", Some(line), format!("CGO_ENABLED={}", if on { 1 } else { 0 }));
        } else if self.is_alpine() && !self.packages.iter().any(|(p, _)| p == "gcc" || p == "build-base") && c.fact("cgo") != Some("on") {
            c.set("cgo", "off");
            c.see("Dockerfile", Some(self.base_line), "Alpine Go image without a C compiler: CGO is off, the binary is static");
        }
    }

    /// The toolchain version the base image tag carries (`golang:1.22-alpine` → `1.22`,
    /// `maven:3.9-eclipse-temurin-21` → `21`).
    pub fn toolchain_version(&self, stack: Stack) -> Option<String> {
        let tag = self.base.tag.as_deref()?;
        if tag.contains('$') {
            return None;
        }
        match stack {
            Stack::Java => java_version_from_image(&self.base),
            Stack::Node | Stack::Spa | Stack::Nextjs => version_digits(tag, 1),
            _ => version_digits(tag, 2),
        }
    }
}

fn version_key(stack: Stack) -> &'static str {
    match stack {
        Stack::Go => "go",
        Stack::Node | Stack::Spa | Stack::Nextjs => "node",
        Stack::Python => "python",
        Stack::Java => "java",
        Stack::Rust => "rust",
    }
}

/// Java major version from a JDK/Maven/Gradle image: `maven:3.9-eclipse-temurin-21` → 21,
/// `gradle:8-jdk17` → 17, `eclipse-temurin:17-jdk` → 17, `openjdk:21` → 21.
pub fn java_version_from_image(image: &ImageRef) -> Option<String> {
    let tag = image.tag.as_deref()?;
    let short = image.short_name();
    if short == "maven" || short == "gradle" {
        for marker in ["temurin-", "jdk-", "jdk", "openjdk-", "corretto-", "java"] {
            if let Some(at) = tag.find(marker) {
                return version_digits(&tag[at + marker.len()..], 1);
            }
        }
        return None;
    }
    version_digits(tag, 1)
}

/// Substitute `$NAME` / `${NAME}` with the defaults of global build arguments.
pub fn expand_args(text: &str, args: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (k, v) in args {
        out = out.replace(&format!("${{{k}}}"), v).replace(&format!("${k}"), v);
    }
    out
}

/// The stack whose official toolchain image this is.
pub fn image_stack(image: &ImageRef) -> Option<Stack> {
    let short = image.short_name();
    Some(match short {
        "golang" | "go" => Stack::Go,
        "node" => Stack::Node,
        "python" | "pypy" => Stack::Python,
        "maven" | "gradle" | "openjdk" | "amazoncorretto" | "sapmachine" | "ibm-semeru-runtimes" => Stack::Java,
        "eclipse-temurin" => Stack::Java,
        "rust" => Stack::Rust,
        _ if short.starts_with("python") => Stack::Python,
        _ => return None,
    })
}

fn command_stack(text: &str) -> Option<Stack> {
    let has = |n: &str| text.contains(n);
    Some(if has("go build") || has("go install") || has("go mod download") || has("go get ") {
        Stack::Go
    } else if has("cargo build") || has("cargo install") {
        Stack::Rust
    } else if has("mvn ") || has("mvnw") || has("gradle ") || has("gradlew") {
        Stack::Java
    } else if has("pip install") || has("poetry install") || has("pipenv install") || has("uv sync") || has("uv pip") {
        Stack::Python
    } else if has("npm ") || has("yarn") || has("pnpm ") || has("bun install") {
        Stack::Node
    } else {
        return None;
    })
}

/// Packages named by `apt-get install` / `apt install` / `apk add` in a shell command.
pub fn installed_packages(text: &str) -> Vec<String> {
    crate::model::run::installs(text).into_iter().flat_map(|i| i.packages).collect()
}

/// `KEY=value` pairs of an ENV instruction (both forms), quotes removed.
pub fn env_pairs(args: &str, escape: char) -> Vec<(String, String)> {
    let words = crate::syntax::split_words(args, escape);
    let unquote = |s: &str| s.trim_matches('"').trim_matches('\'').to_string();
    match words.first() {
        Some(w) if !w.text.contains('=') => {
            let rest = args[w.end..].trim();
            vec![(unquote(&w.text), unquote(rest))]
        }
        _ => words
            .iter()
            .filter_map(|w| w.text.split_once('=').map(|(k, v)| (unquote(k), unquote(v))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_packages() {
        let p = installed_packages("apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf x");
        assert_eq!(p, ["gcc", "libpq-dev"]);
        assert_eq!(installed_packages("apk add --no-cache build-base"), ["build-base"]);
    }

    #[test]
    fn java_versions_from_images() {
        let v = |s: &str| java_version_from_image(&ImageRef::parse(s));
        assert_eq!(v("maven:3.9-eclipse-temurin-21").as_deref(), Some("21"));
        assert_eq!(v("gradle:8.7-jdk17").as_deref(), Some("17"));
        assert_eq!(v("eclipse-temurin:17-jdk").as_deref(), Some("17"));
        assert_eq!(v("maven:3.9").as_deref(), None);
    }

    #[test]
    fn env_forms() {
        assert_eq!(env_pairs("A=1 B=\"two words\"", '\\'), [("A".into(), "1".into()), ("B".into(), "two words".into())]);
        assert_eq!(env_pairs("OLD style value", '\\'), [("OLD".to_string(), "style value".to_string())]);
    }
}

//! What the runtime stage must provide (a shell, tools a HEALTHCHECK or init wrapper uses,
//! run-time libraries, packages whose use is unclear, the user the app runs as) and which
//! template variant can provide it — or why none can.

use super::stage::command_words;
use super::{creating_user, Failure, Planner, Refusal};
use crate::detect::dockerfile_signals::installed_packages;
use crate::error::Error;
use crate::templates::Variant;

impl<'a> Planner<'a> {
    /// What the runtime stage must provide.
    pub(super) fn runtime_needs(&mut self) -> Needs {
        let mut needs = Needs::default();
        // File-system setup repeated in the runtime runs in a shell.
        let app_dir = self.vars.get("workdir").cloned().unwrap_or_default();
        if self.view.of("run").any(|s| super::artifacts::prepares_filesystem(&self.view, s, &app_dir)) {
            needs.shell = true;
        }
        let replaced = self.replaces_command();
        needs.shell = self.cmd.shell && !replaced;
        if !replaced && !self.cmd.argv.is_empty() {
            needs.command_tool = Some(self.cmd.program_name().to_string());
        }
        for step in self.view.of("healthcheck") {
            let (words, shell) = command_words(step.ins);
            needs.shell |= shell && !words.first().is_some_and(|w| w.eq_ignore_ascii_case("none"));
            for tool in ["curl", "wget"] {
                if words.iter().any(|w| w == tool || w.ends_with(&format!("/{tool}"))) {
                    needs.tools.push((tool.to_string(), step.ins.start_line, "HEALTHCHECK uses"));
                }
            }
        }
        // Init wrappers (tini, dumb-init) must exist in the runtime too.
        if !replaced {
            for w in &self.cmd.wrappers {
                needs.tools.push((w.clone(), self.cmd.line.unwrap_or(0), "the container runs"));
            }
        }
        // Packages: the template's own, run-time libraries for what the build installed or links,
        // and installed packages whose run-time use is unclear (carried over, with a note).
        let mut builder_pm = None;
        let mut installed: Vec<(String, usize)> = Vec::new();
        for step in self.view.of("run") {
            let text = self.view.run_text(step);
            if text.contains("apk add") {
                builder_pm = Some("apk");
            } else if text.contains("apt-get install") || text.contains("apt install") {
                builder_pm = Some("apt");
            }
            installed.extend(installed_packages(&text).into_iter().map(|p| (p, step.ins.start_line)));
        }
        needs.builder_pm = builder_pm.map(str::to_string);
        // A USER created by a RUN must be created again in the runtime: same shell and tools.
        if let Some(user) = self.view.of("user").last() {
            let name = user.ins.args.split(':').next().unwrap_or("").trim().to_string();
            if !creating_user(&self.view, &name).is_empty() {
                needs.shell = true;
                let alpine = self.builder_image().tag.as_deref().is_some_and(|t| t.contains("alpine"));
                needs.user_family = Some(if alpine { "apk" } else { "apt" }.to_string());
            }
        }
        needs.packages = self.template.runtime.packages.clone();
        let libs = &self.template.runtime.libraries;
        let links: Vec<String> = self.cand.fact("links").unwrap_or("").split_whitespace().map(str::to_string).collect();
        for l in &links {
            if let Some(lib) = libs.get(l) {
                push_unique(&mut needs.packages, lib);
                self.notes.push(format!("the binary links lib{l}: {lib} is installed in the runtime"));
            }
        }
        for (pkg, line) in installed {
            if let Some(lib) = libs.get(&pkg) {
                push_unique(&mut needs.packages, lib);
                self.notes.push(format!("line {line}: {pkg} was needed to build; its run-time library {lib} is installed in the runtime"));
            } else if !is_build_tool(&pkg, self.cand.stack) && !needs.tools.iter().any(|(t, _, _)| *t == pkg) {
                push_unique(&mut needs.packages, &pkg);
                needs.carried.push(pkg.clone());
                self.notes.push(format!("line {line}: {pkg} is not a build tool, so it is installed in the runtime too (remove it there if the app does not use it)"));
            }
        }
        needs
    }

    /// The variant asked for, or the first whose requirements hold.
    pub(super) fn choose_variant(&mut self, needs: &Needs) -> Result<&'a Variant, Failure> {
        let variants = &self.template.runtime.variants;
        let names = || variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ");
        if let Some(want) = &self.options.runtime {
            let Some(v) = variants.iter().find(|v| &v.name == want) else {
                return Err(Failure::Error(Error::new("", format!("--runtime {want}: template {} has no such variant", self.template.name), format!("choose one of: {}", names()))));
            };
            return match self.unusable(v, needs) {
                None => Ok(v),
                Some(why) => Err(Failure::Error(Error::new("", format!("--runtime {want} does not fit this build: {why}"), format!("choose another of: {}", names())))),
            };
        }
        if let Some(pref) = &self.options.preferred_runtime {
            match variants.iter().find(|v| &v.name == pref) {
                Some(v) => match self.unusable(v, needs) {
                    None => return Ok(v),
                    Some(why) => self.notes.push(format!("msify.toml asks for runtime `{pref}`, which does not fit: {why}")),
                },
                None => self.notes.push(format!("msify.toml asks for runtime `{pref}`; template {} offers {}", self.template.name, names())),
            }
        }
        let mut reasons = Vec::new();
        for v in variants {
            match self.unusable(v, needs) {
                None => return Ok(v),
                Some(why) => reasons.push(format!("{}: {why}", v.name)),
            }
        }
        Err(Refusal::new(format!("no runtime variant of {} fits this build ({})", self.template.name, reasons.join("; "))).into())
    }

    /// Why a variant cannot be used, if it cannot.
    fn unusable(&self, v: &Variant, needs: &Needs) -> Option<String> {
        for (k, cond) in &v.requires {
            let have = self.fact(k);
            if !cond.accepts(&have) {
                let want = match cond {
                    crate::templates::OneOrMany::One(s) => s.clone(),
                    crate::templates::OneOrMany::Many(m) => m.join(" or "),
                };
                return Some(format!("needs {k} = {want}, but this build has {k} = {}", if have.is_empty() { "none" } else { &have }));
            }
        }
        let has = |tool: &str| v.tools.iter().any(|t| t == tool);
        if needs.shell && !has("sh") {
            return Some("the command or HEALTHCHECK uses a shell, and the image has none".into());
        }
        // A variant that copies the builder's CA bundle (scratch) provides ca-certificates.
        let provided = |p: &String| v.provides.contains(p) || (v.ca_certificates && p == "ca-certificates");
        let missing: Vec<&String> = needs.packages.iter().filter(|p| !provided(p)).collect();
        let missing_tools: Vec<&String> = needs.tools.iter().map(|(t, _, _)| t).filter(|t| !has(t)).collect();
        if (!missing.is_empty() || !missing_tools.is_empty()) && v.package_manager.is_none() {
            let what: Vec<String> = missing.iter().chain(missing_tools.iter()).map(|s| s.to_string()).collect();
            return Some(format!("needs {} and the image cannot install packages", what.join(", ")));
        }
        if !needs.carried.is_empty() && needs.builder_pm.is_some() && v.package_manager != needs.builder_pm {
            return Some(format!("carries {} installed with {} in the build", needs.carried.join(", "), needs.builder_pm.as_deref().unwrap_or("")));
        }
        if needs.user_family.is_some() && v.package_manager != needs.user_family {
            return Some(format!("the user the app runs as is created with {} tools, which the image lacks", needs.user_family.as_deref().unwrap_or("")));
        }
        if let Some(tool) = &needs.command_tool {
            let known_runtime = matches!(tool.as_str(), "node" | "npm" | "yarn" | "npx" | "java" | "python" | "python3" | "nginx");
            if known_runtime && !has(tool) && !(tool.starts_with("python") && has("python")) {
                return Some(format!("the command runs `{tool}`, which the image does not have"));
            }
        }
        None
    }

}

#[derive(Clone, Debug, Default)]
pub(crate) struct Needs {
    pub(super) shell: bool,
    pub(super) command_tool: Option<String>,
    /// (tool, line of the instruction that needs it, how it is used)
    pub(super) tools: Vec<(String, usize, &'static str)>,
    pub(super) packages: Vec<String>,
    /// Packages carried over because their run-time use is unclear.
    pub(super) carried: Vec<String>,
    pub(super) builder_pm: Option<String>,
    /// The package family whose user tools (useradd / adduser) the runtime needs.
    pub(super) user_family: Option<String>,
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Packages that only matter while building.
/// (`ca-certificates` is not one: installed explicitly, TLS clients need it at run time. Python
/// is one for every stack but Python: node-gyp and build scripts use it.)
fn is_build_tool(pkg: &str, stack: crate::detect::Stack) -> bool {
    const TOOLS: &[&str] = &[
        "gcc", "g++", "make", "cmake", "build-essential", "build-base", "pkg-config", "pkgconf", "autoconf", "automake",
        "libtool", "git", "curl", "wget", "unzip", "gnupg", "musl-dev", "clang", "llvm", "protobuf-compiler",
        "python3-dev", "python3-pip", "python3-venv", "gfortran", "binutils", "patch", "bison", "flex", "nasm", "yasm", "openssh-client",
    ];
    const PYTHON: &[&str] = &["python3", "python", "python3-minimal", "py3-pip", "python3-distutils"];
    TOOLS.contains(&pkg)
        || (stack != crate::detect::Stack::Python && PYTHON.contains(&pkg))
        || pkg.ends_with("-dev")
        || pkg.ends_with("-devel")
        || pkg.ends_with("-headers")
}


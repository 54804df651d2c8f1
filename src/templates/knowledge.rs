//! Facts as data (`templates/knowledge/*.toml`): what a base image brings before the first
//! instruction runs (its user and accounts, the ports its config exposes, the variables it
//! defines, the programs on its PATH, the directories it ships, its distribution release), and
//! what packages are called on each distribution and release (a build's `libffi-dev` needs
//! `libffi6` at run time on buster, `libffi8` on bookworm, `libffi` on Alpine). The stage model
//! walks every stage from these facts; the planner reads them to pick run-time packages and to
//! announce what a runtime image adds by itself (nginx's own `EXPOSE 80`). A platform team adds
//! its base images in a `knowledge/` directory beside its templates.

use crate::paths::Basename;
use crate::error::Error;
use crate::syntax::ImageRef;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

mod index;
use index::{Family as PackageNames, Index};

/// One `[[image]]` entry: which images it applies to and the facts it sets.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageEntry {
    /// Short repository name, full name, or a prefix of the full name ending at `/`.
    pub name: String,
    /// Only for tags containing this text (`alpine`, `slim`, `nonroot`).
    #[serde(default)]
    pub tag: Option<String>,
    /// Only for tags whose leading version satisfies every comparison (`>=3.8,<3.14`).
    #[serde(default)]
    pub versions: Option<String>,
    /// Only for images on this distribution release: named in the tag, or worked out from the
    /// entries without this condition (`python:3.13-slim` is built on trixie). Such an entry
    /// refines what the release changed (programs a release dropped), never the release itself.
    #[serde(default)]
    pub on_release: Option<String>,
    #[serde(flatten)]
    pub facts: ImageFacts,
}

/// What an image holds. `None` = not known (an image msify has no data for).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ImageFacts {
    /// `debian`, `ubuntu`, `alpine`, or `none` (no package manager).
    pub distro: Option<String>,
    pub user: Option<String>,
    /// Accounts; a set shared (not copied) by every stage state built on the image.
    pub users: Option<Arc<BTreeSet<String>>>,
    pub exposes: Option<Vec<String>>,
    pub env: Option<Vec<String>>,
    pub workdir: Option<String>,
    /// Programs on PATH; shared like `users`.
    pub programs: Option<Arc<BTreeSet<String>>>,
    pub paths: Option<Vec<String>>,
    /// The distribution release (codename) images without one in their tag are built on.
    pub release: Option<String>,
    /// Its PATH, when it is not the default one.
    pub path: Option<Vec<String>>,
    /// Programs this refinement removes from what earlier entries listed.
    pub without: Option<Vec<String>>,
    /// Programs this refinement adds to what earlier entries listed (golang images before 1.10
    /// shipped `go-wrapper`).
    pub with: Option<Vec<String>>,
    /// The command its config starts (CMD, with ENTRYPOINT), `[]` for none.
    pub cmd: Option<Vec<String>>,
    /// Its default `cmd` is the service the image exists for (a web server), not a shell or a
    /// REPL: a Dockerfile without a start command of its own runs that service.
    pub service: Option<bool>,
    /// Where its web server serves files from.
    pub web_root: Option<String>,
    /// Where its server reads its configuration.
    pub config_dirs: Option<Vec<String>>,
    /// The configuration directive that says where its server serves files from (nginx's
    /// `root`, Apache's `DocumentRoot`): its last word is the directory.
    pub web_root_directive: Option<String>,
    /// npm's global prefix: `npm link`/`npm install -g` put packages in its `lib/node_modules`
    /// and their programs in its `bin`.
    pub npm_prefix: Option<String>,
}

impl ImageFacts {
    /// Whether any entry described the image.
    pub fn known(&self) -> bool {
        *self != ImageFacts::default()
    }

    /// Later facts replace earlier ones, field by field.
    fn refine(&mut self, later: &ImageFacts) {
        macro_rules! take {
            ($($f:ident),*) => { $( if later.$f.is_some() { self.$f = later.$f.clone(); } )* };
        }
        take!(distro, user, users, exposes, env, workdir, programs, paths, release, path, cmd, service, web_root, config_dirs, web_root_directive, npm_prefix);
        if let (Some(programs), Some(extra)) = (self.programs.as_mut(), &later.with) {
            Arc::make_mut(programs).extend(extra.iter().cloned());
        }
        if let (Some(programs), Some(gone)) = (self.programs.as_mut(), &later.without) {
            Arc::make_mut(programs).retain(|p| !gone.contains(p));
        }
    }

    /// Ports the image exposes, as `80/tcp`.
    pub fn exposed_ports(&self) -> Vec<String> {
        self.exposes.iter().flatten().map(|p| if p.contains('/') { p.clone() } else { format!("{p}/tcp") }).collect()
    }

    /// The value the image gives a variable (`env = ["GOPATH=/go"]`), when the facts say.
    pub fn env_value(&self, name: &str) -> Option<String> {
        self.env.iter().flatten().find_map(|e| e.strip_prefix(name)?.strip_prefix('=').map(str::to_string))
    }

    /// The names of the variables the image defines.
    pub fn env_names(&self) -> Vec<String> {
        self.env.iter().flatten().map(|e| e.split('=').next().unwrap_or(e).to_string()).collect()
    }

    pub fn has_program(&self, name: &str) -> Option<bool> {
        self.programs.as_ref().map(|ps| ps.contains(name))
    }
}

/// A distribution release: `buster` is Debian 10.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub family: String,
    pub codename: String,
    pub version: String,
    /// Its packages left the distribution's mirrors (Debian moves end-of-life releases to
    /// archive.debian.org): `apt-get update` in an image of it fails.
    #[serde(default)]
    pub archived: bool,
    /// The language version each toolchain package of the release installs (`python` → 2.7 on
    /// trusty): the version of an app built on the distribution's own interpreter.
    #[serde(default)]
    pub toolchains: BTreeMap<String, String>,
    /// The suffix a library transition of this release added to package names, whose packages
    /// still answer to the old name (Debian 13's `t64`: `libssl3t64` provides `libssl3`), so an
    /// install by the old name works too.
    #[serde(default)]
    pub renamed_suffix: Option<String>,
}

/// What every image of a distribution family ships, whatever is built on it: the system
/// accounts of Debian's base-passwd (`www-data`, `daemon`), which a Dockerfile uses with `USER`
/// and no `useradd`. Merged into each image's own facts.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub name: String,
    #[serde(default)]
    pub users: Vec<String>,
}

/// A package name that is the same everywhere, or one per release codename.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Names {
    One(String),
    PerRelease(std::collections::BTreeMap<String, String>),
}

impl Names {
    fn all(&self) -> Vec<&str> {
        match self {
            Names::One(n) => vec![n.as_str()],
            Names::PerRelease(m) => m.values().map(String::as_str).collect(),
        }
    }
}

/// A shared library: the packages that bring its headers, and its run-time package per
/// distribution (and release).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    pub build: Vec<String>,
    #[serde(default)]
    pub links: Option<String>,
    #[serde(default)]
    pub debian: Option<Names>,
    #[serde(default)]
    pub ubuntu: Option<Names>,
    #[serde(default)]
    pub alpine: Option<Names>,
}

/// The package that puts a program on PATH, per distribution.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramPackage {
    pub name: String,
    #[serde(default)]
    pub debian: Option<String>,
    #[serde(default)]
    pub alpine: Option<String>,
}

/// Programs an npm package puts in `node_modules/.bin` under names other than its own.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NpmPackage {
    pub name: String,
    pub binaries: Vec<String>,
}

/// A PyPI package that starts a program at run time (GitPython runs `git`): an app that depends
/// on it needs the program wherever it runs.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonPackage {
    pub name: String,
    pub runs: Vec<String>,
}

/// What `cargo install <name>` puts on PATH and links.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crate {
    pub name: String,
    pub binaries: Vec<String>,
    /// `links` facts of its default features.
    #[serde(default)]
    pub links: Vec<String>,
    /// feature → `links` fact.
    #[serde(default)]
    pub feature_links: std::collections::BTreeMap<String, String>,
}

impl Crate {
    /// The libraries it links when installed with these flags (`--no-default-features`,
    /// `--features a,b`).
    pub fn links_with(&self, args: &[String]) -> Vec<String> {
        let defaults = !args.iter().any(|a| a == "--no-default-features");
        let mut out: Vec<String> = if defaults { self.links.clone() } else { Vec::new() };
        let features: Vec<&str> = args.windows(2).filter(|w| w[0] == "--features" || w[0] == "-F").flat_map(|w| w[1].split([',', ' '])).chain(args.iter().filter_map(|a| a.strip_prefix("--features=")).flat_map(|f| f.split(','))).collect();
        for f in features {
            if let Some(l) = self.feature_links.get(f) {
                if !out.contains(l) {
                    out.push(l.clone());
                }
            }
        }
        out
    }
}

/// A `curl URL | sh` installer msify knows: it installs a build tool.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installer {
    /// Text the URL contains.
    pub url: String,
    pub installs: String,
    /// The distribution package whose version the installer chooses (NodeSource's repository
    /// serves `nodejs`), and the texts of the URL the major version follows (`setup_10.x`).
    #[serde(default)]
    pub package: Option<String>,
    #[serde(default)]
    pub version_after: Vec<String>,
}

impl Installer {
    /// The major version a RUN's text chooses with this installer: the digits after one of
    /// `version_after` in a word holding the URL (`deb.nodesource.com/setup_10.x` → 10).
    pub fn version_in(&self, text: &str) -> Option<String> {
        text.split_whitespace().filter(|w| w.contains(&self.url)).find_map(|w| {
            self.version_after.iter().find_map(|after| {
                let digits: String = w.split(after.as_str()).nth(1)?.chars().take_while(|c| c.is_ascii_digit()).collect();
                (!digits.is_empty()).then_some(digits)
            })
        })
    }
}

/// A retired official ONBUILD image (`node:4-onbuild`): what it ran before a Dockerfile's first
/// line, so msify can write it out (`src/onbuild.rs`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnbuildImage {
    /// The official repository (`node`).
    pub name: String,
    /// Tag before `onbuild` (`3`, ``) → the tag the plain image had when the variant last built.
    #[serde(default)]
    pub frozen: std::collections::BTreeMap<String, String>,
    /// Its own instructions, then its ONBUILD triggers, in order.
    pub steps: Vec<String>,
    /// Its CMD, in exec form.
    #[serde(default)]
    pub cmd: Option<String>,
}

impl OnbuildImage {
    /// The plain image an onbuild reference stands for (`node:4-onbuild` → `node:4`), when this
    /// entry describes it: an official image (`node`, `library/node`, `docker.io/library/node`)
    /// whose tag ends in `onbuild`.
    pub fn plain_tag(&self, image: &ImageRef) -> Option<String> {
        let version = image.tag.as_deref()?.strip_suffix("onbuild")?;
        let official = image.name.strip_suffix(self.name.as_str()).is_some_and(|head| ["", "library/", "docker.io/library/"].contains(&head));
        if !official || image.digest.is_some() {
            return None;
        }
        let version = version.strip_suffix('-').unwrap_or(version);
        match self.frozen.get(version) {
            Some(frozen) => Some(frozen.clone()),
            None if version.is_empty() => None,
            None => Some(version.to_string()),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    image: Vec<ImageEntry>,
    #[serde(default)]
    release: Vec<Release>,
    #[serde(default)]
    family: Vec<Family>,
    #[serde(default)]
    library: Vec<Library>,
    #[serde(default)]
    program: Vec<ProgramPackage>,
    #[serde(default, rename = "crate")]
    crates: Vec<Crate>,
    #[serde(default)]
    npm_package: Vec<NpmPackage>,
    #[serde(default)]
    python_package: Vec<PythonPackage>,
    #[serde(default)]
    installer: Vec<Installer>,
    #[serde(default)]
    onbuild: Vec<OnbuildImage>,
}

/// Every entry, built-in first, then the user's (which refine the built-ins).
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    pub images: Vec<ImageEntry>,
    pub releases: Vec<Release>,
    pub families: Vec<Family>,
    pub libraries: Vec<Library>,
    pub programs: Vec<ProgramPackage>,
    pub crates: Vec<Crate>,
    pub npm_packages: Vec<NpmPackage>,
    pub python_packages: Vec<PythonPackage>,
    pub installers: Vec<Installer>,
    pub onbuild: Vec<OnbuildImage>,
    /// Merged facts and distribution per image reference, computed once: the stage model asks
    /// at every FROM and COPY --from, the planner at every package and user decision.
    merged: Arc<std::sync::RwLock<rustc_hash::FxHashMap<ImageRef, Resolved>>>,
    /// Programs and libraries by name, rebuilt whenever entries are added.
    index: Arc<Index>,
}

/// What [`Knowledge::image`] and [`Knowledge::distro`] answer for one image reference.
type Resolved = (Arc<ImageFacts>, Distro);

/// An image's distribution: family (`debian`, `ubuntu`, `alpine`, `none`) and, when known, the
/// release codename.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Distro {
    pub family: Option<String>,
    pub release: Option<String>,
}

impl Distro {
    /// Whether the knowledge says this release's packages left the mirrors.
    pub fn archived(&self, knowledge: &Knowledge) -> bool {
        knowledge.releases.iter().any(|r| Some(&r.family) == self.family.as_ref() && Some(&r.codename) == self.release.as_ref() && r.archived)
    }

    /// `Debian buster`, `Alpine`, `an unknown distribution`.
    pub fn describe(&self) -> String {
        let family = match self.family.as_deref() {
            Some("debian") => "Debian",
            Some("ubuntu") => "Ubuntu",
            Some("alpine") => return "Alpine".into(),
            Some("none") => return "an image without a package manager".into(),
            _ => return "an unknown distribution".into(),
        };
        match &self.release {
            Some(r) => format!("{family} {r}"),
            None => format!("{family} (release unknown)"),
        }
    }
}

/// What the run-time package of a library is on one distribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimePackage {
    /// Not a library the knowledge lists.
    NotALibrary,
    Name(String),
    /// The name differs between releases and the release is not known: the names per release.
    ReleaseUnknown(Vec<(String, String)>),
    /// The distribution has no package for it (or the family is unknown).
    Unavailable,
}

impl Knowledge {
    /// Parse one knowledge file; errors name the file, line and column.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let parsed: File = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            Error::syntax(file, text, crate::error::SyntaxError::new(offset, format!("invalid knowledge file: {}", e.message().trim()), "see templates/knowledge/images.toml for the format"))
        })?;
        self.add(parsed);
        Ok(())
    }

    /// A built-in knowledge file, from the JSON form build.rs embeds.
    pub(crate) fn add_builtin(&mut self, file: &str, json: &str) -> Result<(), Error> {
        let parsed: File = serde_json::from_str(json).map_err(|e| Error::new(file, format!("invalid built-in knowledge file: {e}"), "see templates/knowledge/images.toml for the format"))?;
        self.add(parsed);
        Ok(())
    }

    fn add(&mut self, parsed: File) {
        self.images.extend(parsed.image);
        self.releases.extend(parsed.release);
        self.families.extend(parsed.family);
        self.libraries.extend(parsed.library);
        self.programs.extend(parsed.program);
        self.crates.extend(parsed.crates);
        self.npm_packages.extend(parsed.npm_package);
        self.python_packages.extend(parsed.python_package);
        self.installers.extend(parsed.installer);
        self.onbuild.extend(parsed.onbuild);
        self.merged = Default::default();
        self.index = Arc::new(Index::build(&self.programs, &self.libraries));
    }

    /// The distribution of an image: its family from the image facts; its release from a
    /// codename in the tag, the tag of `debian:10`/`ubuntu:22.04` themselves, or the facts.
    /// Whether an entry of the knowledge names `program` (looked up, not scanned: the stage
    /// model check asks it for every program a RUN calls).
    pub fn knows_program(&self, program: &str) -> bool {
        self.index.names_program(program)
    }

    pub fn distro(&self, image: &ImageRef) -> Distro {
        self.resolved(image, |(_, distro)| distro.clone())
    }

    /// The release of `family` whose codename is a word of `tag` (`3.11-slim-bookworm`,
    /// `carbon-alpine`).
    pub fn release_named_in(&self, family: &str, tag: &str) -> Option<&Release> {
        self.releases.iter().find(|r| r.family == family && tag.split(['-', '.', '_']).any(|w| w == r.codename))
    }

    /// The knowledge's entry for `distro`'s release, when both are known.
    fn release_of(&self, distro: &Distro) -> Option<&Release> {
        self.releases.iter().find(|r| Some(&r.family) == distro.family.as_ref() && Some(&r.codename) == distro.release.as_ref())
    }

    fn find_distro(&self, image: &ImageRef, facts: &ImageFacts) -> Distro {
        let family = facts.distro.clone();
        let tag = image.tag.as_deref().unwrap_or("");
        let named = family.as_deref().and_then(|f| self.release_named_in(f, tag));
        let by_number = self
            .releases
            .iter()
            .find(|r| Some(&r.family) == family.as_ref() && image.short_name() == r.family && (tag == r.version || tag.starts_with(&format!("{}.", r.version)) || tag.starts_with(&format!("{}-", r.version))));
        // A digest pins one build of the tag, made on whatever release was the default then: only
        // a codename in the tag (or a distribution's own version number) still says which.
        let by_tag = facts.release.clone().filter(|_| image.digest.is_none() && family.as_deref() != Some("alpine"));
        let release = named.or(by_number).map(|r| r.codename.clone()).or(by_tag);
        Distro { family, release }
    }

    /// The language version a toolchain package installs on an image's release (`python` on
    /// `ubuntu:14.04` → 2.7), when the knowledge lists it.
    pub fn packaged_toolchain(&self, image: &ImageRef, package: &str) -> Option<String> {
        self.release_of(&self.distro(image))?.toolchains.get(package).cloned()
    }

    /// The version a release codename in a tag stands for: `node:carbon` → 8.
    pub fn codename_version(&self, family: &str, tag: &str) -> Option<String> {
        self.release_named_in(family, tag).map(|r| r.version.clone())
    }

    /// The run-time package of the library a build package (`libffi-dev`) or a `links` fact
    /// (`ssl`) names, on `distro`.
    pub fn runtime_package(&self, build_or_links: &str, distro: &Distro) -> RuntimePackage {
        let Some(lib) = self.libraries.iter().find(|l| l.build.iter().any(|b| b == build_or_links) || l.links.as_deref() == Some(build_or_links)) else {
            return RuntimePackage::NotALibrary;
        };
        let names = match distro.family.as_deref() {
            Some("debian") => &lib.debian,
            Some("ubuntu") => &lib.ubuntu,
            Some("alpine") => &lib.alpine,
            _ => &None,
        };
        match names {
            None => RuntimePackage::Unavailable,
            Some(Names::One(n)) => RuntimePackage::Name(n.clone()),
            Some(Names::PerRelease(m)) => match distro.release.as_ref().and_then(|r| m.get(r)) {
                Some(n) => RuntimePackage::Name(n.clone()),
                None if distro.release.is_some() => RuntimePackage::Unavailable,
                None => RuntimePackage::ReleaseUnknown(m.iter().map(|(r, n)| (r.clone(), n.clone())).collect()),
            },
        }
    }

    /// Whether `right`, the package's name on `distro`'s release, is `old` renamed by that
    /// release's transition, and so still installs by `old`.
    fn answers_to_old_name(&self, right: &str, old: &str, distro: &Distro) -> bool {
        self.release_of(distro).and_then(|r| r.renamed_suffix.as_deref()).is_some_and(|suffix| right.strip_suffix(suffix) == Some(old))
    }

    /// When `pkg` is a library's run-time name that `distro` calls differently, what it calls it
    /// and where the name comes from (`apk add libpq5`: Alpine calls it `libpq`; it is Debian's).
    pub fn misnamed(&self, pkg: &str, distro: &Distro) -> Option<(String, String)> {
        let family = distro.family.as_deref()?;
        for lib in self.index.libraries_naming(pkg).iter().map(|&i| &self.libraries[i]) {
            let here = match family {
                "debian" => &lib.debian,
                "ubuntu" => &lib.ubuntu,
                "alpine" => &lib.alpine,
                _ => return None,
            };
            let elsewhere = [("Debian", &lib.debian), ("Ubuntu", &lib.ubuntu), ("Alpine", &lib.alpine)];
            let Some((owner, _)) = elsewhere.iter().find(|(_, n)| n.as_ref().is_some_and(|n| n.all().contains(&pkg))) else { continue };
            let right = match (here, &distro.release) {
                (Some(Names::One(n)), _) => n.clone(),
                (Some(Names::PerRelease(m)), Some(r)) => match m.get(r) {
                    Some(n) => n.clone(),
                    None => continue,
                },
                _ => continue,
            };
            if right != pkg && !self.answers_to_old_name(&right, pkg, distro) {
                let whose = match (here, &lib.debian) {
                    (Some(Names::PerRelease(m)), _) => m.iter().filter(|(_, n)| *n == pkg).map(|(r, _)| r.clone()).next().map(|r| format!("{owner} {r}'s name")),
                    _ => None,
                }
                .unwrap_or_else(|| format!("{owner}'s name"));
                return Some((right, whose));
            }
        }
        None
    }

    /// The package that provides `program` on a distribution family.
    pub fn package_for_program(&self, program: &str, family: &str) -> Option<&str> {
        PackageNames::of(family)?.package(self.index.deciding(&self.programs, program)?)
    }

    /// Programs a package puts on PATH (its own name too: `curl`, `make`).
    pub fn programs_of_package(&self, pkg: &str, family: &str) -> Vec<String> {
        let mut out: Vec<String> = PackageNames::of(family).map_or(&[][..], |f| self.index.programs_of(f, pkg)).to_vec();
        if !out.iter().any(|p| p == pkg) {
            out.push(pkg.to_string());
        }
        out
    }

    /// The package of a toolchain (one of `toolchain`'s programs) that installing `pkg` brings:
    /// `pkg` itself, or the package its name says it is built on — Debian and Alpine name a
    /// package for an interpreter after it (`python3-pip`, `python3-dev`, `python-virtualenv`,
    /// `nodejs-legacy` depend on `python3`, `python`, `nodejs`), and its program comes along.
    /// A versioned interpreter (`python3.6` from deadsnakes, `python3.8-dev`) is that toolchain
    /// too. With the program it provides.
    pub fn toolchain_package<'p>(&self, pkg: &'p str, family: &str, toolchain: &[&'static str]) -> Option<(&'p str, &'static str)> {
        std::iter::once(pkg).chain(pkg.match_indices('-').map(|(at, _)| &pkg[..at])).find_map(|p| {
            let programs = self.programs_of_package(p, family);
            toolchain.iter().copied().find(|t| programs.iter().any(|x| is_version_of(x, t))).map(|t| (p, t))
        })
    }

    /// Programs an npm package puts in `node_modules/.bin`: those the data lists, else the
    /// package's own name without its scope (`nodemon`, `@scope/tool` → `tool`).
    pub fn npm_binaries(&self, package: &str) -> Vec<String> {
        match self.npm_packages.iter().find(|p| p.name == package) {
            Some(p) => p.binaries.clone(),
            None => vec![package.basename().to_string()],
        }
    }

    /// The merged facts of every entry that applies to `image`.
    /// Memoised per image reference and shared: every stage and plan step asks again.
    pub fn image(&self, image: &ImageRef) -> Arc<ImageFacts> {
        self.resolved(image, |(facts, _)| Arc::clone(facts))
    }

    /// What `pick` takes of [`Self::image`] and [`Self::distro`], which are worked out once per
    /// image reference.
    fn resolved<T>(&self, image: &ImageRef, pick: impl Fn(&Resolved) -> T) -> T {
        if let Some(known) = self.merged.read().expect("not poisoned").get(image) {
            return pick(known);
        }
        let mut facts = ImageFacts::default();
        for e in self.images.iter().filter(|e| e.on_release.is_none() && e.applies_to(image)) {
            facts.refine(&e.facts);
        }
        let family = self.families.iter().filter(|f| facts.distro.as_deref() == Some(f.name.as_str()));
        if let Some(users) = facts.users.as_mut() {
            Arc::make_mut(users).extend(family.flat_map(|f| f.users.iter().cloned()));
        }
        let distro = self.find_distro(image, &facts);
        for e in self.images.iter().filter(|e| e.on_release.is_some() && e.on_release == distro.release && e.applies_to(image)) {
            facts.refine(&e.facts);
        }
        let resolved = (Arc::new(facts), distro);
        let picked = pick(&resolved);
        self.merged.write().expect("not poisoned").insert(image.clone(), resolved);
        picked
    }
}

impl ImageEntry {
    fn applies_to(&self, image: &ImageRef) -> bool {
        let name = self.name.as_str();
        let named = image.name == name
            || image.short_name() == name
            || image.name.strip_prefix(name).is_some_and(|rest| rest.starts_with('/'))
            // Docker Hub's official images also go by `library/<name>` and `docker.io/library/<name>`.
            || image.name.strip_suffix(name).is_some_and(|head| head.ends_with("library/"));
        named
            && self.tag.as_deref().is_none_or(|t| image.tag.as_deref().is_some_and(|tag| tag.contains(t)))
            && self.versions.as_deref().is_none_or(|range| image.tag.as_deref().is_some_and(|tag| tag_in(tag, range)))
    }
}

/// Whether a tag's leading version (`3.9` of `3.9.18-slim`) satisfies comparisons such as
/// `>=3.8,<3.14`; a tag without a version (`latest`, `slim`) satisfies none.
pub fn version_in(tag: &str, range: &str) -> bool {
    compare_in(tag, range, 0)
}

/// Whether an image tag's version satisfies `range`, where a tag less precise than a bound is
/// a line that floats to its newest release (`rust:1` is the newest 1.x: not `<1.36`, but
/// `>=1.89`), not its first.
fn tag_in(tag: &str, range: &str) -> bool {
    compare_in(tag, range, u32::MAX)
}

/// [`version_in`], with the missing components of the version as `pad`.
fn compare_in(tag: &str, range: &str, pad: u32) -> bool {
    let parse = |s: &str| -> Option<Vec<u32>> {
        let v: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let parts: Option<Vec<u32>> = v.split('.').filter(|p| !p.is_empty()).map(|p| p.parse().ok()).collect();
        parts.filter(|p| !p.is_empty())
    };
    let Some(have) = parse(tag) else { return false };
    range.split(',').all(|cmp| {
        let cmp = cmp.trim();
        let (op, v) = ["<=", ">=", "<", ">", "="].iter().find_map(|op| cmp.strip_prefix(op).map(|v| (*op, v))).unwrap_or(("=", cmp));
        let Some(want) = parse(v.trim()) else { return false };
        // Compare on the bound's precision: `3.8` against `3.8.10` compares `3.8`.
        let have: Vec<u32> = have.iter().copied().chain(std::iter::repeat(pad)).take(want.len().max(have.len())).collect();
        let want: Vec<u32> = want.iter().copied().chain(std::iter::repeat(0)).take(have.len()).collect();
        match op {
            "<" => have < want,
            "<=" => have <= want,
            ">" => have > want,
            ">=" => have >= want,
            _ => have == want,
        }
    })
}

/// Whether `program` is `toolchain` itself or a version of it: `python3.6` is a `python3`.
pub(crate) fn is_version_of(program: &str, toolchain: &str) -> bool {
    program.strip_prefix(toolchain).is_some_and(|rest| rest.is_empty() || rest.strip_prefix('.').is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Knowledge {
        let mut k = Knowledge::default();
        k.add_file("images.toml", include_str!("../../templates/knowledge/images.toml")).unwrap();
        k.add_file("packages.toml", include_str!("../../templates/knowledge/packages.toml")).unwrap();
        k
    }

    /// A build package named by two [[library]] entries: the first wins every lookup, so the
    /// second is dead data (a duplicated libuv entry once hid its Ubuntu name).
    #[test]
    fn each_build_package_names_one_library() {
        let k = builtin();
        let mut seen = std::collections::BTreeMap::new();
        for (i, lib) in k.libraries.iter().enumerate() {
            for b in &lib.build {
                if let Some(first) = seen.insert(b.clone(), i) {
                    panic!("{b} is a build package of [[library]] entries {first} and {i}");
                }
            }
        }
    }

    /// A per-release table names releases the knowledge knows (a misspelt `bionc` would make
    /// the release's name silently unknown, and msify refuse what it could rewrite).
    #[test]
    fn run_time_names_are_given_for_known_releases() {
        let k = builtin();
        for lib in &k.libraries {
            for (family, names) in [("debian", &lib.debian), ("ubuntu", &lib.ubuntu)] {
                let Some(Names::PerRelease(m)) = names else { continue };
                for codename in m.keys() {
                    assert!(k.releases.iter().any(|r| r.family == family && r.codename == *codename), "{:?}: {family} has no release `{codename}`", lib.build);
                }
            }
        }
    }

    #[test]
    fn a_legacy_ubuntu_release_has_its_own_run_time_names() {
        let k = builtin();
        let on = |release: &str| Distro { family: Some("ubuntu".into()), release: Some(release.into()) };
        let name = |build: &str, release: &str| match k.runtime_package(build, &on(release)) {
            RuntimePackage::Name(n) => n,
            other => panic!("{build} on {release}: {other:?}"),
        };
        assert_eq!(name("libssl-dev", "xenial"), "libssl1.0.0");
        assert_eq!(name("libsasl2-dev", "xenial"), "libsasl2-2");
        assert_eq!(name("libldap2-dev", "bionic"), "libldap-2.4-2");
        assert_eq!(name("libpcre3-dev", "noble"), "libpcre3");
        assert_eq!(name("libuv1-dev", "noble"), "libuv1t64");
        assert_eq!(name("libuv1-dev", "focal"), "libuv1");
    }

    #[test]
    fn nodesource_chooses_the_major_version_in_its_url() {
        let k = builtin();
        let nodesource = k.installers.iter().find(|i| i.package.as_deref() == Some("nodejs")).expect("NodeSource is known");
        assert_eq!(nodesource.version_in("curl -sL https://deb.nodesource.com/setup_10.x | bash -").as_deref(), Some("10"));
        assert_eq!(nodesource.version_in("echo \"deb https://deb.nodesource.com/node_20.x nodistro main\" > /etc/apt/sources.list.d/n.list").as_deref(), Some("20"));
        assert_eq!(nodesource.version_in("curl -sL https://deb.nodesource.com/setup_lts.x | bash -"), None, "lts names no version");
        assert_eq!(nodesource.version_in("curl https://example.com/setup_12.x | bash -"), None, "another installer's URL");
    }

    #[test]
    fn a_package_named_after_an_interpreters_brings_it() {
        let k = builtin();
        let python = &["python3", "python", "python2"];
        assert_eq!(k.toolchain_package("python3-pip", "debian", python), Some(("python3", "python3")));
        assert_eq!(k.toolchain_package("python3", "debian", python), Some(("python3", "python3")));
        assert_eq!(k.toolchain_package("python-virtualenv", "debian", python), Some(("python", "python")));
        assert_eq!(k.toolchain_package("libpython3-dev", "debian", python), None);
        assert_eq!(k.toolchain_package("gcc", "debian", python), None);
        assert_eq!(k.toolchain_package("python3.6", "ubuntu", python), Some(("python3.6", "python3")), "deadsnakes' versioned interpreter");
        assert_eq!(k.toolchain_package("python3.8-dev", "ubuntu", python), Some(("python3.8", "python3")));
        assert_eq!(k.toolchain_package("python3-six", "debian", python), Some(("python3", "python3")));
        assert_eq!(k.toolchain_package("python3.x-tools", "debian", python), None, "not a version");
    }

    #[test]
    fn toolchains_a_release_packages() {
        let k = builtin();
        let v = |image: &str, pkg: &str| k.packaged_toolchain(&ImageRef::parse(image), pkg);
        assert_eq!(v("ubuntu:14.04", "python").as_deref(), Some("2.7"));
        assert_eq!(v("ubuntu:22.04", "python3").as_deref(), Some("3.10"));
        assert_eq!(v("alpine:3.9.3", "python3").as_deref(), Some("3.6"));
        assert_eq!(v("debian:bookworm-slim", "nodejs").as_deref(), Some("18"));
        assert_eq!(v("debian:bookworm", "python"), None, "bookworm has no Python 2");
        assert_eq!(v("alpine:3.11", "python3"), None, "a release the knowledge does not list");
    }

    #[test]
    fn releases_from_tags_and_versions() {
        let k = builtin();
        let d = |s: &str| k.distro(&ImageRef::parse(s));
        // Patch tags keep the release of their last build; floating ones are the newest build
        // (official-images library/python: bookworm from 2023-06-13, trixie from 2025-08-11).
        // A digest pins a build of any date: only a codename in the tag says its release.
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("python:3.9-slim-buster", Some("buster"), "named in the tag"),
            ("python:3.11.3", Some("bullseye"), "superseded by 3.11.4 before the bookworm switch"),
            ("python:3.11.4-slim", Some("bookworm"), ""),
            ("python:3.11.12", Some("bookworm"), ""),
            ("python:3.11.13-slim", Some("trixie"), "rebuilt on trixie while newest"),
            ("python:3.11-slim", Some("trixie"), ""),
            ("python:3.13.5", Some("bookworm"), ""),
            ("python:3", Some("trixie"), ""),
            ("python:3.7-slim", Some("bookworm"), "3.7's last build (3.7.17)"),
            ("python:3.6", Some("bullseye"), ""),
            ("python:2.7", Some("buster"), ""),
            ("python:3.6.4", None, "before the buster switch the slim and full images differ: no guess"),
            ("python:3.11-slim@sha256:0123", None, "pinned by digest"),
            ("python:3.11-slim-bookworm@sha256:0123", Some("bookworm"), "pinned by digest, named in the tag"),
            ("debian:10-slim", Some("buster"), ""),
            ("golang:1.25", Some("trixie"), ""),
            ("golang:1.24", Some("trixie"), "1.24.6 on, the newest 1.24 builds are trixie's"),
            ("golang:1.24.5", Some("bookworm"), ""),
            ("node:24-slim", Some("bookworm"), ""),
            ("node:26-slim", Some("trixie"), ""),
        ];
        for (image, want, why) in cases {
            assert_eq!(d(image).release.as_deref(), *want, "{image}: {why}");
        }
        assert_eq!(d("node:20-alpine"), Distro { family: Some("alpine".into()), release: None });
        assert!(version_in("3.10.2", ">=3.8,<3.14") && !version_in("3.7", ">=3.8") && !version_in("latest", ">=1"));
        assert!(tag_in("1", ">=1.89") && !tag_in("1", "<1.36") && tag_in("1.33", "<1.36") && tag_in("1.55.0", ">=1.55,<1.70"));
    }

    #[test]
    fn run_time_packages_per_distribution_and_release() {
        let k = builtin();
        let on = |s: &str| k.distro(&ImageRef::parse(s));
        assert_eq!(k.runtime_package("libffi-dev", &on("python:3.9-slim-buster")), RuntimePackage::Name("libffi6".into()));
        assert_eq!(k.runtime_package("libffi-dev", &on("python:3.12-slim")), RuntimePackage::Name("libffi8".into()));
        assert_eq!(k.runtime_package("libpq-dev", &on("python:3.7-alpine")), RuntimePackage::Name("libpq".into()));
        assert!(matches!(k.runtime_package("libffi-dev", &on("python:3.6.4-slim")), RuntimePackage::ReleaseUnknown(_)));
        assert_eq!(k.runtime_package("ssl", &on("python:3.12-slim")), RuntimePackage::Name("libssl3t64".into()));
        // Debian 13's t64 packages provide their old names: an install by the old name works.
        assert_eq!(k.misnamed("libssl3", &on("python:3.12-slim")), None);
        assert_eq!(k.misnamed("libssl1.1", &on("python:3.12-slim")), Some(("libssl3t64".into(), "Debian bullseye's name".into())));
        assert_eq!(k.runtime_package("ssl", &on("rust:1-stretch")), RuntimePackage::Name("libssl1.1".into()));
        assert_eq!(k.runtime_package("gcc", &on("python:3.12")), RuntimePackage::NotALibrary);
        assert_eq!(k.misnamed("libpq5", &on("python:3.12-alpine")), Some(("libpq".into(), "Debian's name".into())));
        assert_eq!(k.misnamed("libffi8", &on("python:3.9-slim-buster")), Some(("libffi6".into(), "Debian bookworm's name".into())));
        assert_eq!(k.misnamed("libffi6", &on("python:3.9-slim-buster")), None);
        assert_eq!(k.package_for_program("supervisord", "debian"), Some("supervisor"));
    }

    #[test]
    fn a_users_program_entry_overrides_the_builtin_one() {
        let mut k = builtin();
        assert!(k.programs_of_package("supervisor", "ubuntu").contains(&"supervisord".to_string()));
        k.add_file("mine.toml", "[[program]]\nname = \"supervisord\"\ndebian = \"supervisor-ng\"\n").unwrap();
        assert_eq!(k.package_for_program("supervisord", "debian"), Some("supervisor-ng"));
        assert_eq!(k.package_for_program("supervisord", "alpine"), None);
        assert!(!k.programs_of_package("supervisor", "debian").contains(&"supervisord".to_string()));
        assert_eq!(k.programs_of_package("supervisor-ng", "debian"), ["supervisord", "supervisor-ng"]);
        assert_eq!(k.package_for_program("supervisord", "none"), None);
    }

    #[test]
    fn images_ship_their_distributions_accounts() {
        let k = builtin();
        for image in ["golang:1.16.1", "debian:bookworm-slim", "python:3.8-slim-buster", "node:12", "ubuntu:22.04"] {
            assert!(k.image(&ImageRef::parse(image)).users.as_ref().unwrap().contains("www-data"), "{image} ships www-data");
        }
        assert!(!k.image(&ImageRef::parse("alpine:3.19")).users.as_ref().unwrap().contains("www-data"));
        assert!(!k.image(&ImageRef::parse("gcr.io/distroless/base-debian12")).users.as_ref().unwrap().contains("www-data"));
    }

    #[test]
    fn what_a_release_dropped_follows_the_release_not_the_tag_text() {
        let k = builtin();
        let adduser = |s: &str| k.image(&ImageRef::parse(s)).has_program("adduser");
        assert_eq!(adduser("debian:trixie-slim"), Some(false));
        assert_eq!(adduser("debian:13-slim"), Some(false), "a version number names the release too");
        assert_eq!(adduser("python:3.12-slim"), Some(false), "3.12's newest slim build is on trixie");
        assert_eq!(adduser("python:3.12.10-slim"), Some(true), "frozen on bookworm");
        assert_eq!(adduser("python:3.12"), Some(true), "the full image's openssh-client depends on adduser");
        assert_eq!(adduser("rust:1-slim"), Some(false));
        assert_eq!(adduser("node:22-slim"), Some(true), "node's slim images stay on bookworm through 25");
        assert_eq!(adduser("node:26-slim"), Some(false));
    }

    #[test]
    fn flavours_refine_their_family() {
        let k = builtin();
        let full = k.image(&ImageRef::parse("node:20"));
        let slim = k.image(&ImageRef::parse("node:20-slim"));
        assert_eq!(full.has_program("curl"), Some(true));
        assert_eq!(slim.has_program("curl"), Some(false));
        assert_eq!(slim.users, full.users, "the slim flavour keeps the family's users");
        assert_eq!(k.image(&ImageRef::parse("node:18-alpine")).distro.as_deref(), Some("alpine"));
        assert_eq!(k.image(&ImageRef::parse("python:3.9-slim-buster")).has_program("adduser"), Some(true));
        assert_eq!(k.image(&ImageRef::parse("python:3.13-slim-trixie")).has_program("adduser"), Some(false), "trixie slim dropped adduser");
    }

    #[test]
    fn ports_and_users_of_runtime_images() {
        let k = builtin();
        assert_eq!(k.image(&ImageRef::parse("nginx:stable-alpine")).exposed_ports(), ["80/tcp"]);
        assert_eq!(k.image(&ImageRef::parse("nginxinc/nginx-unprivileged:stable-alpine")).exposed_ports(), ["8080/tcp"]);
        let d = k.image(&ImageRef::parse("gcr.io/distroless/static-debian12:nonroot"));
        assert_eq!((d.user.as_deref(), d.has_program("sh")), (Some("65532"), Some(false)));
        assert!(!k.image(&ImageRef::parse("example.com/team/base:1")).known());
    }
}

//! Toolchain versions and the distribution release, read from the builder's tag first (it
//! outranks manifests), so the runtime runs what built the app: `python:3.11.3` keeps 3.11.3,
//! `node:10-buster` keeps buster, `rust:1-stretch` gets a stretch runtime for its libssl1.1.

use super::Planner;
use crate::detect::dockerfile_signals::java_version_from_image;
use crate::detect::{version_digits, Stack};

impl Planner<'_> {
    pub(super) fn version_vars(&mut self) {
        // `FROM $PYTHON` with `ARG PYTHON=python:3.8`: the versions are the default's; a tag
        // built around the variable (`${PYTHON}-slim`) would not be a real one for every value.
        let whole_image_arg = self.builder_image().name.contains('$');
        let image = if whole_image_arg { self.resolved_image().clone() } else { self.builder_image().clone() };
        // `${REGISTRY}node:14` only says where node:14 comes from (see `registry`).
        if whole_image_arg && !image.name.contains('$') && self.registry_prefix().is_none() {
            self.notes.push(format!(
                "FROM {} names its whole image with a build argument; the runtime matches its default ({}): building with another value needs the runtime's FROM changed to match",
                self.stage.from.image_text,
                format!("{}{}", image.name, image.tag.as_deref().map(|t| format!(":{t}")).unwrap_or_default())
            ));
        }
        let tag = image.tag.clone().unwrap_or_default();
        self.vars.insert("tag".into(), tag.clone());
        // A runtime of the builder's own image (`{builder_image}`) is written as the user wrote it.
        self.vars.insert("builder_image".into(), self.stage.from.image_text.clone());
        let toolchain_from = self.toolchain_from(&image);
        self.vars.insert("toolchain_from".into(), toolchain_from.into());
        // A floating tag (`node`, `node:latest`, `python:slim`) has no version: the runtime follows
        // the same floating line (`node:slim`), so native modules match what built them.
        let codename = self.knowledge.codename_version("node", &tag).filter(|_| matches!(self.cand.stack, Stack::Node | Stack::Spa | Stack::Nextjs));
        // `debian:bookworm` names a release: the toolchain's packages follow it, nothing floats.
        let floating = !tag.contains('$') && !tag.chars().any(|c| c.is_ascii_digit()) && !tag.starts_with("lts") && codename.is_none() && toolchain_from != "packages";
        let from_tag = |parts: usize| -> Option<String> {
            // `ubuntu:14.04` names the distribution's release, not the toolchain's.
            if toolchain_from == "packages" {
                return None;
            }
            if tag.contains('$') {
                // `node:${NODE_VERSION}` → keep the variable: the runtime FROM sees global ARGs too.
                return Some(tag.split('-').next().unwrap_or(&tag).to_string());
            }
            if let Some(v) = &codename {
                // `node:carbon` is Node 8: the runtime keeps the codename's line.
                return Some(v.clone());
            }
            if tag.starts_with("lts") {
                return Some("lts".into());
            }
            version_digits(&tag, parts)
        };
        // Node and Python runtimes exist for every patch release: keep the builder's exact one.
        let (key, value) = match self.cand.stack {
            Stack::Node | Stack::Spa | Stack::Nextjs => ("node", from_tag(3)),
            Stack::Python => ("python", from_tag(3)),
            Stack::Java => ("java", if tag.contains('$') { None } else { java_version_from_image(&image) }),
            Stack::Go => ("go", from_tag(2)),
            Stack::Rust => ("rust", from_tag(2)),
        };
        let fallback = match key {
            "node" => "lts",
            "python" => "3",
            "java" => "21",
            _ => "",
        };
        let follows_floating = floating && matches!(key, "node" | "python");
        // A runtime that serves the build's files (nginx) runs no node: nothing follows.
        if follows_floating && !self.template.runtime.serves_files {
            self.notes.push(format!(
                "the builder uses a floating tag ({}); the runtime follows the same line — pin both to a version for reproducible builds",
                if tag.is_empty() { "no tag".to_string() } else { format!(":{tag}") }
            ));
        }
        let value = if follows_floating { Some(String::new()) } else { value };
        let value = value.or_else(|| self.cand.versions.get(key).cloned()).unwrap_or_else(|| {
            // A toolchain from the distribution's packages runs in the builder's own image.
            if !fallback.is_empty() && toolchain_from != "packages" {
                self.notes.push(format!("the {key} version is not in the builder's tag or the manifests; assumed {fallback} for the runtime image"));
            }
            fallback.to_string()
        });
        // Node's major decides npm's flags (npm ≤ 6 ignores `--omit`); a floating tag is current.
        if key == "node" {
            let major = version_digits(&value, 1).filter(|_| !floating).unwrap_or_else(|| "999".into());
            self.vars.insert("node_major".into(), major);
        }
        // `3.6` or `3.6.15`, not `3` or a floating tag: what version-bounded steps compare.
        if key == "python" {
            // `python:${PYTHON_VERSION}` with `ARG PYTHON_VERSION=3.6`: the default's.
            let resolved = self.resolved_image().tag.clone().unwrap_or_default();
            let known = if value.contains('$') { resolved.as_str() } else { value.as_str() };
            let minor = version_digits(known, 2).filter(|v| v.contains('.') && !known.contains('$')).unwrap_or_default();
            self.vars.insert("python_minor".into(), minor);
        }
        self.vars.insert(key.into(), value);
        // `rust:1`, `golang:1-bullseye`: Go and Rust are 1.x for good, so a major-only tag is the
        // newest release too, on the newest Debian its image line builds on.
        let major_only = matches!(self.cand.stack, Stack::Go | Stack::Rust) && version_digits(&tag, 2).as_deref() == Some("1");
        self.debian_vars(&tag, floating || major_only);
    }

    /// Where the build's toolchain comes from: `image` when the builder image ships it (python,
    /// node, golang...), `packages` when the image is a distribution's (`ubuntu:14.04`,
    /// `alpine:3.9`) and the Dockerfile installs the toolchain with its package manager, `""`
    /// for an image msify knows nothing about. An interpreter installed from packages lives at
    /// the distribution's paths (`/usr/bin/python2.7`, which a virtualenv links to): a runtime
    /// of the official image would not have it there.
    fn toolchain_from(&self, image: &crate::syntax::ImageRef) -> &'static str {
        match &self.knowledge.image(image).programs {
            Some(programs) if self.cand.stack.toolchain_programs().iter().any(|p| programs.contains(*p)) => "image",
            Some(_) => "packages",
            None => "",
        }
    }

    /// `{debian}`, `{debian_version}`, `{debian_tag}`: the builder's Debian release — named in its
    /// tag, or the one its image line is built on — so glibc and library names match. Without
    /// either, the newest release whose glibc runs what older ones built (bookworm), unless the
    /// build links a library whose package name changes between releases (then the variant that
    /// needs the name says so).
    fn debian_vars(&mut self, tag: &str, floating: bool) {
        let distro = self.knowledge.distro(self.resolved_image());
        let named = self.knowledge.release_named_in("debian", tag);
        self.vars.insert("debian_tag".into(), named.map(|r| format!("-{}", r.codename)).unwrap_or_default());
        let release = match distro.release.filter(|_| distro.family.as_deref() == Some("debian")) {
            Some(r) => r,
            None if floating && matches!(self.cand.stack, Stack::Go | Stack::Rust) => "trixie".into(),
            None => "bookworm".into(),
        };
        let version = self.knowledge.releases.iter().find(|r| r.codename == release).map(|r| r.version.clone()).unwrap_or_else(|| "12".into());
        self.vars.insert("debian_version".into(), version);
        self.vars.insert("debian".into(), release);
        self.release_known = named.is_some() || self.knowledge.distro(self.resolved_image()).release.is_some();
    }
}

//! Where the builder's image is pulled from, when not straight from Docker Hub: a registry
//! mirror (`registry.example.com/mirror/node:14`), a build argument (`FROM ${REGISTRY}node:14`,
//! `FROM ${ARCH}python:3.8-slim`) or an architecture namespace (`arm64v8/golang`). A company
//! that builds through a mirror often cannot reach Docker Hub at all, so a runtime
//! `FROM node:14-slim` would fail to pull: the runtime's Docker Hub image takes the same prefix.

use super::Planner;

/// Docker's official images per architecture, and Docker Hub's own `library/` namespace.
const HUB_NAMESPACES: &[&str] = &["library/", "amd64/", "arm32v5/", "arm32v6/", "arm32v7/", "arm64v8/", "i386/", "ppc64le/", "riscv64/", "s390x/", "windows-amd64/"];

impl Planner<'_> {
    /// The text before the official repository's name in the builder's FROM, when it names a
    /// place to pull that repository from: a build argument, a registry host (a first path
    /// component with a `.` or `:`, or `localhost`) or a namespace of Docker's official images.
    /// Not another publisher's image (`bitnami/node`): its runtime is the official one.
    pub(super) fn registry_prefix(&self) -> Option<String> {
        let written = &self.builder_image().name;
        let repository = self.resolved_image().short_name();
        let prefix = written.strip_suffix(repository).filter(|p| !p.is_empty())?;
        let host = prefix.split('/').next().is_some_and(|first| prefix.contains('/') && (first.contains(['.', ':']) || first == "localhost"));
        let official = |ns: &str| prefix == ns || prefix.ends_with(&format!("/{ns}"));
        (prefix.contains('$') || host || HUB_NAMESPACES.iter().any(|ns| official(ns))).then(|| prefix.to_string())
    }

    /// The runtime image as the FROM line names it: a Docker Hub image (`node:14-slim`,
    /// `debian:bookworm-slim`) from where the builder's came; an image of another registry
    /// (`gcr.io/distroless/...`) as it is, with a note when the builder used a mirror.
    pub(super) fn pulled_as(&mut self, image: &str) -> String {
        let Some(prefix) = self.registry_prefix() else { return image.to_string() };
        let on_hub = !image.split(':').next().unwrap_or(image).contains('/');
        if on_hub {
            self.notes.push(format!("the builder's image is pulled through `{prefix}`; so is the runtime's ({prefix}{image})"));
            format!("{prefix}{image}")
        } else {
            // `library/golang`, `docker.io/library/golang` is Docker Hub itself: no mirror.
            let hub_itself = ["library/", "docker.io/", "docker.io/library/", "index.docker.io/library/"].contains(&prefix.as_str());
            if !hub_itself {
                self.notes.push(format!("the builder's image is pulled through `{prefix}`, and the runtime image {image} is not on Docker Hub: if builds can reach only that registry, mirror it there or choose another --runtime"));
            }
            image.to_string()
        }
    }

    /// The runtime image pinned as the builder is: a digest pins one build of a tag, so a
    /// runtime of the builder's own repository and tag (`python:3.11.0-slim@sha256:…` → the same
    /// slim image) takes the same digest, or the stages could pull different builds. Another
    /// image cannot take that digest: the note says to pin it too.
    pub(super) fn pinned(&mut self, image: &str) -> String {
        let builder = self.resolved_image().clone();
        let Some(digest) = builder.digest.as_deref() else { return image.to_string() };
        let runtime = crate::syntax::ImageRef::parse(image);
        if runtime.digest.is_some() {
            return image.to_string();
        }
        let tag = |i: &crate::syntax::ImageRef| i.tag.clone().unwrap_or_else(|| "latest".into());
        if runtime.short_name() == builder.short_name() && tag(&runtime) == tag(&builder) {
            self.notes.push(format!("the runtime image is the builder's own ({image}), pinned by the same digest"));
            return format!("{image}@{digest}");
        }
        self.notes.push(format!("the builder's image is pinned by digest and the runtime image {image} is not: pin it too (its digest: `docker pull {image}`, then `docker inspect --format '{{{{index .RepoDigests 0}}}}' {image}`)"));
        image.to_string()
    }
}

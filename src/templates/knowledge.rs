//! Facts about base images (`templates/knowledge/images.toml`): what a FROM brings before the
//! first instruction runs — its user and accounts, the ports its config exposes, the variables it
//! defines, the programs on its PATH, the directories it ships. The stage model walks every stage
//! from these facts, and the planner reads them to announce what a runtime image adds by itself
//! (nginx's own `EXPOSE 80`). Data, not code: a platform team adds its base images in a
//! `knowledge/` directory beside its templates.

use crate::error::Error;
use crate::syntax::ImageRef;
use serde::Deserialize;

/// One `[[image]]` entry: which images it applies to and the facts it sets.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageEntry {
    /// Short repository name, full name, or a prefix of the full name ending at `/`.
    pub name: String,
    /// Only for tags containing this text (`alpine`, `slim`, `nonroot`).
    #[serde(default)]
    pub tag: Option<String>,
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
    pub users: Option<Vec<String>>,
    pub exposes: Option<Vec<String>>,
    pub env: Option<Vec<String>>,
    pub workdir: Option<String>,
    pub programs: Option<Vec<String>>,
    pub paths: Option<Vec<String>>,
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
        take!(distro, user, users, exposes, env, workdir, programs, paths);
    }

    /// Ports the image exposes, as `80/tcp`.
    pub fn exposed_ports(&self) -> Vec<String> {
        self.exposes.iter().flatten().map(|p| if p.contains('/') { p.clone() } else { format!("{p}/tcp") }).collect()
    }

    pub fn has_program(&self, name: &str) -> Option<bool> {
        self.programs.as_ref().map(|ps| ps.iter().any(|p| p == name))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    image: Vec<ImageEntry>,
}

/// Every image entry, built-in first, then the user's (which refine the built-ins).
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    pub images: Vec<ImageEntry>,
}

impl Knowledge {
    /// Parse one knowledge file; errors name the file, line and column.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let parsed: File = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            Error::syntax(file, text, crate::error::SyntaxError::new(offset, format!("invalid knowledge file: {}", e.message().trim()), "see templates/knowledge/images.toml for the format"))
        })?;
        self.images.extend(parsed.image);
        Ok(())
    }

    /// The merged facts of every entry that applies to `image`.
    pub fn image(&self, image: &ImageRef) -> ImageFacts {
        let mut facts = ImageFacts::default();
        for e in self.images.iter().filter(|e| e.applies_to(image)) {
            facts.refine(&e.facts);
        }
        facts
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
        named && self.tag.as_deref().is_none_or(|t| image.tag.as_deref().is_some_and(|tag| tag.contains(t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Knowledge {
        let mut k = Knowledge::default();
        k.add_file("images.toml", include_str!("../../templates/knowledge/images.toml")).unwrap();
        k
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

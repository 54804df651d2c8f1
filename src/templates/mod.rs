//! The template library: builder/runtime stage pairs per stack, as data (`templates/*.toml`,
//! embedded at build time), overridable by users with `--templates DIR` or a `msify.toml`.
//!
//! A template says which detections it applies to, how the runtime image is derived from the
//! builder's tag, which runtime variants exist and when each is valid (the libc rules live here,
//! as `requires`), what moves from builder to runtime, and the runtime-only setup.

pub mod knowledge;
mod schema;
pub mod vars;

pub use knowledge::{ImageFacts, Knowledge};
pub use schema::{Conditions, Copy, Note, OneOrMany, Runtime, Step, Template, Variant};

use crate::detect::Candidate;
use crate::error::Error;
use std::path::{Path, PathBuf};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));
}

/// Where a template came from.
#[derive(Clone, Debug)]
pub struct Origin {
    /// `builtin:go-static.toml` or the user file's path.
    pub file: String,
    pub source: String,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub template: Template,
    pub origin: Origin,
}

#[derive(Clone, Debug, Default)]
pub struct Library {
    pub entries: Vec<Entry>,
    /// Facts about base images (`knowledge/*.toml`).
    pub knowledge: Knowledge,
}

impl Library {
    /// The built-in templates only (parsed once per process).
    pub fn builtin() -> Result<Library, Error> {
        Self::builtin_shared().clone()
    }

    /// The built-in knowledge, borrowed: detection reads release facts (Node codenames, the
    /// version a distribution packages) per candidate, and a clone of the whole library each
    /// time would cost more than the lookup.
    pub fn builtin_knowledge() -> Option<&'static Knowledge> {
        Self::builtin_shared().as_ref().ok().map(|lib| &lib.knowledge)
    }

    fn builtin_shared() -> &'static Result<Library, Error> {
        static BUILTIN: std::sync::OnceLock<Result<Library, Error>> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut lib = Library::default();
                for (file, text, json) in builtin::BUILTIN {
                    lib.add(builtin_template(&format!("builtin:{file}"), text, json)?, format!("builtin:{file}"), text);
                }
                for (file, _, json) in builtin::KNOWLEDGE {
                    lib.knowledge.add_builtin(&format!("builtin:knowledge/{file}"), json)?;
                }
                Ok(lib)
            })
    }

    /// Built-ins plus every `*.toml` in `dirs`, later ones replacing earlier ones by name; each
    /// dir's `knowledge/*.toml` refines the built-in facts about base images.
    pub fn load(dirs: &[PathBuf]) -> Result<Library, Error> {
        let mut lib = Library::builtin()?;
        for dir in dirs {
            let files = toml_files(dir).map_err(|e| {
                Error::new(dir.display().to_string(), format!("cannot read template directory {}: {e}", dir.display()), "pass a directory of *.toml templates")
            })?;
            for f in files {
                let display = f.display().to_string();
                let source = crate::source::read_path(&f)?.text;
                let t = parse_template(&display, &source)?;
                lib.add(t, display, &source);
            }
            // An absent knowledge/ directory is fine: most template directories have none.
            for f in toml_files(&dir.join("knowledge")).unwrap_or_default() {
                let display = f.display().to_string();
                let source = crate::source::read_path(&f)?.text;
                lib.knowledge.add_file(&display, &source)?;
            }
        }
        Ok(lib)
    }

    fn add(&mut self, template: Template, file: String, source: &str) {
        let entry = Entry { template, origin: Origin { file, source: source.to_string() } };
        match self.entries.iter_mut().find(|e| e.template.name == entry.template.name) {
            Some(existing) => *existing = entry,
            None => self.entries.push(entry),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.template.name == name)
    }

    /// The template for a detection: same stack, `when` holds, highest priority.
    pub fn select(&self, candidate: &Candidate) -> Option<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.template.stack == candidate.stack && holds(&e.template.when, candidate))
            .max_by_key(|e| e.template.priority)
    }
}

/// Whether every condition holds for the candidate's facts (a missing fact reads as "").
pub fn holds(conditions: &Conditions, candidate: &Candidate) -> bool {
    conditions.iter().all(|(k, v)| v.accepts(candidate.fact(k).unwrap_or("")))
}

/// Parse and validate one template; errors name the file, line, column and key.
pub fn parse_template(file: &str, text: &str) -> Result<Template, Error> {
    let t: Template = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        Error::syntax(file, text, crate::error::SyntaxError::new(offset, format!("invalid template: {}", e.message().trim()), "see docs/templates.md for the template schema"))
    })?;
    validated(file, text, t)
}

/// A built-in template from the JSON form build.rs embeds; `text` is its TOML, which error
/// positions refer to.
fn builtin_template(file: &str, text: &str, json: &str) -> Result<Template, Error> {
    let t: Template = serde_json::from_str(json).map_err(|e| Error::new(file, format!("invalid built-in template: {e}"), "see docs/templates.md for the template schema"))?;
    validated(file, text, t)
}

fn validated(file: &str, text: &str, t: Template) -> Result<Template, Error> {
    validate(&t).map_err(|(key, msg)| {
        let offset = text.find(&key).unwrap_or(0);
        Error::syntax(file, text, crate::error::SyntaxError::new(offset, format!("invalid template: `{key}`: {msg}"), "see docs/templates.md for the template schema"))
    })?;
    Ok(t)
}

/// Checks serde cannot make: variants exist and are unique, placeholders are known.
fn validate(t: &Template) -> Result<(), (String, String)> {
    if t.runtime.variants.is_empty() {
        return Err(("runtime".into(), "at least one [[runtime.variants]] is required".into()));
    }
    for (i, v) in t.runtime.variants.iter().enumerate() {
        if t.runtime.variants[..i].iter().any(|o| o.name == v.name) {
            return Err(("name".into(), format!("variant `{}` is defined twice", v.name)));
        }
        vars::check_placeholders(&v.image).map_err(|p| ("image".to_string(), format!("unknown placeholder {{{p}}}")))?;
        if v.create_user.is_some() && v.user.is_none() {
            return Err(("create_user".into(), format!("variant `{}` creates a user but names none in `user`", v.name)));
        }
    }
    let steps = t.builder.before_install.iter().chain(&t.builder.finish).chain(&t.runtime.setup);
    for s in steps {
        vars::check_placeholders(&s.line).map_err(|p| ("line".to_string(), format!("unknown placeholder {{{p}}}")))?;
        for v in &s.variants {
            if !t.runtime.variants.iter().any(|x| &x.name == v) {
                return Err(("variants".into(), format!("no runtime variant named `{v}`")));
            }
        }
    }
    for c in &t.copy {
        for p in [&c.from, &c.to] {
            vars::check_placeholders(p).map_err(|p| ("copy".to_string(), format!("unknown placeholder {{{p}}}")))?;
        }
    }
    Ok(())
}

/// The `*.toml` files directly in `dir`, sorted.
fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    files.sort();
    Ok(files)
}

/// Resolve a `--templates` argument or a `msify.toml` entry relative to where it was given.
pub fn template_dir(base: &Path, dir: &str) -> PathBuf {
    let p = Path::new(dir);
    if p.is_absolute() { p.to_path_buf() } else { base.join(p) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_json_says_what_the_toml_says() {
        for (file, text, json) in builtin::BUILTIN {
            let (from_toml, from_json) = (parse_template(file, text).unwrap(), builtin_template(file, text, json).unwrap());
            assert_eq!(format!("{from_toml:?}"), format!("{from_json:?}"), "{file}");
        }
        for (file, text, json) in builtin::KNOWLEDGE {
            let (mut from_toml, mut from_json) = (Knowledge::default(), Knowledge::default());
            from_toml.add_file(file, text).unwrap();
            from_json.add_builtin(file, json).unwrap();
            assert_eq!(format!("{from_toml:?}"), format!("{from_json:?}"), "{file}");
        }
    }

    #[test]
    fn every_builtin_template_loads_and_validates() {
        let lib = Library::builtin().expect("built-ins are valid");
        let names: Vec<&str> = lib.entries.iter().map(|e| e.template.name.as_str()).collect();
        for want in ["go-static", "go-cgo", "node-server", "nextjs-standalone", "spa-nginx", "python-venv", "java-jre", "rust-native"] {
            assert!(names.contains(&want), "missing built-in {want}: {names:?}");
        }
    }

    #[test]
    fn no_builtin_pairs_a_glibc_build_with_a_musl_runtime() {
        // Any alpine/musl variant of a stack whose artifacts depend on libc must require a musl build.
        let libc_free = ["go-static", "spa-nginx", "java-jre"];
        for e in Library::builtin().unwrap().entries {
            if libc_free.contains(&e.template.name.as_str()) {
                continue;
            }
            for v in &e.template.runtime.variants {
                if v.image.contains("alpine") || v.name == "scratch" {
                    let musl = v.requires.get("libc").is_some_and(|c| c.accepts("musl") && !c.accepts("glibc"));
                    assert!(musl, "{} variant {} must require libc = musl", e.template.name, v.name);
                }
            }
        }
    }

    fn err(text: &str) -> Error {
        parse_template("team/broken.toml", text).expect_err("must be rejected")
    }

    const MINIMAL: &str = "name = \"x\"\nstack = \"go\"\ndescription = \"d\"\n\n[[runtime.variants]]\nname = \"slim\"\nimage = \"debian:{debian}-slim\"\nsize_mb = 28\n";

    #[test]
    fn minimal_template_is_valid() {
        parse_template("t.toml", MINIMAL).unwrap();
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = err(&MINIMAL.replace("size_mb = 28", "size_mb = 28\nimgae = \"typo\""));
        assert_eq!(e.path, "team/broken.toml");
        assert_eq!(e.location.as_ref().unwrap().line, 9);
        assert!(e.message.contains("imgae"), "{}", e.message);
    }

    #[test]
    fn wrong_type_and_missing_field_are_located() {
        let e = err(&MINIMAL.replace("size_mb = 28", "size_mb = \"big\""));
        assert_eq!(e.location.as_ref().unwrap().line, 8);
        let e = err(&MINIMAL.replace("image = \"debian:{debian}-slim\"\n", ""));
        assert!(e.message.contains("image"), "{}", e.message);
        let e = err(&MINIMAL.replace("stack = \"go\"", "stack = \"cobol\""));
        assert_eq!(e.location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn unknown_placeholder_is_rejected() {
        let e = err(&MINIMAL.replace("{debian}", "{debain}"));
        assert!(e.message.contains("debain"), "{}", e.message);
        assert_eq!(e.location.as_ref().unwrap().line, 7);
    }

    #[test]
    fn user_templates_override_builtins_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let custom = MINIMAL.replace("name = \"x\"", "name = \"go-static\"").replace("description = \"d\"", "description = \"ours\"");
        std::fs::write(dir.path().join("go-static.toml"), custom).unwrap();
        std::fs::write(dir.path().join("extra.toml"), MINIMAL).unwrap();
        let lib = Library::load(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(lib.get("go-static").unwrap().template.description, "ours");
        assert!(lib.get("x").is_some());
        assert_eq!(lib.entries.iter().filter(|e| e.template.name == "go-static").count(), 1);
    }
}

//! Embeds every `templates/*.toml` (builder/runtime pairs) and `templates/knowledge/*.toml`
//! (facts about base images and distributions) into the binary, so the built-in library is
//! whatever those directories hold: adding a template or a fact is adding data.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut out = String::new();
    for (konst, dir) in [("BUILTIN", root.clone()), ("KNOWLEDGE", root.join("knowledge"))] {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{} exists: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        out.push_str(&format!("/// (file name, contents) of every built-in file in {}.\npub const {konst}: &[(&str, &str)] = &[\n", dir.display()));
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f.file_name().unwrap().to_string_lossy();
            out.push_str(&format!("    ({name:?}, include_str!({:?})),\n", f.display().to_string()));
        }
        out.push_str("];\n");
    }
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_templates.rs"), out).unwrap();
}

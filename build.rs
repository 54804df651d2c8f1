//! Embeds every `templates/*.toml` (builder/runtime pairs) and `templates/knowledge/*.toml`
//! (facts about base images and distributions) into the binary, so the built-in library is
//! whatever those directories hold: adding a template or a fact is adding data.
//!
//! Each file is embedded twice: its TOML text (what `msify templates show` prints and what
//! error positions refer to) and the same document as JSON, which the binary deserialises at
//! start-up — several times faster than parsing the TOML again in every process. A built-in
//! file that is not valid TOML fails the build here, with its path.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    let mut out = String::new();
    for (konst, dir) in [("BUILTIN", root.clone()), ("KNOWLEDGE", root.join("knowledge"))] {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{} exists: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        out.push_str(&format!("/// (file name, TOML text, the same as JSON) of every built-in file in {}.\npub const {konst}: &[(&str, &str, &str)] = &[\n", dir.display()));
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f.file_name().unwrap().to_string_lossy();
            let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", f.display()));
            let json = out_dir.join(format!("{konst}-{name}.json"));
            fs::write(&json, serde_json::to_string(&table).expect("TOML is JSON-serialisable")).unwrap();
            out.push_str(&format!("    ({name:?}, include_str!({:?}), include_str!({:?})),\n", f.display().to_string(), json.display().to_string()));
        }
        out.push_str("];\n");
    }
    fs::write(out_dir.join("builtin_templates.rs"), out).unwrap();
}

//! Arbitrary bytes as the Dockerfile of a real-looking repository (the first byte picks Go,
//! Node, SPA, Python, Java or Rust): the whole pipeline never panics, every rewrite parses, is
//! multi-stage and keeps the BOM / final-newline state, and a second run proposes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use msify::pipeline::{process_source, Settings, Status};
use msify::source::SourceFile;
use std::path::PathBuf;
use std::sync::OnceLock;

fn repos() -> &'static Vec<PathBuf> {
    static REPOS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    REPOS.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("msify-fuzz-repos-{}", std::process::id()));
        let files: &[&[(&str, &str)]] = &[
            &[("go.mod", "module example.com/app\n\ngo 1.22\n"), ("main.go", "package main\nfunc main() {}\n")],
            &[("package.json", "{\"name\":\"a\",\"dependencies\":{\"express\":\"^4\"},\"scripts\":{\"start\":\"node index.js\"}}"), ("package-lock.json", "{}")],
            &[("package.json", "{\"name\":\"w\",\"devDependencies\":{\"vite\":\"^5\"},\"scripts\":{\"build\":\"vite build\"}}"), ("package-lock.json", "{}")],
            &[("requirements.txt", "flask\ngunicorn\npsycopg2\n")],
            &[("pom.xml", "<project><properties><java.version>21</java.version></properties></project>")],
            &[("Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n"), ("Cargo.lock", "version = 3\n")],
        ];
        files
            .iter()
            .enumerate()
            .map(|(i, fs)| {
                let dir = base.join(i.to_string());
                std::fs::create_dir_all(&dir).unwrap();
                for (name, body) in *fs {
                    std::fs::write(dir.join(name), body).unwrap();
                }
                dir
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(text) = msify::source::decode("fuzz", rest.to_vec()) else { return };
    let repo = &repos()[pick as usize % repos().len()];
    let file = SourceFile { display: "Dockerfile".into(), path: None, text: text.clone(), stamp: None };
    let report = process_source(file, repo, &Settings::default());
    if let Some(new) = &report.new_content {
        assert_eq!(report.status, Status::Rewritten);
        let df = msify::syntax::parse(new).expect("a rewrite always parses");
        assert!(df.stages().len() >= 2, "a rewrite is multi-stage");
        assert_eq!(new.starts_with('\u{feff}'), text.starts_with('\u{feff}'), "BOM state kept");
        assert_eq!(new.ends_with('\n'), text.ends_with('\n') || text.is_empty(), "final newline state kept");
        let again = process_source(SourceFile { display: "Dockerfile".into(), path: None, text: new.clone(), stamp: None }, repo, &Settings::default());
        assert!(again.new_content.is_none(), "idempotent: a second run proposes nothing");
    }
});

//! Per-file cost of msify over a corpus of repositories (each a directory with a Dockerfile):
//! parse only; the stage models every file needs whatever else changes — parse and model the
//! original, and for a rewrite parse it and model it as the pipeline does (its builder stage's
//! steps taken over from the original's): the floor under any speed target; and the full
//! pipeline (read manifests, detect, plan, edit, model and check, diff). Prints JSON for
//! bench/speed.py, which compares it with BuildKit's parser and hadolint on the same files.
//!
//!     cargo bench --bench corpus -- DIR [REPEATS]

use msify::pipeline::{process_source, Settings};
use msify::source::read_path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench corpus -- DIR [REPEATS]");
        std::process::exit(2);
    };
    let repeats: u32 = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut repos: Vec<_> = std::fs::read_dir(dir).expect("corpus dir").filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("Dockerfile").is_file()).collect();
    repos.sort();
    let settings = Settings::default();
    let knowledge = &msify::templates::Library::builtin().expect("built-in templates").knowledge;
    let (mut parse_us, mut model_us, mut rewrite_us) = (Vec::new(), Vec::new(), Vec::new());
    let mut rewritten = 0;
    for repo in &repos {
        let file = read_path(&repo.join("Dockerfile")).expect("readable");
        let t = Instant::now();
        for _ in 0..repeats {
            std::hint::black_box(msify::syntax::parse(std::hint::black_box(&file.text)).ok());
        }
        parse_us.push(t.elapsed().as_secs_f64() * 1e6 / repeats as f64);
        let rewrite = process_source(file.clone(), repo, &settings).new_content;
        let t = Instant::now();
        for _ in 0..repeats {
            let Ok(df) = msify::syntax::parse(std::hint::black_box(&file.text)) else { continue };
            let before = msify::model::model(&df, knowledge);
            if let Some(Ok(after)) = rewrite.as_deref().map(msify::syntax::parse) {
                std::hint::black_box(msify::model::model_of_rewrite(&after, knowledge, &before).stages.len());
            }
            std::hint::black_box(before.stages.len());
        }
        model_us.push(t.elapsed().as_secs_f64() * 1e6 / repeats as f64);
        let runs = (repeats / 4).max(1);
        let t = Instant::now();
        for _ in 0..runs {
            let r = process_source(file.clone(), repo, &settings);
            if r.new_content.is_some() {
                rewritten += 1;
            }
            std::hint::black_box(r);
        }
        rewrite_us.push(t.elapsed().as_secs_f64() * 1e6 / runs as f64);
    }
    let json = serde_json::json!({
        "files": repos.len(),
        "rewritten_runs": rewritten,
        "parse_us": parse_us,
        "model_us": model_us,
        "rewrite_us": rewrite_us,
    });
    println!("{json}");
}

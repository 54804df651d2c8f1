//! The HTML migration report (`msify -r --report FILE`), rendered by a real browser: headless
//! Chromium (Debian's `chromium`; `.ci/run` installs it) loads the file, runs its script, and
//! the test reads the DOM it leaves: which files a filter shows, the counts it prints. A
//! screenshot is kept in target/ for people to look at. The report must be self-contained
//! (nothing fetched) and stay one short line per file at 1,000 files.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn msify_report(paths: &[&Path], report: &Path, extra: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_msify")).args(["-r", "-q", "--report"]).arg(report).args(extra).args(paths).output().unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(report.exists(), "report written");
}

fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].into_iter().map(PathBuf::from).find(|p| p.exists());
    if found.is_none() {
        common::skip("html report in a browser", "no chromium installed (.ci/run installs Debian's chromium)");
    }
    found
}

/// Chromium, headless, offline, in a fresh profile: the DOM after the page's script ran.
fn browse(chromium: &Path, url: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap();
    assert!(o.status.success(), "chromium: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (shown, total) rows: tbody.file elements without the `hidden` attribute the filter sets.
fn rows(dom: &str) -> (usize, usize) {
    let tbodies: Vec<&str> = dom.split("<tbody class=\"file\"").skip(1).map(|t| t.split('>').next().unwrap_or("")).collect();
    (tbodies.iter().filter(|t| !t.contains("hidden")).count(), tbodies.len())
}

fn shown_text(dom: &str) -> String {
    dom.split("<span id=\"shown\">").nth(1).and_then(|s| s.split('<').next()).unwrap_or("").to_string()
}

#[test]
fn the_report_is_self_contained_and_its_filters_work_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let golden = common::repo_root().join("golden");
    msify_report(&[&golden], &report, &[]);
    let html = std::fs::read_to_string(&report).unwrap();
    for external in ["src=\"http", "href=\"http", "@import", "url(", "<link"] {
        assert!(!html.contains(external), "the report fetches nothing ({external})");
    }
    let total = html.matches("<tbody class=\"file\"").count();
    let refused = html.matches("<tbody class=\"file\" data-status=\"refused\"").count();
    let go = html.matches("data-stack=\"go\"").count();
    assert!(total > 80 && refused > 0 && go > 0, "{total} {refused} {go}");

    let Some(chromium) = chromium() else { return };
    let url = format!("file://{}", report.display());
    let dom = browse(&chromium, &url, &["--dump-dom"]);
    assert_eq!(rows(&dom), (total, total), "everything shown at first");
    assert_eq!(shown_text(&dom), format!("{total} of {total} shown"));

    let dom = browse(&chromium, &format!("{url}#status=refused"), &["--dump-dom"]);
    assert_eq!(rows(&dom), (refused, total), "a shared #status=refused link shows the refusals only");
    assert!(dom.contains("class=\"reason\""), "refusals carry their reason");

    let dom = browse(&chromium, &format!("{url}#stack=go&q=cgo"), &["--dump-dom"]);
    let want = html.split("<tbody class=\"file\"").skip(1).filter(|t| t.contains("data-stack=\"go\"") && t.split('>').next().unwrap().contains("cgo")).count();
    assert!(want > 0);
    assert_eq!(rows(&dom).0, want, "stack and path filters combine");

    let shot = common::repo_root().join("target/html-report.png");
    browse(&chromium, &format!("{url}#status=rewritten,refused"), &[&format!("--screenshot={}", shot.display()), "--window-size=1400,1000"]);
    assert!(std::fs::metadata(&shot).map(|m| m.len() > 10_000).unwrap_or(false), "a screenshot in {}", shot.display());
}

#[test]
fn a_thousand_files_stay_one_folded_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let golden = common::repo_root().join("golden");
    let cases: Vec<PathBuf> = std::fs::read_dir(&golden).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("Dockerfile").exists()).collect();
    let mut n = 0;
    'copies: for copy in 0.. {
        for case in &cases {
            let to = dir.path().join(format!("repo{copy:02}-{}", case.file_name().unwrap().to_string_lossy()));
            std::fs::create_dir_all(&to).unwrap();
            for e in std::fs::read_dir(case).unwrap() {
                let e = e.unwrap();
                if e.file_type().unwrap().is_file() && !e.file_name().to_string_lossy().starts_with("expected") {
                    std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
                }
            }
            n += 1;
            if n == 1000 {
                break 'copies;
            }
        }
    }
    let report = dir.path().join("report.html");
    msify_report(&[dir.path()], &report, &[]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert_eq!(html.matches("<tbody class=\"file\"").count(), 1000);
    assert!(!html.contains("<details open"), "every file starts folded");
    assert!(html.len() < 8_000_000, "{} bytes", html.len());

    let Some(chromium) = chromium() else { return };
    // repo01-*: the second copy of the goldens, there as long as fewer than 1000 cases fill the
    // 1000 files (repo07 vanished once the goldens passed 142).
    let dom = browse(&chromium, &format!("file://{}#q=repo01-", report.display()), &["--dump-dom"]);
    let shown = rows(&dom).0;
    assert!(shown > 0 && shown < 1000, "{shown}");
    assert_eq!(shown_text(&dom), format!("{shown} of 1000 shown"));
}

#[test]
fn measured_sizes_replace_the_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let case = common::repo_root().join("golden/go-root");
    let measured = dir.path().join("verify.jsonl");
    let path = case.join("Dockerfile").display().to_string();
    std::fs::write(&measured, format!("{{\"path\":\"{path}\",\"original\":{{\"size_bytes\":920000000}},\"rewritten\":{{\"size_bytes\":6000000}},\"passed\":true}}\n")).unwrap();
    let report = dir.path().join("report.html");
    msify_report(&[&case], &report, &["--measured", measured.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("920 → 6.0 <small>measured, verify passed</small>"), "{}", html.split("<tbody").nth(1).unwrap_or(""));

    let o = Command::new(env!("CARGO_BIN_EXE_msify")).args(["-r", "--report"]).arg(dir.path().join("r2.html")).args(["--measured", "/nonexistent.json"]).arg(&case).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--measured names a file"), "{}", String::from_utf8_lossy(&o.stderr));
}

//! Every rewrite of a generated Dockerfile passes the stage model on its own merits: msify never
//! proposes a rewrite that the model would have to stop (that check is a safety net in the
//! pipeline, and a refusal it produces is a planner defect). The generated files carry the
//! shapes that broke rewrites of real repositories (tests/common/stage_grammar.rs). A rewrite
//! is re-checked here independently: parsed, walked by the model with the original's own
//! findings set aside, and no error may remain. Refusals must name a reason; the test fails if
//! most files are refused, so it cannot pass by refusing.

mod common;

use common::stage_grammar::{self, Stack};
use msify::pipeline::{process_source, Settings, Status};
use msify::source::SourceFile;
use proptest::test_runner::{Config, TestRunner};
use std::cell::RefCell;

#[test]
fn generated_rewrites_pass_the_stage_model() {
    let base = tempfile::tempdir().unwrap();
    let contexts = [Stack::Python, Stack::Node].map(|s| {
        let d = base.path().join(format!("{s:?}"));
        std::fs::create_dir_all(&d).unwrap();
        stage_grammar::write_context(&d, s);
        (s, d)
    });
    let knowledge = &msify::templates::Library::builtin().unwrap().knowledge;
    let tally: RefCell<(usize, usize, Vec<String>)> = RefCell::new((0, 0, Vec::new()));
    let mut runner = TestRunner::new(Config { cases: 300, failure_persistence: None, ..Config::default() });
    runner
        .run(&stage_grammar::spec(), |spec| {
            let text = spec.render();
            let context = &contexts.iter().find(|(s, _)| *s == spec.stack).unwrap().1;
            let file = SourceFile { display: "Dockerfile".into(), path: None, text: text.clone(), stamp: None };
            let report = process_source(file, context, &Settings::default());
            match report.status {
                Status::Rewritten => {
                    let new = report.new_content.clone().unwrap();
                    let original = msify::syntax::parse(&text).unwrap();
                    let rewrite = msify::syntax::parse(&new).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("the rewrite does not parse: {}\n{new}", e.message)))?;
                    let mut findings = msify::check::check_text(&rewrite, knowledge);
                    msify::check::attribute(&original, &rewrite, knowledge, &report.replaced_programs, &mut findings);
                    let blamed: Vec<String> = msify::check::blamed_on_rewrite(&findings).iter().map(|f| format!("line {}: {}", f.line, f.message)).collect();
                    proptest::prop_assert!(blamed.is_empty(), "{spec:?}\n--- original\n{text}--- rewrite\n{new}--- stage model\n{}", blamed.join("\n"));
                    tally.borrow_mut().0 += 1;
                }
                Status::Refused => {
                    let reason = report.reason.clone().unwrap_or_default();
                    proptest::prop_assert!(!reason.contains("fails its stage model"), "msify planned a rewrite its own stage model stops:\n{spec:?}\n{text}\n{reason}");
                    proptest::prop_assert!(!reason.is_empty());
                    let mut t = tally.borrow_mut();
                    t.1 += 1;
                    if !t.2.contains(&reason) {
                        t.2.push(reason);
                    }
                }
                other => proptest::prop_assert!(false, "{other:?} for\n{text}\n{:?}", report.error),
            }
            Ok(())
        })
        .unwrap();
    let (rewritten, refused, reasons) = tally.into_inner();
    eprintln!("{rewritten} rewritten, {refused} refused; reasons:\n{}", reasons.join("\n"));
    assert!(rewritten * 2 > rewritten + refused, "most generated files must be rewritten: {rewritten} rewritten, {refused} refused:\n{}", reasons.join("\n"));
}

//! Arbitrary bytes through the reader and the parser: never a panic; whatever parses tiles the
//! input byte for byte, and every accessor stays inside it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = msify::source::decode("fuzz", data.to_vec()) else { return };
    let Ok(df) = msify::syntax::parse(&text) else { return };
    let mut at = 0;
    for item in &df.items {
        assert_eq!(item.span.start, at, "items must tile the input");
        at = item.span.end;
    }
    assert_eq!(at, text.len());
    for (_, ins) in df.instructions() {
        assert!(ins.content_end <= text.len());
        if let Some(info) = ins.from_info() {
            if let Some(span) = info.image_span {
                assert!(span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
        let _ = ins.words(df.escape);
    }
    let _ = df.stages();
    let _ = df.global_args();
});

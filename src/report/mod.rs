//! Rendering results for people (text, optionally coloured) and machines (JSON).

mod batch;
mod detect;
mod diff;
mod html;
mod markdown;
mod rewrite;

pub use batch::{batch_json, github_annotations, sarif, summary_text, totals, write_batch_json};
pub use detect::{detection_json, detection_text};
pub use diff::{colorize, unified_diff};
pub use html::{html, Measured};
pub use markdown::markdown;
pub use rewrite::{report_json, report_text};

/// Text for HTML (`&`, `<`, `>`), as the markdown comment and the HTML report embed it.
pub(crate) fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Styling that degrades to plain text when colour is off.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn paint(&self, text: &str, style: console::Style) -> String {
        if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }
    pub fn bold(&self, t: &str) -> String {
        self.paint(t, console::Style::new().bold())
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint(t, console::Style::new().dim())
    }
    pub fn red(&self, t: &str) -> String {
        self.paint(t, console::Style::new().red())
    }
    pub fn green(&self, t: &str) -> String {
        self.paint(t, console::Style::new().green())
    }
    pub fn yellow(&self, t: &str) -> String {
        self.paint(t, console::Style::new().yellow())
    }
    pub fn cyan(&self, t: &str) -> String {
        self.paint(t, console::Style::new().cyan())
    }
}

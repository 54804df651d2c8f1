//! msify: rewrite a single-stage Dockerfile into a multi-stage one ("build fat, ship thin").
//!
//! The pipeline, one module per step:
//! [`target`] says what a PATH means (Dockerfile + build context) and [`discover`] finds many
//! → [`source`] reads input safely → [`syntax`] parses it losslessly → [`detect`] says what the
//! repository is (and [`compose`] which other commands start its image) → [`templates`] hold the builder/runtime pairs ([`config`] adds the user's) →
//! [`plan`] decides what moves where → [`rewrite`] applies byte edits to the original →
//! [`report`] renders diff, text, JSON, GitHub annotations, SARIF → [`write`](mod@write) replaces the file
//! atomically. [`pipeline`] runs the steps for one file; [`verify`] proves a rewrite with a real
//! engine; [`cli`] wires it all to the command line (`main.rs` only calls [`cli::main`]).

pub mod check;
pub mod cli;
pub mod compose;
pub mod config;
pub mod detect;
pub mod discover;
pub mod error;
pub mod fsview;
pub mod pipeline;
pub mod model;
pub mod onbuild;
pub mod paths;
pub mod plan;
pub mod report;
pub mod rewrite;
pub mod shell;
pub mod source;
pub mod syntax;
pub mod target;
pub mod templates;
pub mod verify;
pub mod write;

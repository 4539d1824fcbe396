//! How replies read: the interviewer's wording, written once as a small rich-text document
//! and rendered by each shell (plain text in a terminal, escaped HTML on Telegram).

pub mod dispute;
mod doc;
mod wording;

pub use doc::{Block, Doc, Span, escape_html, span};
pub use wording::{
    Medium, bar, command_items, domain_options, render, result_brief, result_details,
    stage_heading, strong_answer, summary_review,
};

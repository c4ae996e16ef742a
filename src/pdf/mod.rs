//! Printing: Thai typesetting (harfrust shaping, word-boundary line breaking, a page model)
//! and PDF output with printpdf, for forms, process sheets and the whole manual.

use std::path::Path;

pub mod case_sheet;
pub mod compose;
pub mod flowchart;
pub mod fonts;
pub mod form;
pub mod manual;
pub mod memo;
pub mod page;
pub mod picture;
pub mod process;
pub mod report;
pub mod settings;
pub mod shape;
pub mod table;
pub mod writer;

pub use fonts::{FontSet, FontWarning};
pub use page::{Document, Item, Page, Weight};
pub use writer::write;

/// Writes to a temporary file beside `out` and renames it, so a failed write never leaves a
/// half-written PDF (or destroys the old one).
pub fn write_file_atomically(out: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::atomic_file::write(out, bytes)
}

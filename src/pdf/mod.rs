//! Printing: Thai typesetting (harfrust shaping, word-boundary line breaking, a page model)
//! and PDF output with printpdf, for forms, process sheets and the whole manual.

use std::path::Path;

pub mod compose;
pub mod flowchart;
pub mod fonts;
pub mod form;
pub mod manual;
pub mod page;
pub mod process;
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
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, out).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

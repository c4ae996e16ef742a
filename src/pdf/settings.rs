//! The officer's print settings: which digits generated text uses and an optional TH Sarabun
//! New/PSK font file to print with instead of the bundled Sarabun.

use super::compose::Digits;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintSettings {
    /// `true` (the default) prints numbers, dates and page numbers in Thai digits.
    pub arabic_digits: bool,
    /// A font file chosen by the officer; empty for the bundled Sarabun.
    pub font_path: String,
    /// Office-use sections print empty for handwriting, even when the record fills them.
    pub office_blank: bool,
}

impl PrintSettings {
    pub const KEY: &'static str = "print";

    pub fn digits(&self) -> Digits {
        if self.arabic_digits {
            Digits::Arabic
        } else {
            Digits::Thai
        }
    }

    pub fn font(&self) -> Option<&std::path::Path> {
        let p = self.font_path.trim();
        (!p.is_empty()).then(|| std::path::Path::new(p))
    }
}

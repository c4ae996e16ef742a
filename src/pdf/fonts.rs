//! The faces a document is set in: the bundled Sarabun, or a TH Sarabun New/PSK file the
//! officer chose. Each face is parsed and its shaper data built once per process.

use harfrust::{FontRef, ShaperData};
use read_fonts::TableProvider;
use std::path::Path;
use std::sync::OnceLock;

pub static SARABUN_REGULAR: &[u8] = include_bytes!("../../fonts/Sarabun-Regular.ttf");
pub static SARABUN_BOLD: &[u8] = include_bytes!("../../fonts/Sarabun-Bold.ttf");

/// One font file, ready to shape with and to measure.
pub struct Face {
    pub bytes: &'static [u8],
    /// PostScript-style name for the PDF (no spaces).
    pub name: String,
    pub shaper_data: ShaperData,
    pub units_per_em: f32,
    pub ascender: f32,
    pub descender: f32,
    /// Shape plans by (script, direction): building one costs more than shaping a word.
    plans: std::sync::Mutex<
        Vec<(
            harfrust::Script,
            harfrust::Direction,
            std::sync::Arc<harfrust::ShapePlan>,
        )>,
    >,
}

impl Face {
    /// Parses a face; `None` when the bytes are not a usable TrueType/OpenType font.
    pub fn parse(bytes: &'static [u8], fallback_name: &str) -> Option<Face> {
        let font = FontRef::new(bytes).ok()?;
        let head = font.head().ok()?;
        let hhea = font.hhea().ok()?;
        font.cmap().ok()?;
        font.hmtx().ok()?;
        let units_per_em = f32::from(head.units_per_em());
        if units_per_em <= 0.0 {
            return None;
        }
        let name = postscript_name(&font).unwrap_or_else(|| fallback_name.to_owned());
        Some(Face {
            bytes,
            name,
            shaper_data: ShaperData::new(&font),
            units_per_em,
            ascender: f32::from(hhea.ascender().to_i16()),
            descender: f32::from(hhea.descender().to_i16()),
            plans: std::sync::Mutex::default(),
        })
    }

    pub fn font_ref(&self) -> FontRef<'static> {
        // Checked in `parse`; the bytes never change.
        FontRef::new(self.bytes).unwrap_or_else(|_| unreachable!("face bytes were parsed before"))
    }

    /// The cached plan for a buffer's script and direction, made on first use.
    pub fn plan(
        &self,
        shaper: &harfrust::Shaper<'_>,
        script: harfrust::Script,
        direction: harfrust::Direction,
    ) -> std::sync::Arc<harfrust::ShapePlan> {
        let mut plans = match self.plans.lock() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((_, _, p)) = plans
            .iter()
            .find(|(s, d, _)| *s == script && *d == direction)
        {
            return std::sync::Arc::<harfrust::ShapePlan>::clone(p);
        }
        let plan = std::sync::Arc::new(harfrust::ShapePlan::new(
            shaper,
            direction,
            Some(script),
            None,
            &[],
        ));
        plans.push((
            script,
            direction,
            std::sync::Arc::<harfrust::ShapePlan>::clone(&plan),
        ));
        plan
    }

    /// Height of one line at `size` pt: the font's own ascender to descender, which leaves
    /// room for a tone mark stacked on an upper vowel.
    pub fn line_height(&self, size: f32) -> f32 {
        (self.ascender - self.descender) / self.units_per_em * size
    }

    pub fn ascent(&self, size: f32) -> f32 {
        self.ascender / self.units_per_em * size
    }
}

fn postscript_name(font: &FontRef<'_>) -> Option<String> {
    let name = font.name().ok()?;
    let data = name.string_data();
    name.name_record()
        .iter()
        .filter(|r| r.name_id() == read_fonts::types::NameId::POSTSCRIPT_NAME)
        .find_map(|r| r.string(data).ok().map(|s| s.chars().collect::<String>()))
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_graphic() && *c != '/')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
}

/// Regular and bold faces of one document.
pub struct FontSet {
    pub regular: Face,
    pub bold: Face,
    /// Which font is printed, for the settings page ("Sarabun (ในโปรแกรม)" or the file name).
    pub description: String,
}

/// Why a chosen font file was not used (the document then prints in Sarabun).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontWarning(pub String);

impl std::fmt::Display for FontWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl FontSet {
    /// The bundled Sarabun, parsed once.
    pub fn bundled() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| {
            let parse = |bytes, name| {
                Face::parse(bytes, name)
                    .unwrap_or_else(|| unreachable!("the bundled Sarabun is a valid font"))
            };
            FontSet {
                regular: parse(SARABUN_REGULAR, "Sarabun-Regular"),
                bold: parse(SARABUN_BOLD, "Sarabun-Bold"),
                description: "Sarabun (ติดตั้งมากับโปรแกรม)".into(),
            }
        })
    }

    /// The faces for a document: the officer's font file when one is set and usable, else
    /// the bundled Sarabun with a warning saying why. A bold file next to the chosen one
    /// (“… Bold.ttf”) is used for headings; without one the regular face serves both.
    /// Loaded files are kept for the life of the process (one per path).
    pub fn with_custom(path: Option<&Path>) -> (&'static FontSet, Option<FontWarning>) {
        let Some(path) = path else {
            return (FontSet::bundled(), None);
        };
        static CUSTOM: OnceLock<std::sync::Mutex<Vec<(std::path::PathBuf, &'static FontSet)>>> =
            OnceLock::new();
        let cache = CUSTOM.get_or_init(Default::default);
        if let Ok(list) = cache.lock()
            && let Some((_, set)) = list.iter().find(|(p, _)| p == path)
        {
            return (set, None);
        }
        match load_custom(path) {
            Ok(set) => {
                let set: &'static FontSet = Box::leak(Box::new(set));
                if let Ok(mut list) = cache.lock() {
                    list.push((path.to_path_buf(), set));
                }
                (set, None)
            }
            Err(why) => (
                FontSet::bundled(),
                Some(FontWarning(format!(
                    "ใช้ฟอนต์ {} ไม่ได้ ({why}) จึงพิมพ์ด้วย Sarabun ที่มากับโปรแกรมแทน",
                    path.display()
                ))),
            ),
        }
    }
}

fn load_custom(path: &Path) -> Result<FontSet, String> {
    let read = |p: &Path| -> Result<&'static [u8], String> {
        let bytes = std::fs::read(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "ไม่พบไฟล์".to_owned(),
            _ => format!("อ่านไฟล์ไม่ได้: {e}"),
        })?;
        Ok(Box::leak(bytes.into_boxed_slice()))
    };
    let bytes = read(path)?;
    let regular = Face::parse(bytes, "CustomThai").ok_or("ไฟล์นี้ไม่ใช่ฟอนต์ TrueType/OpenType")?;
    if !covers_thai(&regular) {
        return Err("ฟอนต์นี้ไม่มีอักษรไทย".into());
    }
    let bold = bold_sibling(path)
        .and_then(|p| read(&p).ok())
        .and_then(|b| Face::parse(b, "CustomThai-Bold"));
    let bold = match bold {
        Some(b) => b,
        None => Face::parse(bytes, "CustomThai").ok_or("ไฟล์นี้ไม่ใช่ฟอนต์")?,
    };
    let description = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(FontSet {
        regular,
        bold,
        description,
    })
}

fn covers_thai(face: &Face) -> bool {
    let font = face.font_ref();
    let Ok(cmap) = font.cmap() else { return false };
    ['ก', 'า', '่']
        .iter()
        .all(|&c| cmap.map_codepoint(c).is_some_and(|g| g.to_u32() != 0))
}

/// "THSarabunNew.ttf" → "THSarabunNew Bold.ttf" (the name TH Sarabun New ships with), or
/// "…-Bold.ttf" / "… Bold.ttf" forms of the same stem.
fn bold_sibling(path: &Path) -> Option<std::path::PathBuf> {
    let dir = path.parent()?;
    let stem = path.file_stem()?.to_str()?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("ttf");
    let base = stem
        .trim_end_matches("-Regular")
        .trim_end_matches(" Regular")
        .to_owned();
    [
        format!("{base} Bold"),
        format!("{base}-Bold"),
        format!("{base}Bold"),
    ]
    .into_iter()
    .map(|s| dir.join(format!("{s}.{ext}")))
    .find(|p| p.is_file())
}

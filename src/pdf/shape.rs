//! Shaping with harfrust: text → glyph ids with advances and mark offsets, Thai and other
//! scripts shaped as separate runs (a mixed string shaped as one Latin run can lose Sarabun's
//! tone marks).

use super::fonts::Face;
use harfrust::{ShapeOptions, UnicodeBuffer};

/// One glyph placed relative to the start of the shaped text, in points (y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    /// Where the glyph is drawn (pen position plus the shaper's offset).
    pub x: f32,
    pub y: f32,
    /// Pen position after this glyph.
    pub pen_after: f32,
    /// Byte offset in the text of the cluster this glyph belongs to.
    pub cluster: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub width: f32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Thai,
    Other,
    Neutral,
}

fn script_of(c: char) -> Script {
    if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
        Script::Thai
    } else if c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '–' | '—')
    {
        Script::Neutral
    } else {
        Script::Other
    }
}

/// Byte ranges of the script runs of `text`; neutral characters join the run before them
/// (or the first run, at the start).
pub fn script_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<(std::ops::Range<usize>, Script)> = Vec::new();
    for (i, c) in text.char_indices() {
        let s = script_of(c);
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some((r, rs)) if s == Script::Neutral || s == *rs || *rs == Script::Neutral => {
                r.end = end;
                if *rs == Script::Neutral {
                    *rs = s;
                }
            }
            _ => runs.push((i..end, s)),
        }
    }
    runs.into_iter().map(|(r, _)| r).collect()
}

/// Shapes `text` in `face` at `size` pt.
pub fn shape(face: &Face, text: &str, size: f32) -> Shaped {
    let font = face.font_ref();
    let shaper = face.shaper_data.shaper(&font).build();
    let scale = size / face.units_per_em;
    let mut out = Shaped::default();
    let mut pen = 0.0f32;
    for run in script_runs(text) {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&text[run.clone()]);
        buffer.guess_segment_properties();
        // A direction is always guessed; text with no script of its own shapes as Latin.
        let script = buffer.script();
        let shaped = if buffer.direction() == harfrust::Direction::Invalid {
            shaper.shape(buffer, ShapeOptions::new())
        } else {
            let plan = face.plan(&shaper, script, buffer.direction());
            shaper.shape(buffer, ShapeOptions::new().plan(Some(&plan)))
        };
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let x = pen + pos.x_offset as f32 * scale;
            let y = pos.y_offset as f32 * scale;
            pen += pos.x_advance as f32 * scale;
            out.glyphs.push(Glyph {
                gid: u16::try_from(info.glyph_id).unwrap_or(0),
                x,
                y,
                pen_after: pen,
                cluster: run.start + info.cluster as usize,
            });
        }
    }
    out.width = pen;
    out
}

/// Width of `text` in points.
pub fn measure(face: &Face, text: &str, size: f32) -> f32 {
    shape(face, text, size).width
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::FontSet;

    #[test]
    fn thai_and_latin_are_separate_runs() {
        let t = "ระบบ AMSS++ รุ่น 2.5 (๒๕๖๙)";
        let runs: Vec<&str> = script_runs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(runs, ["ระบบ ", "AMSS++ ", "รุ่น ", "2.5 (", "๒๕๖๙)"]);
    }

    #[test]
    fn tone_mark_over_upper_vowel_is_raised_and_nothing_is_lost() {
        let f = &FontSet::bundled().regular;
        let s = shape(f, "ที่", 16.0);
        assert_eq!(s.glyphs.len(), 3);
        // The tone mark sits higher than the upper vowel it stacks on, or is a raised form.
        assert!(s.glyphs.iter().all(|g| g.gid != 0), "{s:?}");
        let s = shape(f, "ปั้น", 16.0);
        assert!(s.width > 0.0 && s.glyphs.iter().all(|g| g.gid != 0));
    }
}

//! Thai line breaking at dictionary word boundaries.
//!
//! Thai is written without spaces between words, and egui only wraps at whitespace, so the
//! app finds break opportunities with ICU4X's dictionary line segmenter and lays lines out
//! from measured widths. The same helper serves the screen and (later) the PDF typesetter.

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use std::ops::Range;

/// Characters that must never begin a line (ไม้ยมก and closing punctuation).
fn cannot_start_line(c: char) -> bool {
    matches!(
        c,
        'ๆ' | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
            | '»'
            | '…'
            | 'ฯ'
    )
}

static KEEP_TOGETHER_FILE: &str = include_str!("../../assets/thai/keep_together.txt");

/// The project's words never broken across lines (`assets/thai/keep_together.txt`): words of
/// the manual that ICU's dictionary splits into their parts ("เจ้า|หน้าที่", "ทาง|ไกล").
pub fn keep_together() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        KEEP_TOGETHER_FILE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Byte ranges of `text` covered by a keep-together word.
fn kept_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    for w in keep_together() {
        let finder = memchr::memmem::Finder::new(w.as_bytes());
        for at in finder.find_iter(text.as_bytes()) {
            spans.push(at..at + w.len());
        }
    }
    spans
}

/// Byte offsets where a line may break, in increasing order, excluding 0 and including
/// `text.len()`. Offsets follow ICU's dictionary segmentation for Thai and UAX #14 for the rest,
/// with the Thai rule that ๆ and closing punctuation never start a line, and never fall inside
/// one of the project's keep-together words.
pub fn break_opportunities(text: &str) -> Vec<usize> {
    let segmenter = LineSegmenter::new_dictionary(LineBreakOptions::default());
    let spans = if text.is_ascii() {
        Vec::new()
    } else {
        kept_spans(text)
    };
    segmenter
        .segment_str(text)
        .filter(|&i| i > 0)
        .filter(|&i| i == text.len() || !text[i..].chars().next().is_some_and(cannot_start_line))
        .filter(|&i| !spans.iter().any(|s| s.start < i && i < s.end))
        .collect()
}

/// Splits `text` into lines no wider than `max_width` (as measured by `measure`), breaking only
/// at word boundaries; a single word wider than the line is the only thing broken inside, at a
/// character boundary that does not separate a base letter from its marks. Explicit `\n` always
/// breaks. Returned ranges exclude the trailing whitespace and newline of each line.
pub fn wrap_lines(
    text: &str,
    max_width: f32,
    mut measure: impl FnMut(&str) -> f32,
) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut para_start = 0;
    for para in text.split('\n') {
        wrap_paragraph(para_start, para, max_width, &mut measure, &mut lines);
        para_start += para.len() + 1;
    }
    lines
}

fn wrap_paragraph(
    offset: usize,
    para: &str,
    max_width: f32,
    measure: &mut impl FnMut(&str) -> f32,
    lines: &mut Vec<Range<usize>>,
) {
    if para.trim().is_empty() {
        lines.push(offset..offset);
        return;
    }
    // Each piece (a word and the spaces after it) is measured once; a line's width is the sum of
    // its pieces, without the last piece's trailing spaces.
    let mut line_start = 0;
    let mut line_width = 0.0f32;
    let mut piece_start = 0;
    for end in break_opportunities(para) {
        let piece = &para[piece_start..end];
        let trimmed = piece.trim_end();
        let piece_width = measure(piece);
        let ink_width = if trimmed.len() == piece.len() {
            piece_width
        } else {
            measure(trimmed)
        };
        if line_start < piece_start && line_width + ink_width > max_width {
            push_line(offset, para, line_start, piece_start, lines);
            line_start = piece_start;
            line_width = 0.0;
        }
        if line_start == piece_start && ink_width > max_width {
            // One word wider than the line: break it inside, at cluster boundaries.
            let mut start = piece_start;
            let word_end = piece_start + trimmed.len();
            while start < word_end && measure(&para[start..word_end]) > max_width {
                let cut = longest_fitting_prefix(para, start, word_end, max_width, measure);
                push_line(offset, para, start, cut, lines);
                start = cut;
            }
            line_start = start;
            line_width = measure(&para[start..end]);
        } else {
            line_width += piece_width;
        }
        piece_start = end;
    }
    if line_start < para.len() {
        push_line(offset, para, line_start, para.len(), lines);
    }
}

fn push_line(offset: usize, para: &str, start: usize, end: usize, lines: &mut Vec<Range<usize>>) {
    let trimmed = para[start..end].trim_end().len();
    lines.push(offset + start..offset + start + trimmed);
}

/// Thai marks and combining characters that belong to the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' | 'ำ')
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

fn longest_fitting_prefix(
    para: &str,
    start: usize,
    end: usize,
    max_width: f32,
    measure: &mut impl FnMut(&str) -> f32,
) -> usize {
    let mut best = None;
    for (i, c) in para[start..end].char_indices().skip(1) {
        if is_mark(c) || cannot_start_line(c) {
            continue;
        }
        let at = start + i;
        if measure(&para[start..at]) > max_width {
            break;
        }
        best = Some(at);
    }
    // Always make progress: at least one cluster per line.
    best.unwrap_or_else(|| {
        para[start..end]
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !is_mark(c) && !cannot_start_line(c))
            .map_or(end, |(i, _)| start + i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for font measurement: every character one unit wide, marks zero.
    fn units(s: &str) -> f32 {
        s.chars().filter(|&c| !is_mark(c)).count() as f32
    }

    fn wrap(text: &str, width: f32) -> Vec<&str> {
        wrap_lines(text, width, units)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn breaks_thai_only_at_dictionary_words() {
        let text = "เพื่อศึกษาวิเคราะห์จัดทำแผนพัฒนาคุณภาพด้านเทคโนโลยีดิจิทัลเพื่อการศึกษาที่สอดคล้องกับสถานการณ์ปัจจุบัน";
        let words = [
            "เพื่อ",
            "ศึกษา",
            "วิเคราะห์",
            "จัดทำ",
            "แผน",
            "พัฒนา",
            "คุณภาพ",
            "ด้าน",
            "เทคโนโลยี",
            "ดิจิทัล",
            "การ",
            "ที่",
            "สอดคล้อง",
            "กับ",
            "สถานการณ์",
            "ปัจจุบัน",
        ];
        for width in [8.0, 12.0, 17.0, 25.0] {
            let lines = wrap(text, width);
            assert!(lines.len() > 1, "width {width} should wrap");
            assert_eq!(lines.concat(), text, "no text lost or added");
            for line in &lines {
                assert!(units(line) <= width, "line {line:?} wider than {width}");
                // Every line must begin with one of the sentence's words, never mid-word.
                assert!(
                    words.iter().any(|w| line.starts_with(w)),
                    "line {line:?} does not start at a word boundary (width {width})"
                );
            }
        }
    }

    #[test]
    fn never_cuts_known_words() {
        let text = "สถานการณ์ปัจจุบันสถานการณ์ปัจจุบันสถานการณ์";
        for width in 9..30 {
            for line in wrap(text, width as f32) {
                assert!(!line.starts_with("นการณ์"), "cut สถา|นการณ์ at width {width}");
                assert!(!line.starts_with("จุบัน"), "cut ปัจ|จุบัน at width {width}");
            }
        }
    }

    #[test]
    fn mai_yamok_never_starts_a_line() {
        let text = "อุปกรณ์ต่างๆ ที่เกี่ยวข้องกับระบบต่างๆ";
        for width in 3..40 {
            for line in wrap(text, width as f32) {
                assert!(
                    !line.starts_with('ๆ'),
                    "line starts with ๆ at width {width}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn long_word_is_broken_at_cluster_boundaries_only() {
        let text = "ผู้อำนวยการ";
        let lines = wrap(text, 3.0);
        assert_eq!(lines.concat(), text);
        for line in lines {
            let first = line.chars().next().expect("non-empty line");
            assert!(!is_mark(first), "line {line:?} starts with a mark");
        }
    }

    #[test]
    fn spaces_and_newlines_break_and_are_trimmed() {
        assert_eq!(wrap("ก ข\nค", 10.0), vec!["ก ข", "ค"]);
        assert_eq!(wrap("abc def ghi", 7.0), vec!["abc def", "ghi"]);
        assert_eq!(wrap("", 5.0), vec![""]);
    }
}

//! บันทึกข้อความ as the ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ lays it out: the Garuda
//! 1.5 cm tall at the top left (its space kept when no image is set), "บันทึกข้อความ" in
//! 29 pt bold, the headings ส่วนราชการ / ที่ / วันที่ / เรื่อง in 20 pt bold with their text
//! in 16 pt, เรียน, the body with paragraphs indented 2.5 cm, and the signature block; margins
//! 3 cm left, 2 cm right, 1.5 cm top. A4 portrait.

use super::compose::{Align, Composer, Digits, Style};
use super::fonts::FontSet;
use super::page::{A4_PORTRAIT, CM, Document, Item};
use crate::cases::memo::MemoDraft;

/// Heading size (ส่วนราชการ, ที่, วันที่, เรื่อง).
const HEADING: f32 = 20.0;
/// The title "บันทึกข้อความ".
const TITLE: f32 = 29.0;
/// The Garuda's height.
const GARUDA: f32 = 1.5 * CM;

/// A heading word and its text on one line (the text's baseline on the heading's), the
/// text wrapping to the left margin; from `x` when given.
fn heading(
    c: &mut Composer<'_>,
    label: &str,
    value: &str,
    x: Option<f32>,
    width: Option<f32>,
) -> f32 {
    let bold = Style::BOLD.sized(HEADING);
    let lh = c.line_height(HEADING);
    c.ensure(lh);
    let x0 = x.unwrap_or_else(|| c.left());
    let right = width.map_or_else(|| c.right(), |w| x0 + w);
    let lw = c.measure(label, bold);
    let top = c.y;
    c.line_at(x0, top, lw, label, lw, bold);
    let shift = c.face(super::page::Weight::Bold).ascent(HEADING)
        - c.face(super::page::Weight::Regular)
            .ascent(Style::BODY.size);
    let vx = x0 + lw + 8.0;
    let lines = c.wrap_hanging(value, Style::BODY, right - vx, right - c.left());
    let mut y = top;
    for (i, (line, w)) in lines.iter().enumerate() {
        let (lx, ly, lwid) = if i == 0 {
            (vx, top + shift, right - vx)
        } else {
            (c.left(), y + shift, right - c.left())
        };
        c.line_at(lx, ly, lwid, line, *w, Style::BODY);
        if i + 1 < lines.len() {
            y += c.line_height(Style::BODY.size);
        }
    }
    y + lh - top
}

/// The memo as a document.
pub fn memo_document(m: &MemoDraft, digits: Digits, fonts: &FontSet) -> Document {
    let mut c = Composer::new(fonts, A4_PORTRAIT, digits);
    c.margins.top = 1.5 * CM;
    c.y = c.margins.top;
    let top = c.y;
    if !m.garuda_image.trim().is_empty() {
        // The Garuda is about as wide as it is tall.
        c.push(Item::Image {
            x: c.left(),
            y: top,
            w: GARUDA,
            h: GARUDA,
            path: m.garuda_image.trim().to_owned(),
        });
    }
    // The title's baseline sits on the Garuda's foot.
    let title = Style::BOLD.sized(TITLE).aligned(Align::Centre);
    let ascent = c.face(super::page::Weight::Bold).ascent(TITLE);
    let title_top = top + GARUDA - ascent;
    let w = c.measure("บันทึกข้อความ", title);
    let (x, width) = (c.left(), c.width());
    c.line_at(x, title_top, width, "บันทึกข้อความ", w, title);
    c.y = top + GARUDA + 6.0;
    let agency = digits.apply(&m.agency);
    let h = heading(&mut c, "ส่วนราชการ", &agency, None, None);
    c.y += h;
    let half = c.width() * 0.5;
    let reference = digits.apply(&m.reference);
    let date = digits.apply(&m.date);
    let y0 = c.y;
    let h1 = heading(&mut c, "ที่", &reference, None, Some(half - 6.0));
    c.y = y0;
    let date_x = c.left() + half;
    let h2 = heading(&mut c, "วันที่", &date, Some(date_x), None);
    c.y = y0 + h1.max(h2);
    let h = heading(&mut c, "เรื่อง", &m.subject, None, None);
    c.y += h;
    // A rule under the headings, as the form prints it.
    let y = c.y + 2.0;
    c.push(Item::Line {
        from: (c.left(), y),
        to: (c.right(), y),
        width: 0.6,
        dotted: false,
    });
    c.y += 10.0;
    c.paragraph(&format!("เรียน  {}", m.to.trim()), Style::BODY);
    c.gap(6.0);
    for para in m.body.lines().map(str::trim).filter(|p| !p.is_empty()) {
        c.paragraph_indented(&digits.apply(para), Style::BODY, 2.5 * CM, 0.0);
        c.gap(2.0);
    }
    // Signature block: three lines of room to sign, then the name and position, centred on
    // the right half.
    let lh = c.line_height(Style::BODY.size);
    c.ensure(lh * 6.0);
    c.y += lh * 2.5;
    let bx = c.left() + c.width() * 0.4;
    let bw = c.width() * 0.6;
    let name = if m.signer_name.trim().is_empty() {
        "(.................................................)".to_owned()
    } else {
        format!("({})", m.signer_name.trim())
    };
    for line in [name, m.signer_position.trim().to_owned()] {
        if line.is_empty() {
            continue;
        }
        let centred = Style::BODY.aligned(Align::Centre);
        for (l, w) in c.wrap(&line, centred, bw) {
            c.ensure(lh);
            let y = c.y;
            c.line_at(bx, y, bw, &l, w, centred);
            c.y += lh;
        }
    }
    let mut doc = c.finish();
    doc.title = format!("บันทึกข้อความ เรื่อง {}", m.subject);
    doc.subject = m.subject.clone();
    doc.keywords = vec!["memo".into()];
    doc
}

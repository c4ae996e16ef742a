//! A form template, blank or filled with a record's answers, as A4 pages that read like the
//! manual's appendix: centred bold title, office line, framed sections, numbered questions,
//! check boxes, dotted fill lines, the rating grid as a table, signature blocks.

use super::compose::{Align, BODY, Composer, Digits, Style};
use super::fonts::FontSet;
use super::page::{A4_PORTRAIT, CM, Document, Item};
use super::table::{Cell, Column, Row};
use crate::forms::OfficeProfile;
use crate::forms::answers::{Answers, display_value};
use crate::forms::template::{Field, FieldKind, Section, Template};
use chrono::NaiveDate;
use serde_json::Value;

/// What a printed form is made of besides its template.
pub struct FormPrint<'a> {
    pub template: &'a Template,
    /// `None` prints the blank form.
    pub answers: Option<&'a Answers>,
    pub record_id: Option<i64>,
    pub profile: &'a OfficeProfile,
    pub today: NaiveDate,
    pub digits: Digits,
    /// Office-use sections print empty, for handwriting, even when the record fills them.
    pub office_blank: bool,
}

/// Lays out one form; the document's metadata names the form, its version and the record.
pub fn form_document(p: &FormPrint<'_>, fonts: &FontSet) -> Document {
    // A record kept by an older version may hold a value over today's limits: it prints cut,
    // and says so, rather than exhaust the memory.
    let clipped = p.answers.map(crate::forms::limits::clipped);
    let p = &FormPrint {
        answers: clipped.as_deref(),
        ..*p
    };
    let compose = |fit: Fit| {
        let mut c = Composer::new(fonts, A4_PORTRAIT, p.digits);
        c.body = fit.body;
        if fit.tight {
            // A one-page form short of room: 1.5 cm above and below (its page number, from
            // page 2 on, sits at the top), and filled lines without room for handwriting.
            c.margins.top = 1.5 * CM;
            c.margins.bottom = 1.5 * CM;
            c.y = c.margins.top;
        }
        lay_out(&mut c, p, fit);
        c.finish()
    };
    let mut doc = compose(Fit::PLAIN);
    // A one-page form that does not fit tightens its spacing first, keeping the requester's
    // part at 16 pt (office-use blocks print at 14 pt); only a long answer beyond that steps
    // the whole form down to 15, then 14 pt (never smaller); past that it takes the second
    // page at 16 pt.
    if p.template.one_page
        && doc.pages.len() > 1
        && let Some(fits) = [BODY, 15.0, 14.0]
            .into_iter()
            .map(|body| compose(Fit { body, tight: true }))
            .find(|d| d.pages.len() == 1)
    {
        doc = fits;
    }
    doc.title = p.template.title.clone();
    let version = p.digits.apply(&p.template.version.to_string());
    doc.subject = match p.record_id {
        Some(id) => format!(
            "แบบฟอร์ม {} ฉบับที่ {version} บันทึกเลขที่ {}",
            p.template.id,
            p.digits.apply(&id.to_string())
        ),
        None => format!("แบบฟอร์ม {} ฉบับที่ {version} (ฉบับเปล่า)", p.template.id),
    };
    doc.keywords = vec![
        format!("form={}", p.template.id),
        format!("template_version={}", p.template.version),
    ];
    if let Some(id) = p.record_id {
        doc.keywords.push(format!("record_id={id}"));
    }
    doc
}

/// Several documents printed as one (pages in order, each keeping its own numbering).
pub fn concat(docs: Vec<Document>, title: &str) -> Document {
    let mut out = Document {
        title: title.to_owned(),
        ..Document::default()
    };
    for d in docs {
        if out.subject.is_empty() {
            out.subject = d.subject.clone();
        }
        out.keywords.extend(d.keywords);
        out.pages.extend(d.pages);
    }
    out
}

/// How a form is laid out: its body size, and whether a one-page form tightens its spacing.
#[derive(Debug, Clone, Copy)]
struct Fit {
    body: f32,
    tight: bool,
}

impl Fit {
    const PLAIN: Fit = Fit {
        body: BODY,
        tight: false,
    };
}

fn lay_out(c: &mut Composer<'_>, p: &FormPrint<'_>, fit: Fit) {
    let t = p.template;
    c.paragraph(&t.title, Style::BOLD.sized(18.0).aligned(Align::Centre));
    if !t.header.is_empty() {
        let header = p.profile.fill_placeholders(&t.header, p.today);
        c.paragraph(&header, Style::BODY.sized(c.body).aligned(Align::Centre));
    }
    c.gap(if fit.tight { 3.0 } else { 6.0 });
    if t.one_page {
        // Tighter fill lines throughout, so that the form fits its one page.
        c.fill_extra = 1.5;
    }
    for section in &t.sections {
        // A section of nothing but notes for whoever adapts the form is not printed.
        if !section.fields.is_empty() && section.fields.iter().all(|f| f.designer) {
            continue;
        }
        section_block(c, p, section, fit);
        c.gap(match (t.one_page, fit.tight) {
            (true, true) => 1.5,
            (true, false) => 3.0,
            _ => 6.0,
        });
    }
}

fn section_block(c: &mut Composer<'_>, p: &FormPrint<'_>, s: &Section, fit: Fit) {
    // A one-page form's office-use blocks print compact: 14 pt, tighter fill lines.
    let compact = s.office_use && p.template.one_page;
    let body = c.body;
    if compact {
        c.body = c.body.min(14.0);
    }
    let lh = c.line_height(c.body);
    // Keep a section title with at least two lines of its content.
    c.ensure(3.0 * lh + 8.0);
    let start_page = c.doc.pages.len() - 1;
    let start_y = c.y;
    let pad = if s.framed { 8.0 } else { 0.0 };
    let edge = match (p.template.one_page, fit.tight) {
        (true, true) => 1.0,
        (true, false) => 2.0,
        _ => 4.0,
    };
    let saved = c.margins;
    if s.framed {
        c.margins.left += pad;
        c.margins.right += pad;
        c.gap(edge);
    }
    // Office-use sections print what the office filled in (by hand or at a case's step);
    // left empty, or with the print option to leave them blank, they print as lines to
    // write on.
    let answers = if s.office_use && p.office_blank {
        None
    } else {
        p.answers
    };
    let mut i = 0;
    if !s.title.is_empty() {
        let title = if s.office_use && !s.title.contains("เจ้าหน้าที่") {
            format!("{} (สำหรับเจ้าหน้าที่)", s.title)
        } else {
            s.title.clone()
        };
        let style = Style::BOLD.sized(c.body);
        let tw = c.measure(&title, style);
        match s.fields.first() {
            // A first field marked `beside` shares the title's line ("ส่วนที่ ๑ … วันที่……").
            Some(f) if f.beside && tw + 12.0 + room_wanted(c, f, answers) <= c.width() => {
                c.ensure(c.line_height(c.body) + c.fill_extra);
                let (top, inner) = (c.y, c.margins);
                c.line_at(c.left(), top, tw, &title, tw, style);
                c.margins.left += tw + 12.0;
                field_block(c, p, f, answers.and_then(|a| a.get(&f.id)), false);
                c.margins = inner;
                i = 1;
            }
            _ => c.paragraph(&title, style),
        }
    }
    let extra = c.fill_extra;
    while i < s.fields.len() {
        // A field and those marked `beside` after it share one line, in equal parts.
        let n = 1 + s.fields[i + 1..].iter().take_while(|f| f.beside).count();
        let row = &s.fields[i..i + n];
        // Tight: a line that carries its value needs no room for handwriting.
        let filled = row.iter().all(|f| {
            answers
                .and_then(|a| a.get(&f.id))
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        });
        let tight_row = fit.tight && filled;
        c.fill_extra = if tight_row { 0.0 } else { extra };
        if n == 1 {
            field_block(
                c,
                p,
                &row[0],
                answers.and_then(|a| a.get(&row[0].id)),
                tight_row,
            );
        } else {
            c.ensure(c.line_height(c.body) + c.fill_extra);
            let (top, inner) = (c.y, c.margins);
            // Each part gets width in proportion to its label and its value (at least a
            // short blank), so that a long position is not squeezed beside a short name.
            let wants: Vec<f32> = row.iter().map(|f| room_wanted(c, f, answers)).collect();
            let total: f32 = wants.iter().sum();
            let width = c.width();
            if total + 10.0 * (n - 1) as f32 > width {
                // Too long to share a line without wrapping: one line each.
                for f in row {
                    field_block(c, p, f, answers.and_then(|a| a.get(&f.id)), tight_row);
                }
                i += n;
                continue;
            }
            let mut x = inner.left;
            let mut bottom = top;
            for (k, f) in row.iter().enumerate() {
                let part = width * wants[k] / total;
                c.margins.left = x + if k > 0 { 10.0 } else { 0.0 };
                c.margins.right = c.page_size.0 - (x + part);
                x += part;
                c.y = top;
                field_block(c, p, f, answers.and_then(|a| a.get(&f.id)), tight_row);
                bottom = bottom.max(c.y);
            }
            c.margins = inner;
            c.y = bottom;
        }
        i += n;
    }
    c.fill_extra = extra;
    c.margins = saved;
    if s.framed {
        c.gap(edge);
        frame(c, start_page, start_y);
    }
    c.body = body;
}

/// Draws the frame of a section that began at (`start_page`, `start_y`), one rectangle per
/// page it covers.
fn frame(c: &mut Composer<'_>, start_page: usize, start_y: f32) {
    let end_page = c.doc.pages.len() - 1;
    let (x, w) = (c.left(), c.width());
    for page in start_page..=end_page {
        let top = if page == start_page {
            start_y
        } else {
            c.margins.top
        };
        let bottom = if page == end_page { c.y } else { c.bottom() };
        c.on_page(page, |c| {
            c.push(Item::Rect {
                x,
                y: top,
                w,
                h: bottom - top,
                stroke: Some(0.9),
                fill: None,
            });
        });
    }
}

/// The width a one-line field needs on a shared line: its label and its value (at least a
/// short blank to write on).
fn room_wanted(c: &Composer<'_>, f: &Field, answers: Option<&Answers>) -> f32 {
    let style = Style::BODY.sized(c.body);
    let label = c.measure(&label_of(c, f), style);
    let value = answers
        .and_then(|a| a.get(&f.id))
        .map_or(0.0, |v| c.measure(&text_value(c, f, Some(v)), style));
    label + value.max(90.0) + 12.0
}

fn label_of(c: &Composer<'_>, f: &Field) -> String {
    let label = if f.number.is_empty() {
        f.label.clone()
    } else {
        format!("{}. {}", c.digits.apply(&f.number), f.label)
    };
    if f.kind == FieldKind::Number && !f.unit.is_empty() {
        format!("{label} ({})", f.unit)
    } else {
        label
    }
}

fn text_value(c: &Composer<'_>, f: &Field, v: Option<&Value>) -> String {
    let Some(v) = v else { return String::new() };
    let shown = display_value(f, v, true);
    match f.kind {
        // Generated text follows the digits setting; typed text prints as typed.
        FieldKind::Date | FieldKind::Number => c.digits.apply(&shown),
        _ => shown,
    }
}

/// `tight`: a filled line of a one-page form short of room (no blank lines after its value).
fn field_block(c: &mut Composer<'_>, p: &FormPrint<'_>, f: &Field, v: Option<&Value>, tight: bool) {
    let lh = c.line_height(c.body);
    match &f.kind {
        FieldKind::Text
        | FieldKind::Date
        | FieldKind::Number
        | FieldKind::Phone
        | FieldKind::Email
        | FieldKind::CitizenId => {
            let label = label_of(c, f);
            let value = text_value(c, f, v);
            c.fill_line(&label, &value, 1, 0.0);
        }
        FieldKind::LongText => {
            let label = label_of(c, f);
            let value = text_value(c, f, v);
            let lines = if tight {
                1
            } else {
                f.lines.unwrap_or(3).clamp(1, 20) as usize
            };
            // On a one-page form a short label starts the first line, as a one-line field.
            let style = Style::BODY.sized(c.body);
            if p.template.one_page && c.measure(&label, style) < c.width() * 0.62 {
                c.fill_line(&label, &value, lines, 0.0);
            } else {
                c.paragraph(&label, style);
                c.fill_line("", &value, lines, 16.0);
            }
        }
        FieldKind::Single | FieldKind::Multi => {
            let label = label_of(c, f);
            if !label.is_empty() {
                c.ensure(2.0 * lh);
                c.paragraph(&label, Style::BODY.sized(c.body));
            }
            let chosen: Vec<String> = match v {
                Some(v) if f.kind == FieldKind::Single => v
                    .get("choice")
                    .and_then(Value::as_str)
                    .map(|s| vec![s.to_owned()])
                    .unwrap_or_default(),
                Some(v) => v
                    .get("choices")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let specify = |id: &str| -> String {
                let Some(v) = v else { return String::new() };
                let s = v.get("specify");
                let text = if f.kind == FieldKind::Single {
                    s.and_then(Value::as_str)
                } else {
                    s.and_then(|s| s.get(id)).and_then(Value::as_str)
                };
                text.unwrap_or_default().to_owned()
            };
            let items: Vec<(String, bool, Option<String>)> = f
                .choices
                .iter()
                .map(|ch| {
                    let ticked = chosen.iter().any(|x| x == &ch.id);
                    let label = if ch.specify && !ch.specify_word().is_empty() {
                        format!("{} {}", ch.label, ch.specify_word())
                    } else {
                        ch.label.clone()
                    };
                    let extra = ch.specify.then(|| {
                        if ticked {
                            specify(&ch.id)
                        } else {
                            String::new()
                        }
                    });
                    (label, ticked, extra)
                })
                .collect();
            c.choices(&items, 16.0);
        }
        FieldKind::Rating => rating_grid(c, f, v),
        FieldKind::Signature => signature(c, p, f, v),
        // Notes for whoever adapts the form stay off the paper.
        FieldKind::Note if f.designer => {}
        FieldKind::Note => {
            let text = if f.text.is_empty() { &f.label } else { &f.text };
            c.paragraph(text, Style::BODY.sized(c.body));
        }
        FieldKind::Unknown(_) => {}
    }
}

fn rating_grid(c: &mut Composer<'_>, f: &Field, v: Option<&Value>) {
    let label = label_of(c, f);
    if !label.is_empty() {
        c.paragraph(&label, Style::BODY);
    }
    let scale: Vec<String> = f.scale().iter().map(|s| (*s).to_owned()).collect();
    let n = scale.len().max(1);
    let score_w = 42.0;
    let no_w = 34.0;
    let item_w = c.width() - no_w - score_w * n as f32;
    let mut columns = vec![
        Column {
            width: no_w,
            merged: false,
        },
        Column {
            width: item_w,
            merged: false,
        },
    ];
    columns.extend((0..n).map(|_| Column {
        width: score_w,
        merged: false,
    }));
    let mut header = vec![
        ("ข้อ".to_owned(), Style::BOLD.sized(14.0)),
        ("รายการ".to_owned(), Style::BOLD.sized(14.0)),
    ];
    header.extend(scale.iter().enumerate().map(|(i, s)| {
        let level = c.digits.apply(&(n - i).to_string());
        (format!("{s} ({level})"), Style::BOLD.sized(12.0))
    }));
    let mut rows = Vec::new();
    let mut number = 0;
    for g in &f.groups {
        if !g.title.is_empty() {
            rows.push(Row::Span(g.title.clone(), Style::BOLD));
        }
        for item in &g.items {
            number += 1;
            let score = v
                .and_then(|v| v.get(&item.id))
                .and_then(Value::as_u64)
                .map(|s| s as usize);
            let mut cells = vec![
                Cell::Text(
                    c.digits.apply(&number.to_string()),
                    Style::BODY.aligned(Align::Centre),
                ),
                Cell::Text(item.label.clone(), Style::BODY),
            ];
            cells.extend((0..n).map(|i| match score {
                Some(s) => Cell::Check(s == n - i),
                None => Cell::Check(false),
            }));
            rows.push(Row::Cells(cells));
        }
    }
    c.table(&columns, &header, &rows);
    c.gap(4.0);
}

/// `ลงชื่อ.....................ผู้ขอ` over `(.....................)`, position and date lines,
/// in the right half of the page.
fn signature(c: &mut Composer<'_>, p: &FormPrint<'_>, f: &Field, v: Option<&Value>) {
    let lh = c.line_height(c.body);
    let get = |k: &str| -> String {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    // The name in the parentheses: the signature's own, else the field it names (the
    // requester's name), else on a blank form the office's signer it is prefilled from.
    let from_field = || {
        let n = f.name_from.as_deref()?;
        p.answers?.get(n)?.as_str().map(str::to_owned)
    };
    let from_profile = || match (p.answers, f.prefill.as_deref()) {
        (None, Some(key @ ("director" | "head"))) => {
            p.profile.lookup(&format!("{key}.name"), p.today)
        }
        _ => None,
    };
    let name = Some(get("name"))
        .filter(|n| !n.trim().is_empty())
        .or_else(from_field)
        .or_else(from_profile)
        .unwrap_or_default();
    // `lines = 2` prints only ลงชื่อ and the name, as the appendix does for a requester.
    let short = f.lines == Some(2);
    let position = get("position");
    let date = get("date");
    let block_left = c.left() + c.width() * 0.42;
    let block_right = c.right();
    let role = if f.role.is_empty() {
        f.label.clone()
    } else {
        f.role.clone()
    };
    let style = Style::BODY.sized(c.body);
    let lw = c.measure("ลงชื่อ", style);
    // A long role ("ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา") goes on its own line under the name.
    let role_w = c.measure(&role, style);
    let long_role = role_w > (block_right - block_left) * 0.4;
    // The whole block stays on one page: its lines, the role's and the position's.
    let tw = c.measure("ตำแหน่ง", style);
    let role_lines = if long_role {
        c.wrap(&role, style, block_right - block_left).len()
    } else {
        0
    };
    let position_lines = c
        .wrap(&position, style, block_right - block_left - tw - 8.0)
        .len()
        .max(1);
    let rest = if short { 0 } else { 1 + position_lines };
    c.ensure((2 + role_lines + rest) as f32 * lh + 14.0);
    c.gap(if p.template.one_page { 4.0 } else { 8.0 });
    let (end_role, rw) = if long_role {
        ("", 0.0)
    } else {
        (role.as_str(), role_w)
    };
    // ลงชื่อ ........ role
    let top = c.y;
    c.line_at(block_left, top, lw, "ลงชื่อ", lw, style);
    c.dots(block_left + lw + 2.0, block_right - rw - 4.0, top, c.body);
    c.line_at(block_right - rw, top, rw, end_role, rw, style);
    c.y += lh;
    // ( name )
    let top = c.y;
    let pw = c.measure("(", style);
    c.line_at(block_left + lw - pw - 2.0, top, pw, "(", pw, style);
    let cw = c.measure(")", style);
    c.line_at(block_right - rw - cw, top, cw, ")", cw, style);
    let (inner_l, inner_r) = (block_left + lw + 2.0, block_right - rw - cw - 2.0);
    c.dots(inner_l, inner_r, top, c.body);
    if !name.is_empty() {
        let nw = c.measure(&name, style);
        c.line_at(
            inner_l,
            top,
            inner_r - inner_l,
            &name,
            nw,
            style.aligned(Align::Centre),
        );
    }
    c.y += lh;
    if long_role {
        let lines = c.wrap(&role, style, block_right - block_left);
        for (line, w) in lines {
            let top = c.y;
            c.line_at(
                block_left,
                top,
                block_right - block_left,
                &line,
                w,
                style.aligned(Align::Centre),
            );
            c.y += lh;
        }
    }
    if short {
        c.y += 4.0;
        return;
    }
    // ตำแหน่ง ........
    let top = c.y;
    c.line_at(block_left, top, tw, "ตำแหน่ง", tw, style);
    c.dots(block_left + tw + 2.0, block_right, top, c.body);
    if !position.is_empty() {
        let lines = c.wrap(&position, style, block_right - block_left - tw - 8.0);
        for (i, (line, w)) in lines.iter().enumerate() {
            if i > 0 {
                c.y += lh;
                let t = c.y;
                c.dots(block_left, block_right, t, c.body);
            }
            let x = if i == 0 {
                block_left + tw + 6.0
            } else {
                block_left + 4.0
            };
            let t = c.y;
            c.line_at(x, t, block_right - x, line, *w, style);
        }
    }
    c.y += lh;
    // วันที่ ........
    let top = c.y;
    let dw = c.measure("วันที่", style);
    c.line_at(block_left, top, dw, "วันที่", dw, style);
    c.dots(block_left + dw + 2.0, block_right, top, c.body);
    let shown = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map(|d| p.digits.apply(&crate::thai::date::format_long(d)))
        .unwrap_or(date);
    if !shown.is_empty() {
        let w = c.measure(&shown, style);
        c.line_at(
            block_left + dw + 6.0,
            top,
            block_right - block_left,
            &shown,
            w,
            style,
        );
    }
    c.y += lh + 4.0;
}

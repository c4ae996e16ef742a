//! The whole manual regenerated from the catalog and the templates: cover, foreword, contents
//! with page numbers, every process with sections ๑–๙ (flowcharts drawn again as vectors, the
//! standards table on landscape pages) and the appendix forms as blank forms.

use super::compose::{Align, Composer, Digits, Style, number_pages};
use super::flowchart::{self, layout_for_print};
use super::fonts::FontSet;
use super::form::{FormPrint, form_document};
use super::page::{A4_LANDSCAPE, A4_PORTRAIT, Document, Weight};
use super::process;
use crate::catalog::{Catalog, Process};
use crate::forms::OfficeProfile;
use crate::forms::template::{Source, Template};
use chrono::NaiveDate;
use serde::Deserialize;

static FRONT: &str = include_str!("../../assets/manual/front.toml");

#[derive(Deserialize, Default)]
struct Front {
    cover: Vec<String>,
    foreword: Vec<String>,
    foreword_signer: Vec<String>,
}

/// One line of the contents: its text and the index of the page it starts on (in the body).
struct Entry {
    text: String,
    indent: f32,
    page: usize,
}

pub fn manual_document(
    catalog: &Catalog,
    templates: &[Template],
    profile: &OfficeProfile,
    today: NaiveDate,
    digits: Digits,
    fonts: &FontSet,
) -> Document {
    let front: Front = toml::from_str(FRONT).unwrap_or_default();
    let (body, entries) = body(catalog, templates, profile, today, digits, fonts);
    // The contents' length does not depend on its page numbers: lay it out once to count
    // the front pages, then again with the real numbers.
    let count = front_matter(&front, &entries, 0, profile, digits, fonts)
        .pages
        .len();
    let mut doc = front_matter(&front, &entries, count, profile, digits, fonts);
    doc.pages.extend(body.pages);
    number_pages(&mut doc, fonts, digits, 1, 1);
    doc.title = front.cover.join(" ");
    doc.subject = format!("คู่มือการปฏิบัติงาน {}", profile.name);
    doc.keywords = vec!["manual".into()];
    doc
}

fn front_matter(
    front: &Front,
    entries: &[Entry],
    front_pages: usize,
    profile: &OfficeProfile,
    digits: Digits,
    fonts: &FontSet,
) -> Document {
    let mut c = Composer::new(fonts, A4_PORTRAIT, digits);
    c.without_page_numbers();
    // Cover.
    c.gap(150.0);
    for (i, line) in front.cover.iter().enumerate() {
        let size = if i == 0 { 30.0 } else { 24.0 };
        c.paragraph(line, Style::BOLD.sized(size).aligned(Align::Centre));
        c.gap(6.0);
    }
    c.gap(60.0);
    c.paragraph(
        &profile.name,
        Style::BOLD.sized(22.0).aligned(Align::Centre),
    );
    if !profile.address.is_empty() {
        c.paragraph(&profile.address, Style::BODY.aligned(Align::Centre));
    }
    // Foreword.
    c.new_page();
    c.paragraph("คำนำ", Style::BOLD.sized(20.0).aligned(Align::Centre));
    c.gap(10.0);
    for para in &front.foreword {
        c.paragraph_indented(para, Style::BODY, 2.5 * super::page::CM, 0.0);
        c.gap(6.0);
    }
    c.gap(30.0);
    for line in &front.foreword_signer {
        let w = c.width();
        c.margins.left += w * 0.4;
        c.paragraph(line, Style::BODY.aligned(Align::Centre));
        c.margins.left -= w * 0.4;
    }
    // Contents.
    c.new_page();
    c.paragraph("สารบัญ", Style::BOLD.sized(20.0).aligned(Align::Centre));
    let lh = c.line_height(super::compose::BODY);
    let head_w = c.measure("หน้า", Style::BOLD);
    let (y, right) = (c.y, c.right());
    c.line_at(right - head_w, y, head_w, "หน้า", head_w, Style::BOLD);
    c.y += lh;
    for e in entries {
        let number = digits.apply(&(e.page + front_pages + 1).to_string());
        let nw = c.measure(&number, Style::BODY);
        let text_w = c.width() - e.indent - nw - 30.0;
        let lines = c.wrap(&e.text, Style::BODY, text_w);
        let n = lines.len();
        for (i, (line, w)) in lines.into_iter().enumerate() {
            c.ensure(lh);
            let (x, y) = (c.left() + e.indent, c.y);
            c.line_at(x, y, w, &line, w, Style::BODY);
            if i + 1 == n {
                let right = c.right();
                c.dots(x + w + 6.0, right - nw - 6.0, y, super::compose::BODY);
                c.line_at(right - nw, y, nw, &number, nw, Style::BODY);
            }
            c.y += lh;
        }
    }
    c.finish()
}

fn body(
    catalog: &Catalog,
    templates: &[Template],
    profile: &OfficeProfile,
    today: NaiveDate,
    digits: Digits,
    fonts: &FontSet,
) -> (Document, Vec<Entry>) {
    let mut c = Composer::new(fonts, A4_PORTRAIT, digits);
    c.without_page_numbers();
    let mut entries = Vec::new();
    let mut first = true;
    for area in &catalog.areas {
        for p in catalog.processes.iter().filter(|p| p.area == area.key) {
            if !first {
                c.page_size = A4_PORTRAIT;
                c.new_page();
            }
            first = false;
            entries.push(Entry {
                text: p.title(),
                indent: 0.0,
                page: c.doc.pages.len() - 1,
            });
            process_sections(&mut c, p, profile);
        }
    }
    // Appendix: the appendix forms, blank.
    c.page_size = A4_PORTRAIT;
    c.new_page();
    entries.push(Entry {
        text: "ภาคผนวก".into(),
        indent: 0.0,
        page: c.doc.pages.len() - 1,
    });
    c.gap(200.0);
    c.paragraph("ภาคผนวก", Style::BOLD.sized(28.0).aligned(Align::Centre));
    let mut doc = c.finish();
    for t in templates.iter().filter(|t| t.source == Source::Appendix) {
        entries.push(Entry {
            text: t.title.clone(),
            indent: 24.0,
            page: doc.pages.len(),
        });
        let form = form_document(
            &FormPrint {
                template: t,
                answers: None,
                record_id: None,
                profile,
                today,
                digits,
                office_blank: false,
            },
            fonts,
        );
        // The form's own page numbers give way to the manual's.
        doc.pages.extend(form.pages.into_iter().map(|mut pg| {
            pg.items.retain(|i| !is_page_number(i));
            pg
        }));
    }
    (doc, entries)
}

fn is_page_number(i: &super::page::Item) -> bool {
    matches!(i, super::page::Item::Text { text, y, .. }
        if *y < 2.0 * super::page::CM && text.starts_with("- ") && text.ends_with(" -"))
}

/// Sections ๑–๘ in portrait, then ๙ on landscape pages.
fn process_sections(c: &mut Composer<'_>, p: &Process, profile: &OfficeProfile) {
    let d = c.digits;
    let h = |s: &str| d.apply(s);
    c.paragraph(&p.title(), Style::BOLD.sized(20.0).aligned(Align::Centre));
    c.gap(6.0);
    c.numbered(&h("๑."), &format!("ชื่องาน {}", p.name), Style::BOLD, 0.0);
    c.paragraph(&h("๒. วัตถุประสงค์"), Style::BOLD);
    for o in &p.objectives {
        c.paragraph_indented(o, Style::BODY, 24.0, 24.0);
    }
    c.paragraph(&h("๓. ขอบเขตของงาน"), Style::BOLD);
    for s in &p.scope {
        c.paragraph_indented(s, Style::BODY, 48.0, 0.0);
    }
    c.paragraph(&h("๔. คำจำกัดความ"), Style::BOLD);
    if p.definitions.is_empty() {
        c.paragraph_indented("-", Style::BODY, 24.0, 24.0);
    }
    for def in &p.definitions {
        c.paragraph_indented(
            &format!("{} หมายถึง {}", def.term, def.meaning),
            Style::BODY,
            48.0,
            0.0,
        );
    }
    c.paragraph(&h("๕. ขั้นตอนการปฏิบัติงาน"), Style::BOLD);
    for s in &p.steps {
        c.numbered(
            &s.number,
            &s.text,
            Style::BODY,
            24.0 * (s.depth() as f32 + 1.0),
        );
    }
    let lh = c.line_height(super::compose::BODY);
    for (i, flow) in p.flows.iter().enumerate() {
        let l = layout_for_print(&flow.graph, c.face(Weight::Regular));
        let page_body = c.bottom() - c.margins.top - 2.0 * lh;
        let scale = (c.width() / l.width).min(page_body / l.height).min(1.0);
        let height = l.height * scale;
        // The heading stays with its chart.
        if height + 2.0 * lh > c.room() {
            c.new_page();
        }
        if i == 0 {
            c.paragraph(&h("๖. Flow Chart การปฏิบัติงาน"), Style::BOLD);
        }
        if p.flows.len() > 1 {
            c.paragraph(&flow.title, Style::BODY);
        }
        let x = c.left() + (c.width() - l.width * scale) / 2.0;
        let y = c.y;
        flowchart::draw(c, &l, x, y, scale);
        c.gap(height + 6.0);
    }
    c.paragraph(&h("๗. แบบฟอร์มที่ใช้"), Style::BOLD);
    if p.forms.is_empty() {
        c.paragraph_indented("-", Style::BODY, 24.0, 24.0);
    }
    for f in &p.forms {
        c.numbered(&f.number, &f.text, Style::BODY, 24.0);
    }
    c.paragraph(&h("๘. เอกสาร/หลักฐานอ้างอิง"), Style::BOLD);
    if p.references.is_empty() {
        c.paragraph_indented("-", Style::BODY, 24.0, 24.0);
    }
    for r in &p.references {
        c.numbered(&r.number, &r.text, Style::BODY, 24.0);
    }
    c.page_size = A4_LANDSCAPE;
    c.new_page();
    process::standards(c, p, profile);
}

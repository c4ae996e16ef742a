//! A process's standards page as the manual lays it out (๙. รายละเอียด โครงสร้างส่วนประกอบ
//! มาตรฐานงาน): the header (ชื่อกระบวนงาน, สพท., รหัสเอกสาร, ตัวชี้วัด), the table of steps with
//! the flowchart drawn in its column, and the legend of symbols. A4 landscape.

use super::compose::{Align, Composer, Digits, Style};
use super::flowchart::{self, layout_for_print};
use super::fonts::FontSet;
use super::page::{A4_LANDSCAPE, Document, Weight};
use super::table::{Cell, Column, Row};
use crate::catalog::Process;
use crate::flow::{LEGEND, NodeKind};
use crate::forms::OfficeProfile;

pub const GROUP: &str = "กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร";

/// The standards sheet of one process as its own document.
pub fn process_sheet(
    p: &Process,
    profile: &OfficeProfile,
    digits: Digits,
    fonts: &FontSet,
) -> Document {
    let mut c = Composer::new(fonts, A4_LANDSCAPE, digits);
    c.margins.top = 2.0 * super::page::CM;
    c.y = c.margins.top;
    standards(&mut c, p, profile);
    let mut doc = c.finish();
    doc.title = format!("มาตรฐานงาน {}", p.title());
    doc.subject = format!("กระบวนงาน {} {}", p.id(), p.name);
    doc.keywords = vec![format!("process={}", p.id())];
    doc
}

/// Lays out section ๙ of a process from the current position (landscape pages expected).
pub fn standards(c: &mut Composer<'_>, p: &Process, _profile: &OfficeProfile) {
    c.paragraph(
        &c.digits.apply("๙. รายละเอียด โครงสร้างส่วนประกอบมาตรฐานงาน"),
        Style::BOLD.sized(18.0),
    );
    c.gap(4.0);
    let w = c.width();
    let head = [w * 0.5, w * 0.32, w * 0.18];
    let cols: Vec<Column> = head
        .iter()
        .map(|w| Column {
            width: *w,
            merged: false,
        })
        .collect();
    let code = if p.document_code.is_empty() {
        "รหัสเอกสาร".to_owned()
    } else {
        format!("รหัสเอกสาร {}", p.document_code)
    };
    let rows = vec![
        Row::Cells(vec![
            Cell::Text(format!("ชื่อกระบวนการ : {}", p.name), Style::BOLD),
            Cell::Text(format!("สพท. : {GROUP}"), Style::BODY),
            Cell::Text(code, Style::BODY),
        ]),
        Row::Span(format!("ตัวชี้วัดที่สำคัญของกระบวนการ {}", p.kpi), Style::BODY),
    ];
    c.table(&cols, &[], &rows);
    let face = c.face(Weight::Regular);
    for (fi, flow) in p.flows.iter().enumerate() {
        if p.flows.len() > 1 || fi > 0 {
            c.gap(6.0);
            c.paragraph(&flow.title, Style::BOLD);
        }
        let layout = layout_for_print(&flow.graph, face);
        let w = c.width();
        let widths = [w * 0.05, w * 0.34, w * 0.20, w * 0.10, w * 0.18, w * 0.13];
        let columns: Vec<Column> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| Column {
                width: *w,
                merged: i == 1,
            })
            .collect();
        let h = Style::BOLD.sized(14.0);
        let header: Vec<(String, Style)> = [
            "ลำดับที่",
            "ผังขั้นตอนการดำเนินงาน",
            "รายละเอียดงาน",
            "เวลาดำเนินงาน",
            "มาตรฐานคุณภาพงาน",
            "ผู้รับผิดชอบ",
        ]
        .iter()
        .map(|s| ((*s).to_owned(), h))
        .collect();
        let small = Style::BODY.sized(14.0);
        let mut rows: Vec<Row> = flow
            .rows
            .iter()
            .map(|r| {
                Row::Cells(vec![
                    Cell::Text(c.digits.apply(&r.order), small.aligned(Align::Centre)),
                    Cell::Empty,
                    Cell::Text(r.detail.clone(), small),
                    Cell::Text(c.digits.apply(&r.duration), small.aligned(Align::Centre)),
                    Cell::Text(r.quality.clone(), small),
                    Cell::Text(r.responsible.clone(), small),
                ])
            })
            .collect();
        // The chart fits its column's width; the table is made tall enough to hold it
        // (up to one page; a taller chart is scaled down to the page).
        let chart_w = widths[1] - 8.0;
        let page_body = c.bottom() - c.margins.top - 40.0;
        let mut scale = (chart_w / layout.width).min(1.0);
        // Keep the chart on the page the header is on when it stays readable there
        // (text no smaller than 40 % of the screen's), else give it a page of its own.
        let room = c.room() - 40.0;
        if layout.height * scale > room && layout.height * 0.4 <= room {
            scale = room / layout.height;
        } else if layout.height * scale > page_body {
            scale = page_body / layout.height;
        }
        let chart_h = layout.height * scale + 8.0;
        let text_h = c.rows_height(&columns, &rows);
        if chart_h > text_h {
            rows.push(Row::Gap(chart_h - text_h));
        }
        // Start on a new page when the table's head and chart do not fit below.
        c.ensure(chart_h.min(page_body) + 30.0);
        let segments = c.table(&columns, &header, &rows);
        if let Some(&(page, top, bottom)) = segments.first() {
            let x = c.left() + widths[0] + (widths[1] - layout.width * scale) / 2.0;
            // The first part of the table is at least as tall as the chart (see the gap row),
            // unless the page ran out first.
            let fit = ((bottom - top - 8.0) / layout.height).min(scale);
            c.on_page(page, |c| flowchart::draw(c, &layout, x, top + 4.0, fit));
        }
        c.gap(8.0);
    }
    legend(c);
}

/// อธิบายสัญลักษณ์ผังขั้นตอน: each symbol with its meaning.
pub fn legend(c: &mut Composer<'_>) {
    let lh = c.line_height(super::compose::BODY);
    c.ensure(lh * 3.0);
    c.paragraph("อธิบายสัญลักษณ์ผังขั้นตอน", Style::BOLD);
    let mut x = c.left();
    let mut top = c.y;
    for (kind, text) in LEGEND {
        let tw = c.measure(text, Style::BODY);
        if x + 50.0 + tw > c.right() {
            c.y += lh + 4.0;
            c.ensure(lh);
            top = c.y;
            x = c.left();
        }
        let (sw, sh) = (36.0, 16.0);
        let sy = top + (lh - sh) / 2.0;
        match kind {
            Some(NodeKind::Connector) => {
                flowchart::shape(c, NodeKind::Connector, x + 11.0, sy, 14.0, 14.0, 0.9);
            }
            Some(k) => flowchart::shape(c, k, x, sy, sw, sh, 0.9),
            None => {
                let y = top + lh / 2.0;
                c.push(super::page::Item::Path {
                    points: vec![(x, y), (x + sw - 6.0, y)],
                    closed: false,
                    stroke: Some(0.9),
                    fill: None,
                });
                c.push(super::page::Item::Path {
                    points: vec![
                        (x + sw, y),
                        (x + sw - 6.0, y - 2.7),
                        (x + sw - 6.0, y + 2.7),
                    ],
                    closed: true,
                    stroke: None,
                    fill: Some(0.0),
                });
            }
        }
        c.line_at(x + sw + 6.0, top, tw, text, tw, Style::BODY);
        x += sw + 6.0 + tw + 18.0;
    }
    c.y = top + lh + 4.0;
}

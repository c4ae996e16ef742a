//! A process's standards page as the manual lays it out (๙. รายละเอียด โครงสร้างส่วนประกอบ
//! มาตรฐานงาน): the header (ชื่อกระบวนงาน, สพท., รหัสเอกสาร, ตัวชี้วัด), the table of steps with
//! the flowchart drawn in its column, and the legend of symbols. A4 landscape.

use super::compose::{Align, Composer, Digits, Style};
use super::flowchart;
use super::fonts::FontSet;
use super::page::{A4_LANDSCAPE, Document, Weight};
use super::table::{Cell, Column, Row};
use crate::catalog::Process;
use crate::flow::{LEGEND, NodeKind};
use crate::forms::OfficeProfile;

pub const GROUP: &str = "กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร";

/// The smallest chart text on paper, in points.
pub const MIN_CHART_TEXT: f32 = 10.0;

/// Room above and below a part of a chart for its connector circles.
const CONNECTOR_ROOM: f32 = 2.0 * flowchart::CONNECTOR_R + 4.0;

/// One part of a chart: the page, the top it is drawn from, and its band of layout heights.
type Part = (usize, f32, (f32, f32));

/// Cuts the chart into parts, one per table segment (page, top, bottom), each cut just under
/// a layer. `Err` says how much more table height the chart needs, with the parts that fit.
fn slices(
    l: &crate::flow::FlowLayout,
    cuts: &[f32],
    scale: f32,
    segments: &[(usize, f32, f32)],
) -> Result<Vec<Part>, (f32, Vec<Part>)> {
    let mut from = 0.0_f32;
    let mut out = Vec::new();
    for &(page, top, bottom) in segments {
        if from >= l.height {
            break;
        }
        let pad_top = if out.is_empty() { 4.0 } else { CONNECTOR_ROOM };
        let room = (bottom - top - pad_top - 4.0) / scale;
        if from + room >= l.height {
            out.push((page, top + pad_top, (from, l.height)));
            from = l.height;
            break;
        }
        let room = (bottom - top - pad_top - CONNECTOR_ROOM) / scale;
        if let Some(&cut) = cuts
            .iter()
            .rev()
            .find(|&&c| c > from + 1.0 && c <= from + room)
        {
            out.push((page, top + pad_top, (from, cut)));
            from = cut;
        }
    }
    if from >= l.height {
        Ok(out)
    } else {
        Err(((l.height - from) * scale + 2.0 * CONNECTOR_ROOM, out))
    }
}

/// The number of each edge's connector circles: edges crossing a cut between parts, in order.
fn connector_numbers(l: &crate::flow::FlowLayout, parts: &[Part]) -> Vec<usize> {
    let used: Vec<f32> = parts.iter().skip(1).map(|p| p.2.0).collect();
    numbers_across(l, &used)
}

/// The band of layout heights each row's part of the chart takes, when the chart can be drawn
/// beside its rows: each row's first node (the highest it names) lies below the one of the
/// row before, with a gap between layers to cut at; a row that names no node gets no part
/// (edges run on through it). `None` when the layout does not allow it (steps side by side or
/// out of order, or no row naming a node).
fn row_bands(
    l: &crate::flow::FlowLayout,
    graph: &crate::flow::FlowGraph,
    rows: &[crate::catalog::StandardRow],
    cuts: &[f32],
) -> Option<Vec<(f32, f32)>> {
    let anchors: Vec<Option<(f32, f32)>> = rows
        .iter()
        .map(|r| {
            graph
                .nodes
                .iter()
                .zip(&l.nodes)
                .filter(|(n, _)| r.nodes.contains(&n.id))
                .map(|(_, laid)| (laid.rect.y, laid.rect.y + laid.rect.h))
                .min_by(|a, b| a.0.total_cmp(&b.0))
        })
        .collect();
    if anchors.iter().all(Option::is_none) {
        return None;
    }
    let mut bands = Vec::with_capacity(rows.len());
    let mut from = 0.0_f32;
    let mut above: Option<(f32, f32)> = None;
    for (i, anchor) in anchors.iter().enumerate() {
        let Some(me) = *anchor else {
            // A row that names no node: no part of the chart.
            bands.push((from, from));
            continue;
        };
        if let Some(prev) = above
            && me.0 < prev.1
        {
            return None;
        }
        // This row's part ends at the last cut before the next named node: the steps
        // between (named by no row) stay with this row.
        let to = match anchors[i + 1..].iter().flatten().next() {
            Some(n) => cuts
                .iter()
                .copied()
                .rev()
                .find(|&c| c > me.1 && c < n.0 && c > from)?,
            None => l.height,
        };
        bands.push((from, to));
        from = to;
        above = Some(me);
    }
    // The first named row's part starts at the top of the chart.
    if let Some(first) = bands.iter().position(|b| b.1 > b.0) {
        bands[first].0 = 0.0;
    }
    Some(bands)
}

/// The number of each edge's connector circles: edges crossing one of `cuts`, in order.
fn numbers_across(l: &crate::flow::FlowLayout, used: &[f32]) -> Vec<usize> {
    let mut n = 0;
    l.edges
        .iter()
        .map(|e| {
            let lo = e.points.iter().map(|p| p.y).fold(f32::MAX, f32::min);
            let hi = e.points.iter().map(|p| p.y).fold(f32::MIN, f32::max);
            if used.iter().any(|&c| lo < c && c < hi) {
                n += 1;
                n
            } else {
                0
            }
        })
        .collect()
}

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
        let w = c.width();
        let mut widths = [0.065, 0.33, 0.195, 0.10, 0.18, 0.13].map(|f| w * f);
        // The chart's text stays at 10 pt or more: a wide chart widens its column, taking
        // from the text columns down to what their longest word needs (a column breaks
        // only between words), and its boxes wrap narrower when that is not enough.
        let small = Style::BODY.sized(14.0);
        let longest_word = |texts: &mut dyn Iterator<Item = &String>| {
            texts
                .flat_map(|t| {
                    let mut at = crate::thai::linebreak::break_opportunities(t);
                    at.insert(0, 0);
                    at.push(t.len());
                    at.windows(2)
                        .filter_map(|w| t.get(w[0]..w[1]))
                        .map(|word| c.measure(word.trim_end(), small))
                        .collect::<Vec<_>>()
                })
                .fold(0.0_f32, f32::max)
                + 10.0
        };
        let floors = [
            (2, longest_word(&mut flow.rows.iter().map(|r| &r.detail))),
            (4, longest_word(&mut flow.rows.iter().map(|r| &r.quality))),
            (
                5,
                longest_word(&mut flow.rows.iter().map(|r| &r.responsible)),
            ),
        ];
        let spare: f32 = floors.iter().map(|&(i, f)| (widths[i] - f).max(0.0)).sum();
        let room = widths[1] + spare - 8.0;
        let layout = [130.0, 112.0, 96.0, 84.0]
            .into_iter()
            .map(|text_width| flowchart::layout_for_print_with(&flow.graph, face, text_width))
            .find(|l| l.width * MIN_CHART_TEXT / flowchart::CHART_TEXT <= room)
            .unwrap_or_else(|| flowchart::layout_for_print_with(&flow.graph, face, 84.0));
        let need = layout.width * MIN_CHART_TEXT / flowchart::CHART_TEXT + 8.0;
        if need > widths[1] {
            let extra = (need - widths[1]).min(spare);
            for (i, f) in floors {
                let give = (widths[i] - f).max(0.0);
                widths[i] -= extra * give / spare.max(1e-3);
            }
            widths[1] += extra;
        }
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
        let rows: Vec<Row> = flow
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
        let scale = ((widths[1] - 8.0) / layout.width).min(1.0);
        // The table starts under the header; the chart runs down its column from page to
        // page, cut between layers, with numbered connector circles where an edge goes on.
        // The table grows (empty rows at its end) until every part of the chart has room:
        // tried on a scratch page first, then laid out for real.
        let cuts = flowchart::cuts(&layout);
        let x = c.left() + widths[0] + (widths[1] - layout.width * scale) / 2.0;
        if let Some(bands) = row_bands(&layout, &flow.graph, &flow.rows, &cuts) {
            aligned(c, &layout, scale, x, &bands, (&columns, &header, &rows));
            c.gap(8.0);
            continue;
        }
        let page_body = c.bottom() - c.margins.top - 60.0;
        let text_h = c.rows_height(&columns, &rows);
        let mut gap = (layout.height * scale + 8.0 - text_h).max(0.0);
        let with_gap = |gap: f32| {
            let mut rows = rows.clone();
            let mut left = gap;
            while left > 0.5 {
                let h = left.min(page_body * 0.8);
                rows.push(Row::Gap(h));
                left -= h;
            }
            rows
        };
        for _ in 0..6 {
            let segments = { c.scratch().table(&columns, &header, &with_gap(gap)) };
            match slices(&layout, &cuts, scale, &segments) {
                Ok(_) => break,
                Err((short, _)) => gap += short,
            }
        }
        let segments = c.table(&columns, &header, &with_gap(gap));
        let parts = match slices(&layout, &cuts, scale, &segments) {
            Ok(p) | Err((_, p)) => p,
        };
        let numbers = connector_numbers(&layout, &parts);
        let ends = (
            flowchart::End::Connector(0.0),
            flowchart::End::Connector(0.0),
        );
        for (page, top, band) in parts {
            c.on_page(page, |c| {
                flowchart::draw_slice(c, &layout, x, top, scale, band, &numbers, ends);
            });
        }
        c.gap(8.0);
    }
    legend(c);
}

/// Room above and below a row's part of the chart, inside its row.
const ROW_PAD: f32 = 4.0;

/// Draws the table with each row's part of the chart (`bands`) in its row, its nodes level
/// with the row's text. Rows grow to hold their part; a row never splits across pages; where
/// the table goes on to the next page, the edges that go on get numbered connector circles,
/// and within a page they run straight on through the rest of the row.
fn aligned(
    c: &mut Composer<'_>,
    layout: &crate::flow::FlowLayout,
    scale: f32,
    x: f32,
    bands: &[(f32, f32)],
    (columns, header, rows): (&[Column], &[(String, Style)], &[Row]),
) {
    use flowchart::End;
    let n = bands.len();
    let keep = |pads: &[(f32, f32)]| -> Vec<f32> {
        bands
            .iter()
            .zip(pads)
            .map(|((a, b), (above, below))| (b - a) * scale + above + below)
            .collect()
    };
    // Rows that hold a part of the chart; the edges run on through the rows between.
    let drawn: Vec<usize> = (0..n).filter(|&i| bands[i].1 > bands[i].0).collect();
    // (previous drawn row, drawn row) pairs on different pages.
    let breaks_of = |boxes: &[super::table::RowBox]| -> Vec<(usize, usize)> {
        let page_of = |j: usize| boxes.get(j).map(|b| b.0);
        drawn
            .windows(2)
            .filter(|w| page_of(w[0]) != page_of(w[1]))
            .map(|w| (w[0], w[1]))
            .collect()
    };
    // Rows next to a page break need room for the connector circles: found on a scratch
    // page, a few times over since the room moves the breaks.
    let mut pads = vec![(ROW_PAD, ROW_PAD); n];
    for _ in 0..4 {
        let boxes = c
            .scratch()
            .table_kept(columns, header, rows, &keep(&pads))
            .1;
        let mut next = vec![(ROW_PAD, ROW_PAD); n];
        for (above, below) in breaks_of(&boxes) {
            next[above].1 = CONNECTOR_ROOM;
            next[below].0 = CONNECTOR_ROOM;
        }
        if next == pads {
            break;
        }
        pads = next;
    }
    let (segments, boxes) = c.table_kept(columns, header, rows, &keep(&pads));
    let segment = |page: usize| segments.iter().find(|s| s.0 == page).copied();
    let cut_at: Vec<f32> = breaks_of(&boxes)
        .into_iter()
        .map(|(_, below)| bands[below].0)
        .collect();
    let numbers = numbers_across(layout, &cut_at);
    for (k, &i) in drawn.iter().enumerate() {
        let band = &bands[i];
        let Some(&(page, top, _)) = boxes.get(i) else {
            continue;
        };
        let y = top + pads[i].0;
        let page_of = |j: usize| boxes.get(j).map(|b| b.0);
        let band_h = (band.1 - band.0) * scale;
        // Coming from another page: the circle at the top of this page's table (a row's
        // rest or rows without a step may come before), a line down to the step.
        let top_end = match k.checked_sub(1).map(|p| drawn[p]) {
            Some(prev) if page_of(prev) != Some(page) => {
                End::Connector(segment(page).map_or(0.0, |s| y - s.1 - CONNECTOR_ROOM))
            }
            _ => End::Stretch(0.0),
        };
        let bottom_end = match drawn.get(k + 1) {
            Some(&next) if page_of(next) == Some(page) => {
                let next_y = boxes[next].1 + pads[next].0;
                End::Stretch(next_y - (y + band_h))
            }
            // Going on to another page: the circle at the foot of this page's table.
            _ => End::Connector(segment(page).map_or(0.0, |s| s.2 - CONNECTOR_ROOM - (y + band_h))),
        };
        c.on_page(page, |c| {
            flowchart::draw_slice(
                c,
                layout,
                x,
                y,
                scale,
                *band,
                &numbers,
                (top_end, bottom_end),
            );
        });
    }
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

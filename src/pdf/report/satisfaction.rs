//! A satisfaction report on paper: the item table (count and percent at each level, mean,
//! S.D., level), aspect and overall rows, the bands and how the figures are computed, a bar
//! chart of the item means with the band edges, the KPI share, the respondents' profile and
//! the open answers. Used on its own (`satisfaction_report`) and as a part of the year's
//! report.

use super::charts::{HBars, RefLine, hbars};
use crate::forms::OfficeProfile;
use crate::pdf::FontSet;
use crate::pdf::compose::{Align, Composer, Digits, Style};
use crate::pdf::page::{A4_PORTRAIT, Document};
use crate::pdf::table::{Cell, Column, Row};
use crate::reports::satisfaction::{GROUP_DEFINITION, Satisfaction};
use crate::reports::stats::{Stat, percent_text, sd_text, two_decimals};

/// Open answers printed per question; the rest are counted.
const OPEN_LIMIT: usize = 60;

fn mean_text(s: &Stat) -> String {
    s.hundredths().map_or_else(|| "-".into(), two_decimals)
}

/// The report's tables and chart at the current position; `heading` numbers the parts
/// ("๑", "๒" …) under a chapter when it is a part of a larger report.
pub fn satisfaction_body(c: &mut Composer<'_>, s: &Satisfaction) {
    let dg = c.digits;
    let d = |x: &str| dg.apply(x);
    let body = Style::BODY;
    let cell = Style::BODY.sized(13.0);
    let bold = Style::BOLD.sized(13.0);
    if s.rated == 0 {
        c.paragraph(
            &format!(
                "จำนวนแบบที่นับ {} ฉบับ — ไม่มีข้อมูลระดับความพึงพอใจในช่วงเวลานี้",
                d(&s.n.to_string())
            ),
            body,
        );
        return;
    }
    c.paragraph(
        &d(&format!(
            "ผู้ตอบแบบประเมิน {} คน ({})",
            s.n,
            s.filter.period.thai()
        )),
        body,
    );
    // Item table.
    let widths = [20.0, 104.0, 44.0, 44.0, 44.0, 44.0, 44.0, 40.0, 40.0, 50.0];
    let total: f32 = widths.iter().sum();
    let scale = c.width() / total;
    let columns: Vec<Column> = widths
        .iter()
        .map(|w| Column {
            width: w * scale,
            merged: false,
        })
        .collect();
    let centre = cell.aligned(Align::Centre);
    let mut header: Vec<(String, Style)> = vec![
        ("ที่".into(), bold.aligned(Align::Centre)),
        ("รายการ".into(), bold.aligned(Align::Centre)),
    ];
    for (i, l) in s.bands.labels.iter().enumerate() {
        header.push((
            d(&format!("{l} ({})", 5 - i)),
            Style::BOLD.sized(11.0).aligned(Align::Centre),
        ));
    }
    header.push(("x̄".into(), bold.aligned(Align::Centre)));
    header.push(("S.D.".into(), bold.aligned(Align::Centre)));
    header.push(("ระดับ".into(), bold.aligned(Align::Centre)));
    let stat_cells = |st: &Stat, style: Style| -> Vec<Cell> {
        let style = style.sized(12.0);
        vec![
            Cell::Text(d(&mean_text(st)), style.aligned(Align::Centre)),
            Cell::Text(d(&sd_text(st.sd())), style.aligned(Align::Centre)),
            Cell::Text(
                s.level(st).unwrap_or("ไม่มีข้อมูล").to_owned(),
                style.aligned(Align::Centre),
            ),
        ]
    };
    let mut rows = Vec::new();
    let mut group = None;
    for it in &s.items {
        if group != Some(&it.group) {
            if let Some(g) = group
                && let Some(gs) = s.groups.iter().find(|x| &x.label == g)
            {
                rows.push(group_row(&gs.stat, &format!("รวม{g}"), bold, &stat_cells));
            }
            if !it.group.is_empty() {
                rows.push(Row::Span(it.group.clone(), bold));
            }
            group = Some(&it.group);
        }
        let mut cells = vec![
            Cell::Text(d(&it.number), centre),
            Cell::Text(it.label.clone(), cell),
        ];
        for n in it.counts {
            cells.push(Cell::Text(
                d(&format!(
                    "{n}\n({})",
                    crate::reports::stats::percent1_text(n, it.stat.n)
                )),
                Style::BODY.sized(10.5).aligned(Align::Centre),
            ));
        }
        cells.extend(stat_cells(&it.stat, cell));
        rows.push(Row::Cells(cells));
    }
    if let Some(g) = group
        && !g.is_empty()
        && let Some(gs) = s.groups.iter().find(|x| &x.label == g)
    {
        rows.push(group_row(&gs.stat, &format!("รวม{g}"), bold, &stat_cells));
    }
    rows.push(group_row(&s.overall, "ภาพรวม", bold, &stat_cells));
    c.table(&columns, &header, &rows);
    c.gap(4.0);
    let note = Style::BODY.sized(12.0);
    c.paragraph(
        &d(&format!(
            "เกณฑ์การแปลความหมาย: {}",
            s.bands.legend().join(", ")
        )),
        note,
    );
    c.paragraph(&format!("ที่มา: {}", s.bands.set.source()), note);
    c.paragraph(
        &d(&format!(
            "จำนวนในแต่ละระดับแสดงเป็น จำนวน (ร้อยละของผู้ตอบข้อนั้น ทศนิยมหนึ่งตำแหน่ง); {GROUP_DEFINITION}"
        )),
        note,
    );
    c.gap(6.0);
    // Aspect table.
    if s.groups.len() > 1 {
        let w = c.width();
        let cols = [
            Column {
                width: w * 0.55,
                merged: false,
            },
            Column {
                width: w * 0.15,
                merged: false,
            },
            Column {
                width: w * 0.15,
                merged: false,
            },
            Column {
                width: w * 0.15,
                merged: false,
            },
        ];
        let head = [
            ("ด้าน".to_owned(), bold.aligned(Align::Centre)),
            ("x̄".to_owned(), bold.aligned(Align::Centre)),
            ("S.D.".to_owned(), bold.aligned(Align::Centre)),
            ("ระดับ".to_owned(), bold.aligned(Align::Centre)),
        ];
        let mut rows: Vec<Row> = s
            .groups
            .iter()
            .map(|g| {
                let mut cells = vec![Cell::Text(g.label.clone(), cell)];
                cells.extend(stat_cells(&g.stat, cell));
                Row::Cells(cells)
            })
            .collect();
        let mut cells = vec![Cell::Text("ภาพรวม".into(), bold)];
        cells.extend(stat_cells(&s.overall, bold));
        rows.push(Row::Cells(cells));
        c.ensure(80.0);
        c.paragraph("สรุปรายด้าน", Style::BOLD);
        c.table(&cols, &head, &rows);
        c.gap(8.0);
    }
    // Chart of the item means with the band edges.
    let mut chart_rows: Vec<(String, Option<f64>, bool)> = Vec::new();
    for (k, i) in s.items.iter().enumerate() {
        if !i.group.is_empty() && (k == 0 || s.items[k - 1].group != i.group) {
            chart_rows.push((i.group.clone(), None, true));
        }
        chart_rows.push((
            d(&format!("{}. {}", i.number, i.label)),
            i.stat.hundredths().map(|h| f64::from(h) / 100.0),
            false,
        ));
    }
    let lines: Vec<RefLine> = s
        .bands
        .set
        .floors()
        .iter()
        .map(|f| RefLine {
            value: f64::from(*f - 1) / 100.0 + 0.005,
            label: two_decimals(*f - 1),
        })
        .collect();
    hbars(
        c,
        &HBars {
            title: "แผนภูมิค่าเฉลี่ยรายข้อ (เส้นประ: ขอบของระดับ)",
            rows: &chart_rows,
            min: 1.0,
            max: 5.0,
            ticks: &[1.0, 2.0, 3.0, 4.0, 5.0],
            lines: &lines,
            format: &|v| format!("{v:.2}"),
        },
    );
    // KPI share.
    c.ensure(60.0);
    c.paragraph(
        &d(&format!(
            "ผู้ตอบที่พึงพอใจระดับ{}ขึ้นไป {} จาก {} คน คิดเป็นร้อยละ {}",
            s.bands.labels[1],
            s.satisfied_now(),
            s.rated,
            percent_text(s.satisfied_now(), s.rated)
        )),
        Style::BOLD,
    );
    c.paragraph(&format!("วิธีคำนวณ: {}", s.kpi_formula()), note);
    c.gap(8.0);
    profile_tables(c, s);
}

fn group_row(
    st: &Stat,
    label: &str,
    bold: Style,
    stat_cells: &dyn Fn(&Stat, Style) -> Vec<Cell>,
) -> Row {
    let mut cells = vec![Cell::Empty, Cell::Text(label.to_owned(), bold)];
    cells.extend((0..5).map(|_| Cell::Empty));
    cells.extend(stat_cells(st, bold));
    Row::Cells(cells)
}

/// Counts of the choice questions and the open answers.
fn profile_tables(c: &mut Composer<'_>, s: &Satisfaction) {
    let dg = c.digits;
    let d = |x: &str| dg.apply(x);
    let cell = Style::BODY.sized(13.0);
    let bold = Style::BOLD.sized(13.0);
    let w = c.width();
    for p in &s.profile {
        if p.answered == 0 {
            continue;
        }
        let cols = [
            Column {
                width: w * 0.64,
                merged: false,
            },
            Column {
                width: w * 0.18,
                merged: false,
            },
            Column {
                width: w * 0.18,
                merged: false,
            },
        ];
        let head = [
            (p.label.clone(), bold),
            ("จำนวน".to_owned(), bold.aligned(Align::Centre)),
            ("ร้อยละ".to_owned(), bold.aligned(Align::Centre)),
        ];
        let mut rows: Vec<Row> = p
            .rows
            .iter()
            .map(|(l, n)| {
                Row::Cells(vec![
                    Cell::Text(l.clone(), cell),
                    Cell::Text(d(&n.to_string()), cell.aligned(Align::Centre)),
                    Cell::Text(
                        d(&percent_text(*n, p.answered)),
                        cell.aligned(Align::Centre),
                    ),
                ])
            })
            .collect();
        rows.push(Row::Cells(vec![
            Cell::Text(
                if p.multi {
                    "ผู้ตอบข้อนี้ (ตอบได้มากกว่า ๑ ข้อ)".into()
                } else {
                    "รวม".into()
                },
                bold,
            ),
            Cell::Text(d(&p.answered.to_string()), bold.aligned(Align::Centre)),
            Cell::Text(d("100.00"), bold.aligned(Align::Centre)),
        ]));
        c.ensure(90.0);
        c.table(&cols, &head, &rows);
        if !p.others.is_empty() {
            c.paragraph("ที่ระบุ “อื่น ๆ”:", Style::BODY.sized(13.0));
            for (t, n) in p.others.iter().take(OPEN_LIMIT) {
                c.paragraph_indented(&d_count(c, t, *n), Style::BODY.sized(13.0), 14.0, 24.0);
            }
        }
        c.gap(8.0);
    }
    for o in &s.open {
        if o.answers.is_empty() {
            continue;
        }
        c.ensure(60.0);
        c.paragraph(&o.label, Style::BOLD);
        for (t, n) in o.answers.iter().take(OPEN_LIMIT) {
            c.paragraph_indented(&d_count(c, t, *n), Style::BODY.sized(14.0), 14.0, 24.0);
        }
        let rest = o.answers.len().saturating_sub(OPEN_LIMIT);
        if rest > 0 {
            c.paragraph(
                &d(&format!("และอีก {rest} ความเห็น (ดูทั้งหมดในไฟล์ XLSX)")),
                Style::BODY.sized(13.0),
            );
        }
        c.gap(6.0);
    }
}

/// "- ข้อความ (๓ คน)": an answer and how many wrote it.
fn d_count(c: &Composer<'_>, text: &str, n: u64) -> String {
    if n > 1 {
        format!("- {text} ({} คน)", c.digits.apply(&n.to_string()))
    } else {
        format!("- {text}")
    }
}

/// The satisfaction report of one form as a document of its own.
pub fn satisfaction_report(
    s: &Satisfaction,
    profile: &OfficeProfile,
    filters: &[String],
    digits: Digits,
    fonts: &FontSet,
) -> Document {
    let mut c = Composer::new(fonts, A4_PORTRAIT, digits);
    c.paragraph(
        "รายงานผลการประเมินความพึงพอใจ",
        Style::BOLD.sized(20.0).aligned(Align::Centre),
    );
    c.paragraph(&s.title, Style::BOLD.aligned(Align::Centre));
    c.paragraph(
        &format!("{} {}", crate::pdf::process::GROUP, profile.name),
        Style::BODY.sized(14.0).aligned(Align::Centre),
    );
    let period = c.digits.apply(&s.filter.period.thai());
    c.paragraph(&period, Style::BODY.sized(14.0).aligned(Align::Centre));
    for f in filters {
        c.paragraph(f, Style::BODY.sized(14.0).aligned(Align::Centre));
    }
    c.gap(10.0);
    satisfaction_body(&mut c, s);
    let mut doc = c.finish();
    doc.title = format!("รายงานผลการประเมินความพึงพอใจ {}", s.title);
    doc.subject = s.filter.period.thai();
    doc
}

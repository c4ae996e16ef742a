//! ใบติดตามเรื่อง: a case on paper. Its number, process, requester and state; a table of its
//! steps with the planned (due) and actual dates, who did them and the result; and the
//! process's flowchart with the way the case went drawn thick. A4 portrait.

use super::compose::{Align, Composer, Digits, Style};
use super::flowchart::{Marks, draw_marked, layout_for_print};
use super::fonts::FontSet;
use super::page::{A4_PORTRAIT, Document, Weight};
use super::process::GROUP;
use super::table::{Cell, Column, Row};
use crate::calendar::WorkCalendar;
use crate::cases::{Case, StepStatus};
use crate::catalog::Process;
use crate::forms::OfficeProfile;
use chrono::{NaiveDate, NaiveDateTime};

/// "๑๔ ธ.ค. ๖๙": a date in a narrow table cell.
fn short_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    let m = crate::thai::date::MONTHS_SHORT
        .get(d.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!(
        "{} {m} {:02}",
        d.day(),
        (d.year() + crate::thai::date::BE_OFFSET) % 100
    )
}

/// The marks of a case on its flow's chart.
pub fn marks_of(case: &Case, p: &Process) -> Marks {
    let Some(flow) = p.flows.get(case.flow) else {
        return Marks::default();
    };
    let g = &flow.graph;
    let mut m = Marks {
        done: vec![false; g.nodes.len()],
        current: None,
        taken: Vec::new(),
    };
    let idx: Vec<Option<usize>> = case.steps.iter().map(|s| g.index_of(&s.node)).collect();
    for (s, i) in case.steps.iter().zip(&idx) {
        if let Some(i) = i {
            match s.status {
                StepStatus::Done => m.done[*i] = true,
                StepStatus::Current if case.status.is_active() => m.current = Some(*i),
                StepStatus::Current => {}
            }
        }
    }
    for w in idx.windows(2) {
        if let [Some(a), Some(b)] = w {
            m.taken.push((*a, *b));
        }
    }
    m
}

/// The tracking sheet of `case` (of process `p`) as printed on `today`.
pub fn case_sheet(
    case: &Case,
    p: &Process,
    profile: &OfficeProfile,
    cal: &WorkCalendar,
    today: NaiveDate,
    digits: Digits,
    fonts: &FontSet,
) -> Document {
    let mut c = Composer::new(fonts, A4_PORTRAIT, digits);
    let d = |s: &str| digits.apply(s);
    c.paragraph(
        "ใบติดตามเรื่อง",
        Style::BOLD.sized(22.0).aligned(Align::Centre),
    );
    c.paragraph(
        &format!("{GROUP} {}", profile.name),
        Style::BODY.sized(14.0).aligned(Align::Centre),
    );
    c.paragraph(
        &d(&format!("พิมพ์เมื่อ {}", crate::thai::date::format_long(today))),
        Style::BODY.sized(13.0).aligned(Align::Right),
    );
    let r = &case.requester;
    let mut requester = r.name.trim().to_owned();
    if !r.unit.trim().is_empty() {
        requester = if requester.is_empty() {
            r.unit.trim().to_owned()
        } else {
            format!("{requester} ({})", r.unit.trim())
        };
    }
    if !r.contact.trim().is_empty() {
        requester = format!("{requester} ติดต่อ {}", r.contact.trim())
            .trim()
            .to_owned();
    }
    let mut status = case.status.thai().to_owned();
    if let Some(reason) = &case.reason {
        status.push_str(&format!(" ({reason})"));
    }
    let flow_title = p
        .flows
        .get(case.flow)
        .map(|f| f.title.clone())
        .filter(|t| !t.is_empty())
        .map(|t| format!(" · {t}"))
        .unwrap_or_default();
    for (label, value) in [
        ("เลขที่เรื่อง", d(&case.number)),
        ("กระบวนงาน", d(&format!("{}{flow_title}", p.title()))),
        ("ชื่อเรื่อง", case.title.clone()),
        ("ผู้ขอ / ผู้เกี่ยวข้อง", requester),
        (
            "รับเรื่องเมื่อ",
            d(&crate::thai::date::format_short_time(case.received_at)),
        ),
        ("สถานะ", status),
    ] {
        c.fill_line(&format!("{label}:"), &value, 0, 0.0);
    }
    c.gap(8.0);
    let flow = p.flows.get(case.flow);
    let label_of = |node: &str| crate::cases::engine::node_label(p, case.flow, node);
    let w = c.width();
    let widths = [0.06, 0.26, 0.17, 0.17, 0.14, 0.20];
    let columns: Vec<Column> = widths
        .iter()
        .map(|f| Column {
            width: w * f,
            merged: false,
        })
        .collect();
    let h = Style::BOLD.sized(14.0);
    let header: Vec<(String, Style)> = [
        "ที่",
        "ขั้นตอน",
        "กำหนดเสร็จ",
        "เสร็จจริง",
        "ผู้ดำเนินการ",
        "ผล / หมายเหตุ",
    ]
    .iter()
    .map(|s| ((*s).to_owned(), h))
    .collect();
    let small = Style::BODY.sized(13.0);
    let day = |t: NaiveDateTime| short_day(t.date());
    let rows: Vec<Row> = case
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let due = s.due_at.map_or_else(|| "ไม่กำหนด".to_owned(), day);
            let finished = match (s.finished_at, s.status) {
                (Some(f), _) => {
                    let mut t = day(f);
                    if let Some(due) = s.due_at
                        && f.date() > due.date()
                    {
                        let late = cal.working_days_between(
                            due.date().succ_opt().unwrap_or_else(|| due.date()),
                            f.date().succ_opt().unwrap_or_else(|| f.date()),
                        );
                        if late > 0 {
                            t.push_str(&format!(" ช้า {} วันทำการ", crate::thai::digits(late)));
                        }
                    }
                    t
                }
                (None, StepStatus::Current) if case.status.is_active() => "กำลังดำเนินการ".into(),
                (None, _) => "-".into(),
            };
            let mut result = s.result.map(|r| r.thai().to_owned()).unwrap_or_default();
            if !s.note.is_empty() {
                result = if result.is_empty() {
                    s.note.clone()
                } else {
                    format!("{result}: {}", s.note)
                };
            }
            Row::Cells(vec![
                Cell::Text(d(&(i + 1).to_string()), small.aligned(Align::Centre)),
                Cell::Text(label_of(&s.node), small),
                Cell::Text(d(&due), small),
                Cell::Text(d(&finished), small),
                Cell::Text(s.actor.clone(), small),
                Cell::Text(result, small),
            ])
        })
        .collect();
    c.table(&columns, &header, &rows);
    c.gap(10.0);
    if let Some(flow) = flow {
        let layout = layout_for_print(&flow.graph, c.face(Weight::Regular));
        let scale = (c.width() / layout.width).min(1.0);
        let page_body = c.bottom() - c.margins.top - 40.0;
        let scale = if layout.height * scale > page_body {
            page_body / layout.height
        } else {
            scale
        };
        let lh = c.line_height(14.0);
        // Below the table when it fits readably (at least 60 % of its size), else on a
        // page of its own.
        let room = c.room() - lh * 2.0 - 8.0;
        let scale = if layout.height * scale <= room {
            scale
        } else if layout.height * 0.6 <= room {
            room / layout.height
        } else {
            c.new_page();
            scale
        };
        c.paragraph(
            "ผังขั้นตอน: เส้นหนา = ทางที่เรื่องผ่านมา · พื้นเทา = ขั้นที่เสร็จแล้ว · กรอบหนา = ขั้นปัจจุบัน",
            Style::BODY.sized(14.0),
        );
        let x = c.left() + (c.width() - layout.width * scale) / 2.0;
        let y = c.y + 4.0;
        draw_marked(&mut c, &layout, x, y, scale, Some(&marks_of(case, p)));
        c.y = y + layout.height * scale + 8.0;
    }
    let mut doc = c.finish();
    doc.title = format!("ใบติดตามเรื่อง {}", crate::thai::to_thai_digits(&case.number));
    doc.subject = format!("{} {}", p.id(), case.title);
    doc.keywords = vec![format!("case={}", case.id), format!("process={}", p.id())];
    doc
}

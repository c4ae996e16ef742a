//! รายงานผลการดำเนินงานประจำปีงบประมาณ: a cover, contents, a summary of every process's
//! KPI and cases, then one chapter per work area with each process's KPI result, its
//! service statistics and its satisfaction tables, with charts. A4 portrait.

use super::charts::{HBars, RefLine, columns, hbars};
use super::satisfaction::satisfaction_body;
use crate::catalog::Catalog;
use crate::forms::OfficeProfile;
use crate::pdf::FontSet;
use crate::pdf::compose::{Align, Composer, Digits, Style};
use crate::pdf::page::{A4_PORTRAIT, Document};
use crate::pdf::table::{Cell, Column, Row};
use crate::reports::annual::Annual;
use crate::reports::kpi::KpiResult;
use crate::reports::services::{CaseRow, ServiceReport};
use crate::reports::stats::percent_text;
use crate::thai::digits as td;

fn cols(c: &Composer<'_>, shares: &[f32]) -> Vec<Column> {
    let w = c.width();
    shares
        .iter()
        .map(|s| Column {
            width: w * s,
            merged: false,
        })
        .collect()
}

fn heading(c: &mut Composer<'_>, text: &str, size: f32) {
    c.ensure(c.line_height(size) * 4.0);
    c.gap(4.0);
    c.paragraph(text, Style::BOLD.sized(size));
}

fn kpi_table(c: &mut Composer<'_>, kpis: &[KpiResult]) {
    let dg = c.digits;
    let d = |x: &str| dg.apply(x);
    let cell = Style::BODY.sized(12.0);
    let bold = Style::BOLD.sized(13.0);
    let columns = cols(c, &[0.42, 0.32, 0.14, 0.12]);
    let head = [
        ("กระบวนงาน".to_owned(), bold.aligned(Align::Centre)),
        ("ผลการดำเนินงาน".to_owned(), bold.aligned(Align::Centre)),
        ("เป้าหมาย".to_owned(), bold.aligned(Align::Centre)),
        ("ผล".to_owned(), bold.aligned(Align::Centre)),
    ];
    let rows: Vec<Row> = kpis
        .iter()
        .map(|k| {
            Row::Cells(vec![
                Cell::Text(d(&k.process), cell),
                Cell::Text(
                    d(&format!(
                        "{}{}",
                        k.result_text(),
                        if k.computed {
                            ""
                        } else {
                            " (บันทึกโดยสำนักงาน)"
                        }
                    )),
                    cell,
                ),
                Cell::Text(
                    k.target
                        .map_or_else(|| "-".into(), |t| d(&format!("ร้อยละ {t:.0}"))),
                    cell.aligned(Align::Centre),
                ),
                Cell::Text(k.met_text().to_owned(), cell.aligned(Align::Centre)),
            ])
        })
        .collect();
    c.table(&columns, &head, &rows);
}

fn case_table(c: &mut Composer<'_>, rows: &[CaseRow]) {
    let dg = c.digits;
    let d = |x: &str| dg.apply(x);
    let cell = Style::BODY.sized(13.0);
    let bold = Style::BOLD.sized(12.0);
    let columns = cols(c, &[0.34, 0.09, 0.09, 0.10, 0.14, 0.12, 0.12]);
    let head = [
        ("กระบวนงาน".to_owned(), bold.aligned(Align::Centre)),
        ("เปิด".to_owned(), bold.aligned(Align::Centre)),
        ("ปิด".to_owned(), bold.aligned(Align::Centre)),
        ("เกินกำหนด".to_owned(), bold.aligned(Align::Centre)),
        ("ขั้นที่เสร็จภายในกำหนด".to_owned(), bold.aligned(Align::Centre)),
        ("วันทำการเฉลี่ยต่อขั้น".to_owned(), bold.aligned(Align::Centre)),
        ("ตามมาตรฐานเฉลี่ย".to_owned(), bold.aligned(Align::Centre)),
    ];
    let f = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
    let body: Vec<Row> = rows
        .iter()
        .map(|r| {
            let centre = cell.aligned(Align::Centre);
            Row::Cells(vec![
                Cell::Text(d(&r.process), cell),
                Cell::Text(d(&r.opened.to_string()), centre),
                Cell::Text(d(&r.closed.to_string()), centre),
                Cell::Text(d(&r.overdue.to_string()), centre),
                Cell::Text(
                    d(&format!(
                        "{}/{} ({})",
                        r.steps_within,
                        r.steps,
                        percent_text(r.steps_within, r.steps)
                    )),
                    centre,
                ),
                Cell::Text(d(&f(r.avg_days)), centre),
                Cell::Text(d(&f(r.avg_standard)), centre),
            ])
        })
        .collect();
    c.table(&columns, &head, &body);
}

fn count_table(c: &mut Composer<'_>, label: &str, rows: &[(String, u64)], total: u64) {
    let dg = c.digits;
    let d = |x: &str| dg.apply(x);
    let cell = Style::BODY.sized(13.0);
    let bold = Style::BOLD.sized(13.0);
    let columns = cols(c, &[0.64, 0.18, 0.18]);
    let head = [
        (label.to_owned(), bold),
        ("จำนวน".to_owned(), bold.aligned(Align::Centre)),
        ("ร้อยละ".to_owned(), bold.aligned(Align::Centre)),
    ];
    let body: Vec<Row> = rows
        .iter()
        .map(|(l, n)| {
            Row::Cells(vec![
                Cell::Text(l.clone(), cell),
                Cell::Text(d(&n.to_string()), cell.aligned(Align::Centre)),
                Cell::Text(d(&percent_text(*n, total)), cell.aligned(Align::Centre)),
            ])
        })
        .collect();
    c.ensure(80.0);
    c.table(&columns, &head, &body);
    c.gap(6.0);
}

/// A register's statistics: monthly chart and table, per-field tables, working days.
pub fn service_body(c: &mut Composer<'_>, s: &ServiceReport) {
    let dg = c.digits;
    let d = |x: &str| dg.apply(x);
    c.paragraph(&d(&format!("{}: รวม {} รายการ", s.title, s.n)), Style::BODY);
    if s.n == 0 {
        c.paragraph("ไม่มีข้อมูล", Style::BODY);
        return;
    }
    let monthly: Vec<(String, u64)> = s.monthly.iter().map(|(m, n)| (m.clone(), *n)).collect();
    columns(c, "จำนวนรายการรายเดือน", &monthly);
    if let Some(du) = &s.duration {
        let f = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        c.paragraph(
            &d(&format!(
                "ระยะเวลาตั้งแต่รับเรื่องถึงแล้วเสร็จ ({} รายการที่มีทั้งสองวันที่): มัธยฐาน {} วันทำการ ค่าเฉลี่ย {} วันทำการ; แล้วเสร็จภายในมาตรฐาน {} — {} รายการ คิดเป็นร้อยละ {}",
                du.n,
                f(du.median),
                f(du.mean),
                du.standard_text,
                du.within,
                percent_text(du.within, du.n)
            )),
            Style::BODY,
        );
        c.gap(4.0);
    }
    for t in s.tables.iter().chain(s.stages.iter()) {
        count_table(c, &t.label, &t.rows, s.n);
    }
}

/// The year's report.
pub fn annual_report(
    a: &Annual,
    catalog: &Catalog,
    profile: &OfficeProfile,
    digits: Digits,
    fonts: &FontSet,
) -> Document {
    let mut c = Composer::new(fonts, A4_PORTRAIT, digits);
    let year = a.period.fiscal_year.map(td).unwrap_or_default();
    let title = format!("รายงานผลการดำเนินงานประจำปีงบประมาณ {year}");
    // Cover.
    c.gap(180.0);
    c.paragraph(
        &format!("รายงานผลการดำเนินงาน\nประจำปีงบประมาณ {year}"),
        Style::BOLD.sized(26.0).aligned(Align::Centre),
    );
    c.gap(12.0);
    c.paragraph(
        crate::pdf::process::GROUP,
        Style::BOLD.sized(18.0).aligned(Align::Centre),
    );
    c.paragraph(
        &profile.name,
        Style::BODY.sized(18.0).aligned(Align::Centre),
    );
    c.gap(12.0);
    let period = c.digits.apply(&a.period.thai());
    c.paragraph(&period, Style::BODY.aligned(Align::Centre));
    // Contents, filled in at the end.
    c.new_page();
    let contents_page = c.doc.pages.len() - 1;
    let contents_top = c.y;
    let mut entries: Vec<(String, usize)> = Vec::new();
    // Chapter 1: summary.
    c.new_page();
    let ch1 = "บทที่ ๑ สรุปผลตามตัวชี้วัดของกระบวนงาน";
    entries.push((ch1.into(), c.doc.pages.len()));
    c.paragraph(ch1, Style::BOLD.sized(20.0).aligned(Align::Centre));
    c.gap(6.0);
    let met = a.kpis.iter().filter(|k| k.met == Some(true)).count();
    let known = a.kpis.iter().filter(|k| k.met.is_some()).count();
    c.paragraph(
        &c.digits.apply(&format!(
            "กระบวนงาน {} กระบวนงาน มีผลตามตัวชี้วัดแล้ว {} กระบวนงาน บรรลุเป้าหมาย {} กระบวนงาน",
            a.kpis.len(),
            known,
            met
        )),
        Style::BODY,
    );
    kpi_table(&mut c, &a.kpis);
    c.gap(8.0);
    let kpi_rows: Vec<(String, Option<f64>, bool)> = a
        .kpis
        .iter()
        .filter(|k| k.value.is_some())
        .map(|k| (c.digits.apply(&k.process), k.value, false))
        .collect();
    if !kpi_rows.is_empty() {
        let target = a.kpis.iter().find_map(|k| k.target).unwrap_or(80.0);
        hbars(
            &mut c,
            &HBars {
                title: "แผนภูมิผลตามตัวชี้วัด (ร้อยละ) เส้นประ: ค่าเป้าหมาย",
                rows: &kpi_rows,
                min: 0.0,
                max: 100.0,
                ticks: &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
                lines: &[RefLine {
                    value: target,
                    label: format!("{target:.0}"),
                }],
                format: &|v| format!("{v:.2}"),
            },
        );
    }
    if !a.cases.is_empty() {
        heading(&mut c, "เรื่องที่ดำเนินการตามกระบวนงาน", 16.0);
        case_table(&mut c, &a.cases);
        c.gap(8.0);
        let share_rows: Vec<(String, Option<f64>, bool)> = a
            .cases
            .iter()
            .map(|r| {
                (
                    c.digits.apply(&r.process),
                    (r.steps > 0).then(|| 100.0 * r.steps_within as f64 / r.steps as f64),
                    false,
                )
            })
            .collect();
        hbars(
            &mut c,
            &HBars {
                title: "ร้อยละของขั้นตอนที่เสร็จภายในระยะเวลามาตรฐาน",
                rows: &share_rows,
                min: 0.0,
                max: 100.0,
                ticks: &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0],
                lines: &[],
                format: &|v| format!("{v:.2}"),
            },
        );
    }
    // One chapter per work area.
    let mut printed_forms: Vec<String> = Vec::new();
    for (ai, area) in catalog.areas.iter().enumerate() {
        let procs: Vec<_> = catalog
            .processes
            .iter()
            .filter(|p| p.area == area.key)
            .collect();
        if procs.is_empty() {
            continue;
        }
        c.new_page();
        let ch = format!("บทที่ {} {}", td(ai + 2), area.name);
        entries.push((ch.clone(), c.doc.pages.len()));
        c.paragraph(&ch, Style::BOLD.sized(20.0).aligned(Align::Centre));
        for (pi, p) in procs.iter().enumerate() {
            heading(
                &mut c,
                &format!("{}.{} {}", td(ai + 2), td(pi + 1), p.title()),
                16.0,
            );
            let Some(k) = a.kpis.iter().find(|k| k.process_id == p.id()) else {
                continue;
            };
            c.paragraph(&format!("ตัวชี้วัด: {}", k.text), Style::BODY);
            let dg = c.digits;
            let d = |x: &str| dg.apply(x);
            let line = d(&format!(
                "ผล: {} — เป้าหมาย {} ({}) — {}",
                k.result_text(),
                k.target
                    .map_or_else(|| "-".into(), |t| format!("ร้อยละ {t:.0}")),
                k.target_source,
                k.met_text()
            ));
            c.paragraph(&line, Style::BOLD);
            c.paragraph(
                &format!(
                    "{}: {}",
                    if k.computed {
                        "วิธีคำนวณ"
                    } else {
                        "บันทึกโดยสำนักงาน"
                    },
                    k.how
                ),
                Style::BODY.sized(13.0),
            );
            if let Some(e) = &k.entry {
                if !e.evidence.is_empty() {
                    c.paragraph(&format!("หลักฐาน: {}", e.evidence), Style::BODY.sized(13.0));
                }
                if !e.note.is_empty() {
                    c.paragraph(&format!("หมายเหตุ: {}", e.note), Style::BODY.sized(13.0));
                }
            }
            for s in a.services.iter().filter(|s| s.process == p.number) {
                heading(&mut c, "สถิติการให้บริการ", 15.0);
                service_body(&mut c, s);
            }
            if let Some(r) = a.cases.iter().find(|r| r.process_id == p.id()) {
                let text = d(&format!(
                    "เรื่องในปีงบประมาณ: เปิด {} ปิด {} เกินกำหนด {} ขั้นตอนเสร็จภายในกำหนด {} จาก {} ขั้น",
                    r.opened, r.closed, r.overdue, r.steps_within, r.steps
                ));
                c.paragraph(&text, Style::BODY.sized(14.0));
            }
            let forms: Vec<String> = p
                .measure
                .as_ref()
                .map(|m| m.forms().into_iter().map(str::to_owned).collect())
                .unwrap_or_default();
            for s in a
                .satisfaction
                .iter()
                .filter(|s| forms.contains(&s.form_id) && s.n > 0)
            {
                if printed_forms.contains(&s.form_id) {
                    c.paragraph(
                        &format!("ผลการประเมิน “{}” ดูในหัวข้อก่อนหน้า", s.title),
                        Style::BODY.sized(14.0),
                    );
                    continue;
                }
                printed_forms.push(s.form_id.clone());
                heading(&mut c, &format!("ผลการประเมิน: {}", s.title), 15.0);
                satisfaction_body(&mut c, s);
            }
        }
    }
    // Contents.
    c.on_page(contents_page, |c| {
        let mut y = contents_top;
        let lh = c.line_height(16.0);
        let w = c.width();
        let x = c.left();
        let t = "สารบัญ";
        let tw = c.measure(t, Style::BOLD.sized(20.0));
        c.line_at(
            x,
            y,
            w,
            t,
            tw,
            Style::BOLD.sized(20.0).aligned(Align::Centre),
        );
        y += c.line_height(20.0) + 10.0;
        for (text, page) in &entries {
            let lines = c.wrap(text, Style::BODY, w - 60.0);
            let last = lines.len().saturating_sub(1);
            for (i, (line, tw)) in lines.iter().enumerate() {
                let indent = if i == 0 { 0.0 } else { 40.0 };
                c.line_at(x + indent, y, w - 60.0, line, *tw, Style::BODY);
                if i == last {
                    let n = c.digits.apply(&page.to_string());
                    let nw = c.measure(&n, Style::BODY);
                    let right = Style::BODY.aligned(Align::Right);
                    c.line_at(x + w - 40.0, y, 40.0, &n, nw, right);
                    c.dots(x + indent + tw + 4.0, x + w - 44.0, y, 16.0);
                }
                y += lh;
            }
        }
    });
    let mut doc = c.finish();
    doc.title = title;
    doc.subject = a.period.thai();
    doc
}

/// The service registers and cases of a period, as a document of their own.
pub fn services_report(
    services: &[ServiceReport],
    cases: &[CaseRow],
    period: &crate::reports::Period,
    profile: &OfficeProfile,
    digits: Digits,
    fonts: &FontSet,
) -> Document {
    let mut c = Composer::new(fonts, A4_PORTRAIT, digits);
    c.paragraph(
        "รายงานสถิติการให้บริการ",
        Style::BOLD.sized(20.0).aligned(Align::Centre),
    );
    c.paragraph(
        &format!("{} {}", crate::pdf::process::GROUP, profile.name),
        Style::BODY.sized(14.0).aligned(Align::Centre),
    );
    let p = digits.apply(&period.thai());
    c.paragraph(&p, Style::BODY.sized(14.0).aligned(Align::Centre));
    c.gap(8.0);
    for s in services {
        heading(&mut c, &s.title, 16.0);
        service_body(&mut c, s);
    }
    if !cases.is_empty() {
        heading(&mut c, "เรื่องที่ดำเนินการตามกระบวนงาน", 16.0);
        case_table(&mut c, cases);
    }
    let mut doc = c.finish();
    doc.title = "รายงานสถิติการให้บริการ".into();
    doc
}

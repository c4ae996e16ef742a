//! Report tables as an XLSX workbook: one sheet per table, numbers as numbers (counts as
//! whole numbers, means, S.D. and percentages unrounded so a spreadsheet can compute on
//! them), a bold header and fitted widths.

use super::{AtomicFile, TransferError};
use crate::reports::annual::Annual;
use crate::reports::kpi::KpiResult;
use crate::reports::satisfaction::Satisfaction;
use crate::reports::services::{CaseRow, ServiceReport};
use crate::reports::stats::Stat;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

fn xerr(e: XlsxError) -> TransferError {
    TransferError(format!("สร้างไฟล์ Excel ไม่ได้: {e}"))
}

/// A cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    Text(String),
    Num(f64),
    Empty,
}

impl From<&str> for XCell {
    fn from(s: &str) -> Self {
        XCell::Text(s.to_owned())
    }
}

impl From<String> for XCell {
    fn from(s: String) -> Self {
        XCell::Text(s)
    }
}

impl From<u64> for XCell {
    fn from(n: u64) -> Self {
        XCell::Num(n as f64)
    }
}

impl From<Option<f64>> for XCell {
    fn from(v: Option<f64>) -> Self {
        v.map_or(XCell::Empty, XCell::Num)
    }
}

/// A named table: header and rows.
pub struct XTable {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<XCell>>,
}

fn stat_cells(s: &Satisfaction, st: &Stat) -> Vec<XCell> {
    vec![
        st.n.into(),
        st.mean().into(),
        st.sd().into(),
        s.level(st).unwrap_or("ไม่มีข้อมูล").into(),
    ]
}

/// The tables of a satisfaction report.
pub fn satisfaction_tables(s: &Satisfaction) -> Vec<XTable> {
    let mut header: Vec<String> = vec!["ด้าน".into(), "ข้อ".into(), "รายการ".into()];
    for (i, l) in s.bands.labels.iter().enumerate() {
        header.push(format!("{l} ({})", 5 - i));
    }
    for (i, l) in s.bands.labels.iter().enumerate() {
        header.push(format!("ร้อยละ {l} ({})", 5 - i));
    }
    header.extend(["n", "ค่าเฉลี่ย", "S.D.", "ระดับ"].map(String::from));
    let items = s
        .items
        .iter()
        .map(|i| {
            let mut row: Vec<XCell> = vec![
                i.group.clone().into(),
                i.number.clone().into(),
                i.label.clone().into(),
            ];
            row.extend(i.counts.iter().map(|c| XCell::from(*c)));
            row.extend(
                i.counts
                    .iter()
                    .map(|c| crate::reports::stats::percent(*c, i.stat.n).into()),
            );
            row.extend(stat_cells(s, &i.stat));
            row
        })
        .collect();
    let mut groups: Vec<Vec<XCell>> = s
        .groups
        .iter()
        .map(|g| {
            let mut row: Vec<XCell> = vec![g.label.clone().into()];
            row.extend(stat_cells(s, &g.stat));
            row
        })
        .collect();
    let mut overall: Vec<XCell> = vec!["ภาพรวม".into()];
    overall.extend(stat_cells(s, &s.overall));
    groups.push(overall);
    let mut tables = vec![
        XTable {
            name: "รายข้อ".into(),
            header,
            rows: items,
        },
        XTable {
            name: "รายด้าน".into(),
            header: ["ด้าน", "n (คำตอบ)", "ค่าเฉลี่ย", "S.D.", "ระดับ"]
                .map(String::from)
                .to_vec(),
            rows: groups,
        },
        XTable {
            name: "ตัวชี้วัด".into(),
            header: ["ผู้ตอบที่ให้คะแนน", "พึงพอใจระดับมากขึ้นไป", "ร้อยละ", "วิธีคำนวณ"]
                .map(String::from)
                .to_vec(),
            rows: vec![vec![
                s.rated.into(),
                s.satisfied_now().into(),
                s.kpi_share().map(|v| v * 100.0).into(),
                s.kpi_formula().into(),
            ]],
        },
    ];
    let mut profile = Vec::new();
    for p in &s.profile {
        for (l, n) in &p.rows {
            profile.push(vec![
                p.label.clone().into(),
                l.clone().into(),
                (*n).into(),
                crate::reports::stats::percent(*n, p.answered).into(),
            ]);
        }
        for (t, n) in &p.others {
            profile.push(vec![
                p.label.clone().into(),
                format!("อื่น ๆ: {t}").into(),
                (*n).into(),
                XCell::Empty,
            ]);
        }
    }
    tables.push(XTable {
        name: "ข้อมูลผู้ตอบ".into(),
        header: ["คำถาม", "คำตอบ", "จำนวน", "ร้อยละ"]
            .map(String::from)
            .to_vec(),
        rows: profile,
    });
    let open: Vec<Vec<XCell>> = s
        .open
        .iter()
        .flat_map(|o| {
            o.answers
                .iter()
                .map(|(t, n)| vec![o.label.clone().into(), t.clone().into(), (*n).into()])
        })
        .collect();
    tables.push(XTable {
        name: "ข้อเสนอแนะ".into(),
        header: ["คำถาม", "ข้อความ", "จำนวนผู้เขียน"].map(String::from).to_vec(),
        rows: open,
    });
    tables
}

/// The tables of the service registers and cases.
pub fn service_tables(services: &[ServiceReport], cases: &[CaseRow]) -> Vec<XTable> {
    let mut out = Vec::new();
    for (i, s) in services.iter().enumerate() {
        let mut rows: Vec<Vec<XCell>> = s
            .monthly
            .iter()
            .map(|(m, n)| vec!["รายเดือน".into(), m.clone().into(), (*n).into()])
            .collect();
        for t in s.tables.iter().chain(s.stages.iter()) {
            rows.extend(
                t.rows
                    .iter()
                    .map(|(l, n)| vec![t.label.clone().into(), l.clone().into(), (*n).into()]),
            );
        }
        if let Some(d) = &s.duration {
            rows.push(vec![
                "ระยะเวลา".into(),
                "รายการที่มีวันรับและวันเสร็จ".into(),
                d.n.into(),
            ]);
            rows.push(vec![
                "ระยะเวลา".into(),
                "มัธยฐาน (วันทำการ)".into(),
                d.median.into(),
            ]);
            rows.push(vec![
                "ระยะเวลา".into(),
                "ค่าเฉลี่ย (วันทำการ)".into(),
                d.mean.into(),
            ]);
            rows.push(vec![
                "ระยะเวลา".into(),
                format!("เสร็จภายในมาตรฐาน {}", d.standard_text).into(),
                d.within.into(),
            ]);
        }
        out.push(XTable {
            name: format!("บริการ {}", i + 1),
            header: vec![s.title.clone(), "รายการ".into(), "จำนวน".into()],
            rows,
        });
    }
    out.push(XTable {
        name: "เรื่องตามกระบวนงาน".into(),
        header: [
            "กระบวนงาน",
            "เปิด",
            "ปิด",
            "เกินกำหนด",
            "ขั้นที่เสร็จ",
            "ขั้นที่เสร็จภายในกำหนด",
            "วันทำการเฉลี่ยต่อขั้น",
            "ตามมาตรฐานเฉลี่ย",
        ]
        .map(String::from)
        .to_vec(),
        rows: cases
            .iter()
            .map(|c| {
                vec![
                    c.process.clone().into(),
                    c.opened.into(),
                    c.closed.into(),
                    c.overdue.into(),
                    c.steps.into(),
                    c.steps_within.into(),
                    c.avg_days.into(),
                    c.avg_standard.into(),
                ]
            })
            .collect(),
    });
    out
}

pub fn kpi_table(kpis: &[KpiResult]) -> XTable {
    XTable {
        name: "ตัวชี้วัด".into(),
        header: [
            "กระบวนงาน",
            "ตัวชี้วัด",
            "วิธีวัด",
            "ผล (ร้อยละ)",
            "ผล",
            "เป้าหมาย (ร้อยละ)",
            "ที่มาของเป้าหมาย",
            "บรรลุ",
            "หลักฐาน",
        ]
        .map(String::from)
        .to_vec(),
        rows: kpis
            .iter()
            .map(|k| {
                vec![
                    k.process.clone().into(),
                    k.text.clone().into(),
                    k.how.clone().into(),
                    k.value.into(),
                    k.result_text().into(),
                    k.target.into(),
                    k.target_source.clone().into(),
                    k.met_text().into(),
                    k.entry
                        .as_ref()
                        .map_or(XCell::Empty, |e| e.evidence.clone().into()),
                ]
            })
            .collect(),
    }
}

/// All the tables of a year's report.
pub fn annual_tables(a: &Annual) -> Vec<XTable> {
    let mut out = vec![kpi_table(&a.kpis)];
    out.extend(service_tables(&a.services, &a.cases));
    for s in a.satisfaction.iter().filter(|s| s.n > 0) {
        for mut t in satisfaction_tables(s).into_iter().take(2) {
            t.name = format!("{} {}", s.form_id, t.name);
            out.push(t);
        }
    }
    out
}

/// Writes `tables` to `out` (owner-only, through a temporary file; an existing file is
/// replaced only by a finished workbook).
pub fn write(tables: &[XTable], out: &Path) -> Result<PathBuf, TransferError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let mut used: Vec<String> = Vec::new();
    for t in tables {
        let ws = wb.add_worksheet();
        let name = super::xlsx_out::sheet_name(&t.name, &mut used);
        ws.set_name(&name).map_err(xerr)?;
        let mut widths: Vec<usize> = t
            .header
            .iter()
            .map(|h| super::xlsx_out::width_of(h))
            .collect();
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(xerr)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let w = match cell {
                    XCell::Text(s) => {
                        ws.write_string(r, c as u16, s).map_err(xerr)?;
                        super::xlsx_out::width_of(s).min(80)
                    }
                    XCell::Num(n) => {
                        ws.write_number(r, c as u16, *n).map_err(xerr)?;
                        8
                    }
                    XCell::Empty => 0,
                };
                if let Some(x) = widths.get_mut(c) {
                    *x = (*x).max(w);
                } else {
                    widths.push(w);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).min(82.0))
                .map_err(xerr)?;
        }
    }
    let file = AtomicFile::new(out);
    drop(file.create_file().map_err(|e| super::io_error(out, &e))?);
    match wb.save(&file.temp) {
        Ok(()) => super::commit(file),
        Err(e) => {
            file.abandon();
            Err(match e {
                XlsxError::IoError(io) => super::io_error(out, &io),
                other => xerr(other),
            })
        }
    }
}

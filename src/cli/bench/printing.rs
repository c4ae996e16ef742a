//! Printing workloads of `dlict bench`: one filled form to PDF bytes, every blank form, the
//! whole manual, and the `dlict pdf form … --data …` command as a whole (cold, with its peak
//! memory).

use super::measure::{Stat, stat, time_ms};
use crate::catalog::Catalog;
use crate::forms::{self, OfficeProfile};
use crate::pdf::{self, FontSet, compose::Digits, form::FormPrint};
use chrono::NaiveDate;

/// A filled access request, as the officer prints it for signature.
pub fn sample_access_request() -> serde_json::Value {
    serde_json::json!({
        "date": "2569-11-24", "name": "นางสาวญาณี ผู้ใฝ่เรียน", "citizen_id": "1101700207030",
        "position": "ครูชำนาญการ", "unit": "โรงเรียนสารคามพิทยาคม", "phone": "0855374109",
        "email": "yanee@example.com",
        "systems": {"choices": ["student", "other"], "specify": {"other": "ระบบ AMSS++ รุ่น 2.5"}},
        "purpose": "ใช้ข้อมูลนักเรียนเพื่อจัดทำรายงานผลการเรียนและติดตามการเข้าเรียนของนักเรียนชั้นมัธยมศึกษาปีที่ ๑ ถึง ๖",
        "applicant": {"name": "นางสาวญาณี ผู้ใฝ่เรียน", "position": "ครูชำนาญการ", "date": "2569-11-24"}
    })
}

pub fn run(runs: usize, stats: &mut Vec<Stat>, notes: &mut Vec<String>) {
    let (Ok(templates), Ok(catalog)) = (forms::builtin(), Catalog::load()) else {
        return;
    };
    let fonts = FontSet::bundled();
    let profile = OfficeProfile::default();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let Some(t) = templates.iter().find(|t| t.id == "access_request") else {
        return;
    };
    let input = sample_access_request()
        .as_object()
        .cloned()
        .unwrap_or_default();
    let (answers, _) = forms::normalize(t, &input);
    let print = |t: &forms::Template, a: Option<&forms::Answers>| {
        let doc = pdf::form::form_document(
            &FormPrint {
                template: t,
                answers: a,
                record_id: Some(1),
                profile: &profile,
                today,
                digits: Digits::Thai,
                office_blank: false,
            },
            fonts,
        );
        pdf::write(&doc, fonts)
    };
    drop(print(t, Some(&answers)));
    stats.push(stat(
        "pdf_form_filled_one",
        (0..runs)
            .map(|_| time_ms(|| drop(std::hint::black_box(print(t, Some(&answers))))))
            .collect(),
    ));
    stats.push(stat(
        "pdf_blank_every_template",
        (0..runs.min(20))
            .map(|_| {
                time_ms(|| {
                    for t in &templates {
                        drop(std::hint::black_box(print(t, None)));
                    }
                })
            })
            .collect(),
    ));
    let mut pages = 0;
    stats.push(stat(
        "pdf_manual_whole",
        (0..runs.min(7))
            .map(|_| {
                time_ms(|| {
                    let doc = pdf::manual::manual_document(
                        &catalog,
                        &templates,
                        &profile,
                        today,
                        Digits::Thai,
                        fonts,
                    );
                    pages = doc.pages.len();
                    drop(std::hint::black_box(pdf::write(&doc, fonts)));
                })
            })
            .collect(),
    ));
    notes.push(format!("the whole manual is {pages} A4 pages"));
    cli_cold(runs.min(20), stats, notes);
}

/// `dlict pdf form access_request --data F.json --out F.pdf` as a whole process.
fn cli_cold(runs: usize, stats: &mut Vec<Stat>, notes: &mut Vec<String>) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("dlict-bench-pdf-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let data = dir.join("data.json");
    let out = dir.join("out.pdf");
    if std::fs::write(&data, sample_access_request().to_string()).is_err() {
        return;
    }
    let mut times = Vec::new();
    let mut peak = 0.0f64;
    for _ in 0..runs {
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("--db")
            .arg(dir.join("none.sqlite3"))
            .args(["pdf", "form", "access_request", "--data"])
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .env("DLICT_REPORT_PEAK_MEMORY", "1");
        let mut output = None;
        times.push(time_ms(|| output = cmd.output().ok()));
        if let Some(o) = output
            && let Some(mb) = String::from_utf8_lossy(&o.stderr).lines().find_map(|l| {
                l.strip_prefix("peak-memory-mib ")?
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
        {
            peak = peak.max(mb);
        }
    }
    stats.push(stat("pdf_cli_form_cold", times));
    if peak > 0.0 {
        notes.push(format!(
            "peak memory of `dlict pdf form … --data …`: {peak:.1} MiB"
        ));
        stats.push(Stat {
            name: "memory_peak_mib_pdf_cli",
            runs,
            median_ms: peak,
            p95_ms: peak,
        });
    }
    let _ = std::fs::remove_dir_all(&dir);
}

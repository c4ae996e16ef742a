//! `dlict report satisfaction|services|kpi|annual`: the headless twin of the reports area.
//! Bad input (an unknown form, a form without a rating grid, a reversed date range, a year
//! that is not a year) prints one Thai line and exits 2.

use super::calendar_cmd::parse_date;
use super::forms_cmd::templates;
use super::{Open, load_catalog, open_db, out};
use crate::forms::Template;
use crate::pdf::FontSet;
use crate::reports::annual::{self, Annual};
use crate::reports::kpi::kpi_json;
use crate::reports::satisfaction::has_rating;
use crate::reports::services::services_json;
use crate::reports::{BandSet, Filter, Period, ReportSpec};
use crate::store::Store;
use crate::store::reports::KpiEntry;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Default)]
pub struct ReportArgs {
    pub kind: String,
    pub form: Option<String>,
    pub fiscal_year: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub bands: Option<String>,
    pub unit: Option<String>,
    pub respondent: Option<String>,
    pub json: bool,
    pub pdf: Option<PathBuf>,
    pub xlsx: Option<PathBuf>,
    /// `report kpi --set p01 --result … --met yes|no [--percent N] [--evidence …] [--note …]`
    pub set: Option<String>,
    pub result: Option<String>,
    pub met: Option<String>,
    pub percent: Option<String>,
    pub evidence: Option<String>,
    pub note: Option<String>,
}

pub fn parse(parser: &mut lexopt::Parser) -> Result<ReportArgs, lexopt::Error> {
    use lexopt::prelude::*;
    let mut a = ReportArgs {
        kind: parser.value()?.string()?,
        ..ReportArgs::default()
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Long("fiscal-year") => a.fiscal_year = Some(parser.value()?.string()?),
            Long("from") => a.from = Some(parser.value()?.string()?),
            Long("to") => a.to = Some(parser.value()?.string()?),
            Long("bands") => a.bands = Some(parser.value()?.string()?),
            Long("unit") => a.unit = Some(parser.value()?.string()?),
            Long("respondent") => a.respondent = Some(parser.value()?.string()?),
            Long("json") => a.json = true,
            Long("pdf" | "out") | Short('o') => a.pdf = Some(PathBuf::from(parser.value()?)),
            Long("xlsx") => a.xlsx = Some(PathBuf::from(parser.value()?)),
            Long("set") => a.set = Some(parser.value()?.string()?),
            Long("result") => a.result = Some(parser.value()?.string()?),
            Long("met") => a.met = Some(parser.value()?.string()?),
            Long("percent") => a.percent = Some(parser.value()?.string()?),
            Long("evidence") => a.evidence = Some(parser.value()?.string()?),
            Long("note") => a.note = Some(parser.value()?.string()?),
            Value(v) if a.form.is_none() => a.form = Some(v.string()?),
            other => return Err(other.unexpected()),
        }
    }
    Ok(a)
}

fn bad(msg: &str) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::from(2)
}

fn year_of(s: &str) -> Result<i32, ExitCode> {
    crate::thai::parse_thai_number(s)
        .and_then(|y| i32::try_from(y).ok())
        .filter(|y| (2400..=2700).contains(y))
        .ok_or_else(|| {
            bad(&format!(
                "ปีงบประมาณ \"{s}\" ไม่ถูกต้อง (ใช้ปีพุทธศักราช เช่น --fiscal-year 2569)"
            ))
        })
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The period the arguments ask for; the current fiscal year when none is given.
fn period_of(a: &ReportArgs) -> Result<Period, ExitCode> {
    match (&a.fiscal_year, &a.from, &a.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(bad(
            "ใช้ --fiscal-year หรือ --from/--to อย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสองอย่าง",
        )),
        (Some(y), None, None) => Period::fiscal_year(year_of(y)?).map_err(|e| bad(&e)),
        (None, Some(f), Some(t)) => {
            let from = parse_date(f).map_err(|e| bad(&e))?;
            let to = parse_date(t).map_err(|e| bad(&e))?;
            Period::range(from, to).map_err(|e| bad(&e))
        }
        (None, Some(_), None) | (None, None, Some(_)) => {
            Err(bad("กรุณาระบุทั้ง --from และ --to (ปี ค.ศ.-เดือน-วัน)"))
        }
        (None, None, None) => {
            Period::fiscal_year(crate::thai::date::fiscal_year_be(today())).map_err(|e| bad(&e))
        }
    }
}

fn bands_of(store: &Store, a: &ReportArgs) -> Result<crate::reports::Bands, ExitCode> {
    let mut bands = store.report_bands().unwrap_or_default();
    if let Some(b) = &a.bands {
        bands.set = BandSet::parse(b).ok_or_else(|| {
            bad(&format!(
                "เกณฑ์ \"{b}\" ไม่รู้จัก (ใช้ --bands 0.5 หรือ --bands 0.8)"
            ))
        })?;
    }
    Ok(bands)
}

fn print_json(v: &serde_json::Value) -> ExitCode {
    match serde_json::to_string_pretty(v) {
        Ok(s) => {
            out(&s);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("สร้าง JSON ไม่ได้: {e}");
            ExitCode::from(1)
        }
    }
}

fn write_pdf(doc: &crate::pdf::Document, fonts: &FontSet, path: &Path) -> Result<(), ExitCode> {
    let bytes = crate::pdf::write(doc, fonts);
    crate::pdf::write_file_atomically(path, &bytes).map_err(|e| {
        eprintln!("ไม่ได้สร้าง PDF: {}", crate::atomic_file::io_message(path, &e));
        ExitCode::from(1)
    })?;
    out(&format!("บันทึก PDF แล้ว: {}", path.display()));
    Ok(())
}

fn write_xlsx(
    tables: &[crate::transfer::xlsx_report::XTable],
    path: &Path,
) -> Result<(), ExitCode> {
    let written = crate::transfer::xlsx_report::write(tables, path).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })?;
    out(&format!("บันทึก XLSX แล้ว: {}", written.display()));
    Ok(())
}

fn fonts_of(store: &Store) -> &'static FontSet {
    let settings = store.print_settings().unwrap_or_default();
    let (fonts, warning) = FontSet::with_custom(settings.font());
    if let Some(w) = warning {
        eprintln!("คำเตือน: {w}");
    }
    fonts
}

/// The year's report for `kpi` and `annual`, with the store it was read from.
fn gather_year(
    db: &Path,
    catalog: &crate::catalog::Catalog,
    year: i32,
    a: &ReportArgs,
) -> Result<(Store, Annual), ExitCode> {
    let store = open_db(db, Open::Reading)?;
    let (_, current) = templates(Some(&store))?;
    let bands = bands_of(&store, a)?;
    let cal = store
        .work_calendar()
        .unwrap_or_else(|_| crate::calendar::WorkCalendar::seeded());
    let now = chrono::Local::now().naive_local();
    let annual =
        Annual::gather(&store, catalog, &current, &cal, year, bands, now).map_err(|e| {
            eprintln!("{e}");
            ExitCode::from(1)
        })?;
    Ok((store, annual))
}

fn form_of<'t>(current: &'t [Template], id: &str) -> Result<&'t Template, ExitCode> {
    current.iter().find(|t| t.id == id).ok_or_else(|| {
        bad(&format!(
            "ไม่พบแบบฟอร์ม \"{id}\" (ดูรหัสแบบฟอร์มด้วย dlict forms --json)"
        ))
    })
}

pub fn run(db: &Path, a: ReportArgs) -> ExitCode {
    match run_inner(db, a) {
        Ok(c) | Err(c) => c,
    }
}

fn run_inner(db: &Path, a: ReportArgs) -> Result<ExitCode, ExitCode> {
    let spec = ReportSpec::load().map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })?;
    match a.kind.as_str() {
        "satisfaction" => {
            let Some(form) = a.form.clone() else {
                return Err(bad("กรุณาระบุรหัสแบบฟอร์ม: dlict report satisfaction FORM_ID"));
            };
            let period = period_of(&a)?;
            // Checked before the database: a wrong form id says so even without one.
            let (_, builtin_current) = templates(None)?;
            let store = open_db(db, Open::Reading)?;
            let (_, current) = templates(Some(&store)).unwrap_or((Vec::new(), builtin_current));
            let t = form_of(&current, &form)?;
            if !has_rating(t) {
                return Err(bad(&format!(
                    "แบบฟอร์ม \"{form}\" ({}) ไม่มีตารางระดับความพึงพอใจ จึงทำรายงานความพึงพอใจไม่ได้",
                    t.title
                )));
            }
            let fs = spec.form(&form);
            if a.respondent.is_some() && fs.respondent.is_none() {
                return Err(bad(&format!(
                    "แบบฟอร์ม \"{form}\" ไม่มีช่องประเภทผู้ตอบให้กรอง (--respondent)"
                )));
            }
            if a.unit.is_some() && fs.unit.is_none() {
                return Err(bad(&format!(
                    "แบบฟอร์ม \"{form}\" ไม่มีช่องโรงเรียน/หน่วยงานให้กรอง (--unit)"
                )));
            }
            let bands = bands_of(&store, &a)?;
            let filter = Filter {
                period,
                unit: a.unit.clone(),
                respondent: a.respondent.clone(),
            };
            let s = store.satisfaction(t, &filter, &fs, bands).map_err(|e| {
                eprintln!("{e}");
                ExitCode::from(1)
            })?;
            if let Some(p) = &a.pdf {
                let profile = store.profile().unwrap_or_default();
                let digits = store.print_settings().unwrap_or_default().digits();
                let fonts = fonts_of(&store);
                let doc = crate::pdf::report::satisfaction::satisfaction_report(
                    &s,
                    &profile,
                    &filter.lines(),
                    digits,
                    fonts,
                );
                write_pdf(&doc, fonts, p)?;
            }
            if let Some(x) = &a.xlsx {
                write_xlsx(&crate::transfer::xlsx_report::satisfaction_tables(&s), x)?;
            }
            if a.json {
                return Ok(print_json(&s.to_json()));
            }
            if a.pdf.is_none() && a.xlsx.is_none() {
                out(&summary_line(&s));
            }
            Ok(ExitCode::SUCCESS)
        }
        "services" => {
            let period = period_of(&a)?;
            let store = open_db(db, Open::Reading)?;
            let catalog = load_catalog()?;
            let (_, current) = templates(Some(&store))?;
            let cal = store
                .work_calendar()
                .unwrap_or_else(|_| crate::calendar::WorkCalendar::seeded());
            let now = chrono::Local::now().naive_local();
            let e = |e: crate::store::StoreError| {
                eprintln!("{e}");
                ExitCode::from(1)
            };
            let services =
                annual::services(&store, &catalog, &current, spec, &cal, &period).map_err(e)?;
            let cases = annual::cases(&store, &catalog, &cal, &period, now).map_err(e)?;
            if let Some(x) = &a.xlsx {
                write_xlsx(
                    &crate::transfer::xlsx_report::service_tables(&services, &cases),
                    x,
                )?;
            }
            let mut v = services_json(&services, &cases);
            v["from"] = serde_json::json!(period.from.to_string());
            v["to"] = serde_json::json!(period.to.to_string());
            Ok(print_json(&v))
        }
        "kpi" => {
            let Some(y) = &a.fiscal_year else {
                return Err(bad("กรุณาระบุปีงบประมาณ: dlict report kpi --fiscal-year 2569"));
            };
            let year = year_of(y)?;
            let catalog = load_catalog()?;
            if let Some(pid) = &a.set {
                return set_kpi(db, &catalog, year, pid, &a);
            }
            let (_, annual) = gather_year(db, &catalog, year, &a)?;
            if let Some(x) = &a.xlsx {
                write_xlsx(&[crate::transfer::xlsx_report::kpi_table(&annual.kpis)], x)?;
            }
            Ok(print_json(&kpi_json(year, &annual.bands, &annual.kpis)))
        }
        "annual" => {
            let Some(y) = &a.fiscal_year else {
                return Err(bad(
                    "กรุณาระบุปีงบประมาณ: dlict report annual --fiscal-year 2569 --out FILE.pdf",
                ));
            };
            let year = year_of(y)?;
            if a.pdf.is_none() && a.xlsx.is_none() {
                return Err(bad(
                    "กรุณาระบุไฟล์ที่จะบันทึก: --out FILE.pdf (และ/หรือ --xlsx FILE.xlsx)",
                ));
            }
            let catalog = load_catalog()?;
            let (store, annual) = gather_year(db, &catalog, year, &a)?;
            if let Some(p) = &a.pdf {
                let profile = store.profile().unwrap_or_default();
                let digits = store.print_settings().unwrap_or_default().digits();
                let fonts = fonts_of(&store);
                let doc = crate::pdf::report::annual::annual_report(
                    &annual, &catalog, &profile, digits, fonts,
                );
                write_pdf(&doc, fonts, p)?;
            }
            if let Some(x) = &a.xlsx {
                write_xlsx(&crate::transfer::xlsx_report::annual_tables(&annual), x)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        other => Err(bad(&format!(
            "ไม่รู้จักรายงาน \"{other}\" (ใช้ satisfaction, services, kpi หรือ annual)"
        ))),
    }
}

fn summary_line(s: &crate::reports::Satisfaction) -> String {
    match s.overall.hundredths() {
        Some(h) => format!(
            "{}: ผู้ตอบ {} คน ค่าเฉลี่ยภาพรวม {} S.D. {} ระดับ{}",
            s.title,
            s.n,
            crate::reports::stats::two_decimals(h),
            crate::reports::stats::sd_text(s.overall.sd()),
            s.bands.label(h)
        ),
        None => format!("{}: ไม่มีข้อมูล", s.title),
    }
}

fn set_kpi(
    db: &Path,
    catalog: &crate::catalog::Catalog,
    year: i32,
    pid: &str,
    a: &ReportArgs,
) -> Result<ExitCode, ExitCode> {
    let Some(p) = catalog.process(pid) else {
        return Err(bad(&format!("ไม่พบกระบวนงาน \"{pid}\" (ใช้ p01–p21)")));
    };
    if p.measure
        .as_ref()
        .is_some_and(|m| !matches!(m, crate::catalog::measure::Measure::Manual { .. }))
    {
        return Err(bad(&format!(
            "ตัวชี้วัดของกระบวนงาน {pid} คำนวณจากบันทึก ไม่ต้องบันทึกผลเอง"
        )));
    }
    let met = match a.met.as_deref() {
        Some("yes" | "y" | "true" | "บรรลุ") => true,
        Some("no" | "n" | "false" | "ไม่บรรลุ") => false,
        _ => return Err(bad("กรุณาระบุ --met yes หรือ --met no")),
    };
    let percent = match &a.percent {
        Some(s) => Some(
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..=100.0).contains(v))
                .ok_or_else(|| bad(&format!("ร้อยละ \"{s}\" ไม่ถูกต้อง (๐–๑๐๐)")))?,
        ),
        None => None,
    };
    let entry = KpiEntry {
        result: a.result.clone().unwrap_or_default(),
        percent,
        met,
        note: a.note.clone().unwrap_or_default(),
        evidence: a.evidence.clone().unwrap_or_default(),
        updated_at: String::new(),
    };
    let mut store = super::open_records(db, Open::Create)?;
    store.save_kpi(year, &p.id(), &entry).map_err(|e| {
        eprintln!("{e}");
        match e {
            crate::store::StoreError::Invalid(_) => ExitCode::from(2),
            _ => ExitCode::from(1),
        }
    })?;
    out(&format!(
        "บันทึกผลตัวชี้วัดของกระบวนงาน {} ปีงบประมาณ {year} แล้ว",
        p.id()
    ));
    Ok(ExitCode::SUCCESS)
}

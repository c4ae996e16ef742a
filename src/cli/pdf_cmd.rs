//! `dlict pdf form|record|process|manual`: the headless twin of "พิมพ์ / บันทึกเป็น PDF".

use super::forms_cmd::{check_data, templates};
use crate::catalog::Catalog;
use crate::forms::{OfficeProfile, Template};
use crate::pdf::{self, FontSet, form::FormPrint, settings::PrintSettings};
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub enum PdfJob {
    Form {
        form: String,
        data: Option<PathBuf>,
    },
    Records {
        ids: Vec<i64>,
    },
    Process {
        id: String,
    },
    Manual,
    /// ใบติดตามเรื่อง of a case.
    Case {
        id: i64,
    },
    /// บันทึกข้อความ for a case's current step (its text prefilled; `--data` a JSON memo to
    /// print as edited).
    Memo {
        id: i64,
        data: Option<PathBuf>,
    },
}

pub struct PdfArgs {
    pub job: PdfJob,
    pub out: PathBuf,
    pub digits: Option<bool>,
    pub font: Option<PathBuf>,
    /// `--office-blank`: office-use sections printed empty for handwriting.
    pub office_blank: bool,
}

/// The store when the database file exists (printing never creates one); records need it.
fn existing_store(db: &Path, job: &PdfJob) -> Result<Option<Store>, ExitCode> {
    if db.exists()
        || matches!(
            job,
            PdfJob::Records { .. } | PdfJob::Case { .. } | PdfJob::Memo { .. }
        )
    {
        super::open_db(db, super::Open::Reading).map(Some)
    } else {
        Ok(None)
    }
}

pub fn run(db: &Path, args: PdfArgs) -> ExitCode {
    let store = match existing_store(db, &args.job) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let mut settings = store
        .as_ref()
        .and_then(|s| s.print_settings().ok())
        .unwrap_or_default();
    if let Some(arabic) = args.digits {
        settings.arabic_digits = arabic;
    }
    if args.office_blank {
        settings.office_blank = true;
    }
    if let Some(f) = &args.font {
        settings.font_path = f.display().to_string();
    }
    let profile = store
        .as_ref()
        .and_then(|s| s.profile().ok())
        .unwrap_or_default();
    let (fonts, warning) = FontSet::with_custom(settings.font());
    if let Some(w) = warning {
        eprintln!("คำเตือน: {w}");
    }
    let doc = match build(store.as_ref(), &args.job, &settings, &profile, fonts) {
        Ok(d) => d,
        Err(code) => return code,
    };
    // Printed records show citizen ids in full: the log says who printed which, and a
    // database that cannot be written (so cannot log it) prints nothing of them.
    if let PdfJob::Records { ids } = &args.job
        && let Some(store) = &store
    {
        let logged = if store.is_read_only() {
            Err("ฐานข้อมูลเป็นแบบอ่านอย่างเดียว".to_owned())
        } else {
            store
                .audit_database_event(
                    "print",
                    serde_json::json!({
                        "records": ids,
                        "file": crate::store::backup::absolute(&args.out),
                        "citizen_ids": "included",
                    }),
                )
                .map_err(|e| e.to_string())
        };
        if let Err(why) = logged {
            eprintln!("ไม่ได้สร้าง PDF: บันทึกการพิมพ์ลงบันทึกการใช้งานไม่ได้ ({why})");
            return ExitCode::from(1);
        }
    }
    let bytes = pdf::write(&doc, fonts);
    match pdf::write_file_atomically(&args.out, &bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "ไม่ได้สร้าง PDF: {}",
                crate::atomic_file::io_message(&args.out, &e)
            );
            ExitCode::from(1)
        }
    }
}

fn build(
    store: Option<&Store>,
    job: &PdfJob,
    settings: &PrintSettings,
    profile: &OfficeProfile,
    fonts: &FontSet,
) -> Result<pdf::Document, ExitCode> {
    let today = chrono::Local::now().date_naive();
    let digits = settings.digits();
    match job {
        PdfJob::Form { form, data } => {
            let (_, current) = templates(store)?;
            let Some(t) = current.iter().find(|t| &t.id == form) else {
                eprintln!("ไม่พบแบบฟอร์ม “{form}” (ดูรายการด้วย dlict forms --json)");
                return Err(ExitCode::from(2));
            };
            let answers = match data {
                Some(file) => match check_data(t, file) {
                    Ok(a) => Some(a),
                    Err(lines) => {
                        for l in &lines {
                            eprintln!("{l}");
                        }
                        eprintln!("ไม่ได้สร้าง PDF: แก้ไขข้อมูลตามข้างต้น");
                        return Err(ExitCode::from(2));
                    }
                },
                None => None,
            };
            Ok(pdf::form::form_document(
                &FormPrint {
                    template: t,
                    answers: answers.as_ref(),
                    record_id: None,
                    profile,
                    today,
                    digits,
                    office_blank: settings.office_blank,
                },
                fonts,
            ))
        }
        PdfJob::Records { ids } => {
            let Some(store) = store else {
                return Err(ExitCode::from(2));
            };
            let (builtin, _) = templates(Some(store))?;
            let mut docs = Vec::new();
            for id in ids {
                let (record, template) = match record_with_template(store, &builtin, *id) {
                    Ok(x) => x,
                    Err(msg) => {
                        eprintln!("{msg}");
                        return Err(ExitCode::from(2));
                    }
                };
                docs.push(pdf::form::form_document(
                    &FormPrint {
                        template: &template,
                        answers: Some(&record.answers),
                        record_id: Some(record.id),
                        profile,
                        today,
                        digits,
                        office_blank: settings.office_blank,
                    },
                    fonts,
                ));
            }
            let title = docs.first().map(|d| d.title.clone()).unwrap_or_default();
            Ok(pdf::form::concat(docs, &title))
        }
        PdfJob::Process { id } => {
            let catalog = catalog()?;
            let Some(p) = catalog.process(id) else {
                eprintln!("ไม่พบกระบวนงาน “{id}” (ใช้ p01–p21)");
                return Err(ExitCode::from(2));
            };
            Ok(pdf::process::process_sheet(p, profile, digits, fonts))
        }
        PdfJob::Case { id } | PdfJob::Memo { id, .. } => {
            let Some(store) = store else {
                return Err(ExitCode::from(2));
            };
            let catalog = catalog()?;
            let case = store.case(*id).map_err(|e| super::case_cmd::fail(&e))?;
            let Some(p) = catalog.process(&case.process_id) else {
                eprintln!("ไม่พบกระบวนงาน “{}”", case.process_id);
                return Err(ExitCode::from(2));
            };
            if let PdfJob::Memo { data, .. } = job {
                let memo = if let Some(file) = data {
                    let text =
                        crate::text_file::read(file, crate::forms::limits::MAX_DATA_FILE_BYTES)
                            .map_err(|e| {
                                eprintln!("{e}");
                                ExitCode::from(2)
                            })?;
                    serde_json::from_str(&text).map_err(|e| {
                        eprintln!("ไฟล์ {} ไม่ใช่บันทึกข้อความแบบ JSON: {e}", file.display());
                        ExitCode::from(2)
                    })?
                } else {
                    let node = crate::cases::memo::memo_step(&case, p)
                        .or_else(|| case.current().map(|s| s.node.clone()))
                        .or_else(|| case.steps.last().map(|s| s.node.clone()))
                        .unwrap_or_default();
                    crate::cases::memo::MemoDraft::for_case(&case, p, &node, profile, today)
                };
                return Ok(pdf::memo::memo_document(&memo, digits, fonts));
            }
            let cal = store
                .work_calendar()
                .map_err(|e| super::case_cmd::fail(&e))?;
            Ok(pdf::case_sheet::case_sheet(
                &case, p, profile, &cal, today, digits, fonts,
            ))
        }
        PdfJob::Manual => {
            let catalog = catalog()?;
            let (_, current) = templates(store)?;
            Ok(pdf::manual::manual_document(
                &catalog, &current, profile, today, digits, fonts,
            ))
        }
    }
}

fn catalog() -> Result<Catalog, ExitCode> {
    Catalog::load().map_err(|e| {
        eprintln!("ข้อมูลกระบวนงานเสียหาย: {e}");
        ExitCode::from(1)
    })
}

/// A record and the template version it was filled with.
fn record_with_template(
    store: &Store,
    builtin: &[Template],
    id: i64,
) -> Result<(crate::store::Record, Template), String> {
    let record = store.record(id).map_err(|e| e.to_string())?;
    let template = store
        .template(builtin, &record.form_id, record.template_version)
        .map_err(|e| e.to_string())?;
    Ok((record, template))
}

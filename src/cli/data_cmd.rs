//! `dlict export`, `import`, `backup`, `restore`, `check`: the data jobs of the window's
//! ข้อมูลและการสำรอง area, headless.

use super::out;
use crate::store::backup::{self, DbSummary};
use crate::store::{InstanceLock, RecordFilter, StatusFilter, Store, StoreError};
use crate::thai::digits;
use crate::transfer::{self, DateStyle, ExportFormat, ExportOptions, csv_in};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportArgs {
    pub format: ExportFormat,
    pub form: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: StatusFilter,
    pub date_style: DateStyle,
    pub include_citizen_id: bool,
    pub out: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportArgs {
    /// None for a JSON export file.
    pub form: Option<String>,
    pub file: PathBuf,
    pub mapping: Option<PathBuf>,
    pub dry_run: bool,
}

/// A date given on the command line, in any form the forms accept, as ISO.
pub fn parse_date_arg(s: &str) -> Result<String, String> {
    crate::thai::date::parse(s)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|e| format!("วันที่ “{s}”: {}", e.0))
}

/// The database for a command that reads: never created; opened read-only (and the command
/// then not logged) when the file cannot be written.
fn open_existing(db: &Path) -> Result<Store, ExitCode> {
    super::open_db(db, super::Open::Reading)
}

fn n(x: usize) -> String {
    digits(x)
}

pub fn export(db: &Path, a: ExportArgs) -> ExitCode {
    let mut store = match open_existing(db) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let builtin = crate::forms::builtin_lenient().0;
    if let Some(f) = &a.form
        && !store
            .current_templates(&builtin)
            .is_ok_and(|ts| ts.iter().any(|t| &t.id == f))
    {
        eprintln!("ไม่พบแบบฟอร์ม “{f}” (ดูรหัสด้วย dlict forms --json)");
        return ExitCode::from(2);
    }
    let catalog = crate::catalog::Catalog::load().ok();
    let whole = a.form.is_none();
    let opts = ExportOptions {
        format: a.format,
        filter: RecordFilter {
            form: a.form,
            from: a.from,
            to: a.to,
            status: a.status,
        },
        date_style: a.date_style,
        include_citizen_id: a.include_citizen_id,
        include_audit: whole,
        include_processes: whole,
        skip_records: false,
        audit_query: None,
    };
    match transfer::export(&mut store, catalog.as_ref(), &builtin, &opts, &a.out) {
        Ok(r) => {
            for f in &r.files {
                out(&f.display().to_string());
            }
            out(&format!(
                "ส่งออก {} ({})",
                r.describe(opts.include_audit),
                if opts.include_citizen_id {
                    "รวมเลขประจำตัวประชาชน — บันทึกไว้ในบันทึกการใช้งานแล้ว"
                } else {
                    "เลขประจำตัวประชาชนถูกปิดบัง"
                }
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

pub fn import(db: &Path, a: ImportArgs) -> ExitCode {
    // Before the database is opened (or created): nothing happens for a mistyped file name.
    if !a.file.is_file() {
        eprintln!("ไม่พบไฟล์ {}", a.file.display());
        return ExitCode::from(2);
    }
    let builtin = crate::forms::builtin_lenient().0;
    // The office's file, or the shared server when `db` is its address.
    let mut store = match super::open_records(db, super::Open::Create) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let Some(form) = a.form else {
        if a.dry_run {
            eprintln!("--dry-run ใช้ได้กับการนำเข้า CSV เท่านั้น");
            return ExitCode::from(2);
        }
        return match transfer::json_in::import(&mut *store, &builtin, &a.file) {
            Ok(r) => {
                for (id, why) in &r.invalid {
                    out(&format!(
                        "บันทึกเลขที่ {} ในไฟล์: {why} (ไม่ได้นำเข้า)",
                        n(*id as usize)
                    ));
                }
                out(&format!(
                    "นำเข้า {} บันทึก (มีอยู่แล้ว {} เปลี่ยนเลขที่ {} ไม่ถูกต้อง {})",
                    n(r.added),
                    n(r.skipped),
                    n(r.renumbered),
                    n(r.invalid.len())
                ));
                if r.added == 0 && !r.invalid.is_empty() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(1)
            }
        };
    };
    let t = match store.templates_now(&builtin) {
        Ok(ts) => {
            if let Some(t) = ts.into_iter().find(|t| t.id == form) {
                t
            } else {
                eprintln!("ไม่พบแบบฟอร์ม “{form}” (ดูรหัสด้วย dlict forms --json)");
                return ExitCode::from(2);
            }
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let table = match csv_in::read_csv(&a.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let mut mapping = csv_in::auto_map(&t, &table.headers);
    if let Some(m) = &a.mapping {
        let text = match crate::text_file::read(m, crate::forms::limits::MAX_DATA_FILE_BYTES) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        };
        if let Err(e) = csv_in::apply_mapping_file(&t, &table.headers, &mut mapping, &text) {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    let names = csv_in::targets(&t);
    out("การจับคู่คอลัมน์:");
    for (h, m) in table.headers.iter().zip(&mapping) {
        let name = names
            .iter()
            .find(|(x, _)| x == m)
            .map(|(_, s)| s.as_str())
            .unwrap_or("?");
        out(&format!("  {h} → {name}"));
    }
    // The dry run checks; the import checks and saves in the same single pass.
    let (preview, report) = if a.dry_run {
        match csv_in::preview(&mut *store, &t, &table, &mapping) {
            Ok(p) => (p, None),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        }
    } else {
        match csv_in::import(&mut *store, &t, &table, &mapping, &table.file_name) {
            Ok((p, r)) => (p, Some(r)),
            Err(e) => {
                eprintln!("ไม่ได้นำเข้า (ฐานข้อมูลยังเป็นแบบเดิม): {e}");
                return ExitCode::from(1);
            }
        }
    };
    if !preview.unmapped_required.is_empty() {
        out(&format!(
            "ช่องที่ต้องกรอกแต่ไม่มีคอลัมน์ใดจับคู่: {}",
            preview.unmapped_required.join(", ")
        ));
    }
    for r in preview
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty() && !r.duplicate)
    {
        out(&format!("{}: {}", r.lines_thai(), r.errors.join(" · ")));
    }
    out(&preview.line_accounting());
    let Some(r) = report else {
        out(&format!(
            "ตรวจแล้ว (ยังไม่นำเข้า): นำเข้าได้ {} แถว ไม่ถูกต้อง {} แถว ซ้ำกับที่นำเข้าแล้ว {} แถว",
            n(preview.valid()),
            n(preview.invalid()),
            n(preview.duplicates())
        ));
        return if preview.valid() == 0 && preview.duplicates() < preview.rows.len() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    };
    out(&format!(
        "นำเข้า {} แถว ไม่ถูกต้อง {} แถว (ไม่ได้นำเข้า) ซ้ำกับที่นำเข้าแล้ว {} แถว (ข้าม)",
        n(r.imported),
        n(r.invalid),
        n(r.duplicates)
    ));
    if r.nothing_imported() {
        eprintln!("ไม่ได้นำเข้าแถวใดเลย: แก้ไขแถวที่ไม่ถูกต้องตามข้างต้นแล้วนำเข้าอีกครั้ง");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn backup_cmd(db: &Path, to: &Path) -> ExitCode {
    // Works while the window is open; written to the log unless the database is read-only.
    let store = match Store::open_for_reading(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(if matches!(e, StoreError::Missing(_)) {
                2
            } else {
                1
            });
        }
    };
    match store.backup_as(to, backup::Publish::New) {
        Ok((to, bytes)) => {
            out(&format!(
                "สำรองฐานข้อมูลไว้ที่ {} ({} กิโลไบต์)",
                to.display(),
                n((bytes / 1024) as usize)
            ));
            if store.is_read_only() {
                eprintln!("หมายเหตุ: ฐานข้อมูลเป็นแบบอ่านอย่างเดียว จึงบันทึกการสำรองลงบันทึกการใช้งานไม่ได้");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("สำรองฐานข้อมูลไม่สำเร็จ: {e}");
            ExitCode::from(1)
        }
    }
}

/// Lines describing what a database holds.
pub(super) fn describe(s: &DbSummary) -> Vec<String> {
    let mut lines = vec![format!(
        "บันทึก {} รายการ ใน {} แบบฟอร์ม · บันทึกการใช้งาน {} รายการ · โครงสร้างรุ่น {} · ขนาด {} กิโลไบต์",
        n(s.total_records()),
        n(s.records.len()),
        n(s.audit_entries),
        n(s.schema_version),
        n((s.bytes / 1024) as usize)
    )];
    if let Some(at) = &s.last_change {
        lines.push(format!("แก้ไขล่าสุด {}", at.replace('T', " ")));
    }
    for (form, count) in &s.records {
        lines.push(format!("  {form}: {} บันทึก", n(*count)));
    }
    lines
}

pub fn restore(db: &Path, from: &Path) -> ExitCode {
    // The target is checked before anything is created beside it: a folder, a device or a
    // file that is not a database at all (a picture given by mistake) is left untouched.
    if let Err(e) = backup::restorable_target(db) {
        eprintln!("กู้คืนไม่สำเร็จ: {e}");
        return ExitCode::from(2);
    }
    let summary = match backup::inspect(from) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ใช้ไฟล์สำรองนี้ไม่ได้: {e}");
            return ExitCode::from(1);
        }
    };
    let lock = match InstanceLock::acquire(db) {
        Ok(Some(l)) => l,
        Ok(None) => {
            eprintln!("ฐานข้อมูลนี้เปิดอยู่ในหน้าต่างโปรแกรม กรุณาปิดหน้าต่างก่อนกู้คืน หรือกู้คืนจากเมนูในหน้าต่างนั้น");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("{}", transfer::io_error(db, &e));
            return ExitCode::from(1);
        }
    };
    out(&format!("ไฟล์สำรอง {} ผ่านการตรวจความสมบูรณ์:", from.display()));
    for l in describe(&summary) {
        out(&l);
    }
    let healthy = db.is_file() && backup::quick_inspect(db).is_ok();
    let result = if healthy {
        Store::open(db)
            .and_then(|mut s| s.restore_from(from))
            .map(|r| format!("กู้คืนแล้ว ฐานข้อมูลเดิมเก็บไว้ที่ {}", r.previous_kept_as.display()))
    } else {
        backup::restore_over_damaged(db, from).map(|(_, aside)| {
            if aside.as_os_str().is_empty() {
                "กู้คืนแล้ว".to_owned()
            } else {
                format!(
                    "กู้คืนแล้ว ไฟล์ฐานข้อมูลที่เสียหายเก็บไว้ที่ {} (ไม่ได้ลบหรือเขียนทับ)",
                    aside.display()
                )
            }
        })
    };
    drop(lock);
    match result {
        Ok(msg) => {
            out(&msg);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("กู้คืนไม่สำเร็จ ฐานข้อมูลยังเป็นแบบเดิม: {e}");
            ExitCode::from(1)
        }
    }
}

pub fn check(db: &Path) -> ExitCode {
    if db.is_dir() {
        eprintln!("{}", StoreError::IsFolder(db.to_path_buf()));
        return ExitCode::from(2);
    }
    if !db.exists() {
        eprintln!("{}", StoreError::Missing(db.to_path_buf()));
        return ExitCode::from(2);
    }
    let backups = backup::list_backups(&backup::backups_dir(db));
    let backup_line = match backups.first() {
        Some(b) => format!(
            "สำเนาสำรอง {} ไฟล์ ล่าสุด {}",
            n(backups.len()),
            b.path.display()
        ),
        None => "ยังไม่มีสำเนาสำรองในโฟลเดอร์ backups".to_owned(),
    };
    match backup::inspect(db) {
        Ok(s) => {
            out(&format!(
                "ฐานข้อมูล {} สมบูรณ์ (integrity_check: ok)",
                db.display()
            ));
            for l in describe(&s) {
                out(&l);
            }
            out(&backup_line);
            ExitCode::SUCCESS
        }
        Err(e) => {
            out(&format!("ฐานข้อมูล {} มีปัญหา: {e}", db.display()));
            match backups.iter().find_map(|b| backup::inspect(&b.path).ok()) {
                Some(good) => out(&format!(
                    "สำเนาสำรองที่ใช้ได้ล่าสุด: {} — กู้คืนด้วย dlict restore \"{}\"",
                    good.path.display(),
                    good.path.display()
                )),
                None => out(&backup_line),
            }
            ExitCode::from(1)
        }
    }
}

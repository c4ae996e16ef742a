//! The headless twin of every main job: `dlict catalog`, `dlict bench`, and (no arguments)
//! the window.
#![expect(
    clippy::print_stderr,
    clippy::print_stdout,
    reason = "the command line speaks to the officer on stdout and stderr"
)]

pub mod bench;
pub mod calendar_cmd;
pub mod case_cmd;
mod catalog_json;
pub mod data_cmd;
pub mod forms_cmd;
pub mod pdf_cmd;
pub mod report_cmd;
pub mod server_cmd;

use crate::catalog::Catalog;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "dlict — คู่มือการปฏิบัติงาน กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร

การใช้งาน:
  dlict [--open p01] [--renderer wgpu|glow]
                              เปิดหน้าต่างโปรแกรม (และเปิดแท็บกระบวนงานที่ระบุ) ตัวแสดงผล:
                              ลอง wgpu ก่อน ถ้าเริ่มไม่ได้ใช้ glow (--renderer บังคับใช้ตัวใดตัวหนึ่ง)
  dlict catalog --json        พิมพ์กระบวนงานทั้งหมดเป็น JSON
  dlict catalog --check       ตรวจความถูกต้องของข้อมูลกระบวนงานและผังขั้นตอน
  dlict forms --json          พิมพ์แม่แบบแบบฟอร์มทั้งหมดพร้อมช่องกรอก เป็น JSON
  dlict forms --check         ตรวจแม่แบบแบบฟอร์มที่ติดมากับโปรแกรม
  dlict record add FORM_ID --data FILE.json [--draft]
                              ตรวจและบันทึกแบบฟอร์มที่กรอกแล้ว พิมพ์เลขที่บันทึก
  dlict record show RECORD_ID --json [--reveal-citizen-id]
                              พิมพ์บันทึกหนึ่งรายการ (รวม number เลขที่ของแบบฟอร์ม และ version)
  dlict record update RECORD_ID --data FILE.json [--version N] [--draft]
                              แก้ไขบันทึก ถ้าระบุ --version แล้วมีผู้แก้ไขหลังรุ่นนั้น จะไม่บันทึก (exit 2)
  dlict record list FORM_ID --json [--reveal-citizen-id]
                              พิมพ์บันทึกของแบบฟอร์ม (เลขประจำตัวประชาชนถูกปิดบัง)
  dlict pdf form FORM_ID --blank --out FILE.pdf
  dlict pdf form FORM_ID --data FILE.json --out FILE.pdf
  dlict pdf record RECORD_ID [RECORD_ID …] --out FILE.pdf
  dlict pdf process PROCESS_ID --out FILE.pdf
  dlict pdf manual --out FILE.pdf
  dlict pdf case CASE_ID --out FILE.pdf        ใบติดตามเรื่อง
  dlict pdf memo CASE_ID [--data MEMO.json] --out FILE.pdf
                              บันทึกข้อความเสนอ ผอ.สพท. ของขั้นปัจจุบัน
                              สร้าง PDF สำหรับพิมพ์ (ตัวเลือก: --arabic-digits, --thai-digits,
                              --font ไฟล์ฟอนต์ TH Sarabun New, --office-blank
                              เว้นส่วนสำหรับเจ้าหน้าที่ว่างไว้เขียนด้วยมือ)

  dlict export --format csv|xlsx|json --out DIR_OR_FILE [--form FORM_ID]
               [--from DATE --to DATE] [--status active|complete|draft|cancelled|all]
               [--dates iso|be] [--include-citizen-id]
                              ส่งออกบันทึก (ทั้งหมด: รวมบันทึกการใช้งานและมาตรฐานกระบวนงาน)
                              เลขประจำตัวประชาชนถูกปิดบัง เว้นแต่ระบุ --include-citizen-id
  dlict import FORM_ID FILE.csv [--mapping FILE.json] [--dry-run]
                              นำเข้าคำตอบจากแบบฟอร์มออนไลน์ (เช่น Google Forms)
  dlict import FILE.json      นำเข้าไฟล์ส่งออก JSON ของโปรแกรมคืน
  dlict backup --out FILE     สำรองฐานข้อมูล (ทำได้ขณะเปิดโปรแกรมอยู่)
  dlict restore FILE          กู้คืนฐานข้อมูลจากไฟล์สำรอง (ฐานข้อมูลเดิมถูกเก็บเป็นสำเนา)
  dlict check                 ตรวจความสมบูรณ์ของฐานข้อมูล (สมบูรณ์: exit 0)
  dlict migrate --from FILE.sqlite3 --to postgres://ผู้ใช้@เครื่อง:พอร์ต/ฐานข้อมูล
  dlict migrate --from postgres://… --to FILE.sqlite3
                              ย้ายข้อมูลทั้งหมดไปฐานข้อมูลกลาง (PostgreSQL) หรือคัดลอกกลับเป็นไฟล์
                              ในรายการเดียว นับแถวทุกตารางให้ตรงกันก่อนยืนยัน ต้นทางไม่ถูกแก้ไข
                              รหัสผ่านอ่านจากตัวแปร PGPASSWORD
  dlict backup --db postgres://… --out FILE
                              สำรองฐานข้อมูลกลางเป็นไฟล์ (ข้อมูล ณ เวลาเดียวกันทั้งหมด)

  dlict workdays add YYYY-MM-DD N [--unit working_days|calendar_days|months] [--why]
                              วันครบกำหนดเมื่อรับเรื่องวันนั้น (ไม่นับวันที่รับ ข้ามวันหยุดราชการ)
  dlict holidays list [--year YYYY] [--json]
  dlict holidays add YYYY-MM-DD ชื่อวันหยุด [--kind office|cabinet_extra|…]
  dlict holidays remove YYYY-MM-DD
                              ตารางวันหยุด (การแก้ไขถูกบันทึกในบันทึกการใช้งาน)
  dlict case start PROCESS_ID [--flow N] --title T [--requester NAME] [--unit U]
                   [--contact C] [--received YYYY-MM-DDTHH:MM] [--record ID]
                              เปิดเรื่องใหม่ พิมพ์รหัสเรื่อง
  dlict case step CASE_ID [--result pass|fail] [--note T] [--at YYYY-MM-DDTHH:MM]
                              เสร็จขั้นปัจจุบัน (จุดตัดสินใจต้องมี --result) พิมพ์ขั้นถัดไป
  dlict case pause|cancel CASE_ID --reason T [--at …]
  dlict case resume|reopen CASE_ID [--at …]
  dlict case due CASE_ID YYYY-MM-DD|auto
  dlict case attach CASE_ID RECORD_ID
  dlict case show CASE_ID [--json]
  dlict case list [--overdue] [--as-of YYYY-MM-DD] [--process p07] [--status S] [--json]

  dlict report satisfaction FORM_ID [--fiscal-year 2569 | --from YYYY-MM-DD --to YYYY-MM-DD]
               [--bands 0.5|0.8] [--unit TEXT] [--respondent CHOICE_ID]
               [--json] [--pdf FILE.pdf] [--xlsx FILE.xlsx]
                              รายงานความพึงพอใจ: ค่าเฉลี่ย S.D. ระดับ รายข้อ รายด้าน ภาพรวม
  dlict report services [--fiscal-year Y | --from … --to …] [--xlsx FILE] --json
                              สถิติการให้บริการและเรื่องตามกระบวนงาน
  dlict report kpi --fiscal-year Y [--json] [--xlsx FILE]
  dlict report kpi --fiscal-year Y --set p01 --result T --met yes|no [--percent N]
                   [--evidence T] [--note T]
                              ผลตามตัวชี้วัด (บันทึกผลที่คำนวณจากบันทึกไม่ได้)
  dlict report annual --fiscal-year Y --out FILE.pdf [--xlsx FILE.xlsx]
                              รายงานผลการดำเนินงานประจำปีงบประมาณ

ตัวเลือกทุกคำสั่ง:
  --db PATH                   ใช้ไฟล์ฐานข้อมูลนี้แทนไฟล์ในโฟลเดอร์ข้อมูลของผู้ใช้
  --db postgres://…           ฐานข้อมูลกลาง (ทุกคำสั่งและหน้าต่างโปรแกรม): รายงาน ส่งออก
                              พิมพ์ และตรวจ ทำจากสำเนาข้อมูล ณ ขณะนั้น; dlict restore
                              เก็บข้อมูลเดิมของฐานข้อมูลกลางเป็นไฟล์ในเครื่องนี้ก่อน
  dlict bench [--json] [--runs N]
                              วัดความเร็วของงานหลัก (ควรใช้ release build)
  dlict --help | --version
";

enum Command {
    Gui {
        open: Option<String>,
        renderer: Option<String>,
    },
    CatalogJson,
    CatalogCheck,
    FormsJson,
    FormsCheck,
    RecordAdd {
        form: String,
        data: PathBuf,
        draft: bool,
    },
    RecordShow {
        id: String,
        reveal: bool,
    },
    RecordUpdate {
        id: String,
        data: PathBuf,
        version: Option<String>,
        draft: bool,
    },
    RecordList {
        form: String,
        reveal: bool,
    },
    Bench {
        json: bool,
        runs: usize,
    },
    Pdf(pdf_cmd::PdfArgs),
    Export(data_cmd::ExportArgs),
    Import(data_cmd::ImportArgs),
    Backup {
        out: PathBuf,
    },
    Restore {
        file: PathBuf,
    },
    Check,
    Migrate {
        from: String,
        to: String,
    },
    Calendar(calendar_cmd::CalendarArgs),
    Case(case_cmd::CaseArgs),
    Report(Box<report_cmd::ReportArgs>),
    Help,
    Version,
}

fn parse(args: Vec<OsString>) -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let Some(first) = parser.next()? else {
        return Ok(Command::Gui {
            open: None,
            renderer: None,
        });
    };
    match first {
        Long("open" | "renderer") => {
            let (mut open, mut renderer) = (None, None);
            let mut arg = Some(first);
            while let Some(a) = arg {
                match a {
                    Long("open") => open = Some(parser.value()?.string()?),
                    Long("renderer") => renderer = Some(parser.value()?.string()?),
                    other => return Err(other.unexpected()),
                }
                arg = parser.next()?;
            }
            Ok(Command::Gui { open, renderer })
        }
        Long("help") | Short('h') => Ok(Command::Help),
        Long("version") | Short('V') => Ok(Command::Version),
        Value(v) if v == "catalog" => {
            let mut cmd = None;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("json") => cmd = Some(Command::CatalogJson),
                    Long("check") => cmd = Some(Command::CatalogCheck),
                    other => return Err(other.unexpected()),
                }
            }
            Ok(cmd.unwrap_or(Command::CatalogJson))
        }
        Value(v) if v == "forms" => {
            let mut cmd = Command::FormsJson;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("json") => cmd = Command::FormsJson,
                    Long("check") => cmd = Command::FormsCheck,
                    other => return Err(other.unexpected()),
                }
            }
            Ok(cmd)
        }
        Value(v) if v == "record" => {
            let sub = parser.value()?.string()?;
            let form = parser.value()?.string()?;
            let (mut data, mut draft, mut reveal, mut version) = (None, false, false, None);
            let writes = sub == "add" || sub == "update";
            let reads = sub == "list" || sub == "show";
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("data") if writes => data = Some(PathBuf::from(parser.value()?)),
                    Long("draft") if writes => draft = true,
                    Long("version") if sub == "update" => version = Some(parser.value()?.string()?),
                    Long("json") if reads => {}
                    Long("reveal-citizen-id") if reads => reveal = true,
                    other => return Err(other.unexpected()),
                }
            }
            match sub.as_str() {
                "add" => match data {
                    Some(data) => Ok(Command::RecordAdd { form, data, draft }),
                    None => Err(lexopt::Error::MissingValue {
                        option: Some("--data".into()),
                    }),
                },
                "list" => Ok(Command::RecordList { form, reveal }),
                "show" => Ok(Command::RecordShow { id: form, reveal }),
                "update" => match data {
                    Some(data) => Ok(Command::RecordUpdate {
                        id: form,
                        data,
                        version,
                        draft,
                    }),
                    None => Err(lexopt::Error::MissingValue {
                        option: Some("--data".into()),
                    }),
                },
                _ => Err(lexopt::Error::UnexpectedValue {
                    option: "record".into(),
                    value: sub.into(),
                }),
            }
        }
        Value(v) if v == "pdf" => parse_pdf(&mut parser),
        Value(v) if v == "export" => parse_export(&mut parser),
        Value(v) if v == "import" => {
            let (mut positional, mut mapping, mut dry_run) = (Vec::new(), None, false);
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("mapping") => mapping = Some(PathBuf::from(parser.value()?)),
                    Long("dry-run") => dry_run = true,
                    Value(v) => positional.push(v),
                    other => return Err(other.unexpected()),
                }
            }
            match positional.len() {
                1 => Ok(Command::Import(data_cmd::ImportArgs {
                    form: None,
                    file: PathBuf::from(positional.remove(0)),
                    mapping,
                    dry_run,
                })),
                2 => {
                    let file = PathBuf::from(positional.remove(1));
                    Ok(Command::Import(data_cmd::ImportArgs {
                        form: Some(positional.remove(0).string()?),
                        file,
                        mapping,
                        dry_run,
                    }))
                }
                _ => Err("ใช้ dlict import FORM_ID FILE.csv หรือ dlict import FILE.json".into()),
            }
        }
        Value(v) if v == "backup" => {
            let mut out = None;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("out") | Short('o') => out = Some(PathBuf::from(parser.value()?)),
                    Value(v) if out.is_none() => out = Some(PathBuf::from(v)),
                    other => return Err(other.unexpected()),
                }
            }
            let out = out.ok_or(lexopt::Error::MissingValue {
                option: Some("--out".into()),
            })?;
            Ok(Command::Backup { out })
        }
        Value(v) if v == "restore" => {
            let file = PathBuf::from(parser.value()?);
            if let Some(arg) = parser.next()? {
                return Err(arg.unexpected());
            }
            Ok(Command::Restore { file })
        }
        Value(v) if v == "migrate" => {
            let (mut from, mut to) = (None, None);
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("from") => from = Some(parser.value()?.string()?),
                    Long("to") => to = Some(parser.value()?.string()?),
                    other => return Err(other.unexpected()),
                }
            }
            match (from, to) {
                (Some(from), Some(to)) => Ok(Command::Migrate { from, to }),
                (None, _) => Err(lexopt::Error::MissingValue {
                    option: Some("--from".into()),
                }),
                (_, None) => Err(lexopt::Error::MissingValue {
                    option: Some("--to".into()),
                }),
            }
        }
        Value(v) if v == "workdays" => Ok(Command::Calendar(calendar_cmd::parse_workdays(
            &mut parser,
        )?)),
        Value(v) if v == "holidays" => Ok(Command::Calendar(calendar_cmd::parse_holidays(
            &mut parser,
        )?)),
        Value(v) if v == "case" => Ok(Command::Case(case_cmd::parse(&mut parser)?)),
        Value(v) if v == "report" => Ok(Command::Report(Box::new(report_cmd::parse(&mut parser)?))),
        Value(v) if v == "check" => {
            if let Some(arg) = parser.next()? {
                return Err(arg.unexpected());
            }
            Ok(Command::Check)
        }
        Value(v) if v == "bench" => {
            let (mut json, mut runs) = (false, 50);
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("json") => json = true,
                    Long("runs") => runs = parser.value()?.parse()?,
                    other => return Err(other.unexpected()),
                }
            }
            Ok(Command::Bench {
                json,
                runs: runs.max(1),
            })
        }
        other => Err(other.unexpected()),
    }
}

pub(crate) fn load_catalog() -> Result<Catalog, ExitCode> {
    Catalog::load().map_err(|e| {
        eprintln!("ข้อมูลกระบวนงานเสียหาย: {e}");
        ExitCode::from(1)
    })
}

/// How a command needs its database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open {
    /// Saves: creates the database (and its folder) when it does not exist yet.
    Create,
    /// Only reads: the database must exist; read-only when it cannot be written.
    Reading,
}

/// Opens the database for a command, or prints the one Thai line that says why not and gives
/// the exit code (2 for a path that holds no database file, 1 otherwise).
pub(crate) fn open_db(db: &std::path::Path, how: Open) -> Result<crate::store::Store, ExitCode> {
    use crate::store::{Store, StoreError};
    let opened = match how {
        Open::Create => Store::open(db),
        Open::Reading => Store::open_for_reading(db),
    };
    opened.map_err(|e| {
        eprintln!("{e}");
        match e {
            StoreError::Missing(_)
            | StoreError::IsFolder(_)
            | StoreError::NotAFile(_)
            | StoreError::NetworkPath(..) => ExitCode::from(2),
            _ => ExitCode::from(1),
        }
    })
}

/// Opens the records of `db` for a record command: the office's file as `open_db` does, or
/// the shared server when `db` is a `postgres://` address.
pub(crate) fn open_records(
    db: &std::path::Path,
    how: Open,
) -> Result<Box<dyn crate::store::office_store::OfficeStore>, ExitCode> {
    use crate::store::server::{Server, records::ServerStore};
    if let Some(address) = db.to_str().filter(|s| Server::is_address(s)) {
        let server = Server::from_env(address).map_err(|e| {
            eprintln!("{e}");
            ExitCode::from(2)
        })?;
        return match ServerStore::open(&server) {
            Ok(s) => Ok(Box::new(s)),
            Err(e) => {
                eprintln!("{e}");
                Err(ExitCode::from(1))
            }
        };
    }
    open_db(db, how).map(|s| Box::new(s) as Box<dyn crate::store::office_store::OfficeStore>)
}

/// Writes a line to standard output; a closed pipe (`dlict … | head`) is not an error.
pub(crate) fn out(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Takes `--db PATH` / `--db=PATH` out of the arguments, wherever it stands.
fn take_db(args: Vec<OsString>) -> Result<(Option<PathBuf>, Vec<OsString>), String> {
    let mut db = None;
    let mut rest = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--db" {
            match it.next() {
                Some(p) => db = Some(PathBuf::from(p)),
                None => return Err("--db ต้องตามด้วยที่อยู่ไฟล์ฐานข้อมูล".into()),
            }
        } else if let Some(p) = a.to_str().and_then(|s| s.strip_prefix("--db=")) {
            db = Some(PathBuf::from(p));
        } else {
            rest.push(a);
        }
    }
    Ok((db, rest))
}

/// Runs the command line; returns the process exit code.
pub fn main(args: Vec<OsString>) -> ExitCode {
    let (db, args) = match take_db(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("คำสั่งไม่ถูกต้อง: {e} (ดูวิธีใช้: dlict --help)");
            return ExitCode::from(2);
        }
    };
    let db_path = db.clone().unwrap_or_else(crate::store::default_path);
    let command = match parse(args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("คำสั่งไม่ถูกต้อง: {} (ดูวิธีใช้: dlict --help)", thai_error(&e));
            return ExitCode::from(2);
        }
    };
    // A server address: every command takes it (those that read everything at once work on
    // one consistent copy of the server's data), never a file named "postgres:".
    if let Some(address) = db
        .as_deref()
        .and_then(|p| p.to_str())
        .filter(|s| crate::store::server::Server::is_address(s))
    {
        return match command {
            Command::Backup { out } => server_cmd::backup(address, &out),
            // Reading everything at once: on one consistent copy of the server's data.
            Command::Export(a) => {
                server_cmd::on_snapshot(address, |copy| data_cmd::export(copy, a))
            }
            Command::Report(a) if a.set.is_none() => {
                server_cmd::on_snapshot(address, |copy| report_cmd::run(copy, *a))
            }
            Command::Report(a) => report_cmd::run(std::path::Path::new(address), *a),
            // A printed record and the forms' versions, from the same kind of copy (a print
            // is logged on the server).
            Command::Pdf(a) => server_cmd::on_snapshot(address, |copy| {
                let code = pdf_cmd::run(copy, a);
                report_peak_memory();
                code
            }),
            Command::FormsJson => {
                server_cmd::on_snapshot(address, |copy| forms_cmd::forms_json(Some(copy)))
            }
            Command::Check => server_cmd::check(address),
            Command::Help
            | Command::Version
            | Command::CatalogJson
            | Command::CatalogCheck
            | Command::FormsCheck
            | Command::Bench { .. }
            | Command::Migrate { .. }
            | Command::RecordAdd { .. }
            | Command::RecordShow { .. }
            | Command::RecordUpdate { .. }
            | Command::RecordList { .. }
            | Command::Case(_)
            | Command::Import(_)
            | Command::Calendar(_) => run(command, db, db_path),
            Command::Restore { file } => server_cmd::restore(address, &file),
            // The window on the server: this PC's own file keeps the drafts and settings.
            // Started from a shortcut there is no terminal: the system's message box says
            // what is wrong.
            Command::Gui { open, renderer } => {
                match crate::store::server::Server::from_env(address) {
                    Ok(server) => gui(open, renderer, crate::store::default_path(), Some(server)),
                    Err(e) => {
                        crate::ui::renderer::tell(&format!("เปิดหน้าต่างบนฐานข้อมูลกลางไม่ได้: {e}"));
                        ExitCode::from(2)
                    }
                }
            }
        };
    }
    run(command, db, db_path)
}

/// Opens the window (on `server` when given; `db` is then this PC's own file).
fn gui(
    open: Option<String>,
    renderer: Option<String>,
    db_path: PathBuf,
    server: Option<crate::store::server::Server>,
) -> ExitCode {
    match load_catalog() {
        Ok(catalog) => {
            let forced = match renderer
                .as_deref()
                .map(crate::ui::renderer::Renderer::parse)
            {
                Some(None) => {
                    eprintln!(
                        "ไม่รู้จักตัวแสดงผล \"{}\" (ใช้ --renderer wgpu หรือ --renderer glow)",
                        renderer.unwrap_or_default()
                    );
                    return ExitCode::from(2);
                }
                Some(r) => r,
                None => None,
            };
            let index = match open
                .as_deref()
                .map(|id| catalog.processes.iter().position(|p| p.id() == id))
            {
                Some(None) => {
                    eprintln!(
                        "ไม่พบกระบวนงาน \"{}\" (ใช้ p01–p{:02})",
                        open.unwrap_or_default(),
                        catalog.processes.len()
                    );
                    return ExitCode::from(2);
                }
                Some(found) => found,
                None => None,
            };
            // A failure was told already (message box and error output).
            match crate::ui::run(catalog, index, db_path, forced, server) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(1),
            }
        }
        Err(code) => code,
    }
}

fn run(command: Command, db: Option<PathBuf>, db_path: PathBuf) -> ExitCode {
    match command {
        Command::Help => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Command::Version => {
            println!("dlict {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Command::Gui { open, renderer } => gui(open, renderer, db_path, None),
        Command::CatalogJson => match load_catalog() {
            Ok(catalog) => {
                match serde_json::to_string_pretty(&catalog_json::CatalogJson::from(&catalog)) {
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
            Err(code) => code,
        },
        Command::CatalogCheck => match load_catalog() {
            Ok(catalog) => {
                let problems = catalog_problems(&catalog);
                for p in &problems {
                    out(p);
                }
                if problems.is_empty() {
                    out(&format!(
                        "ข้อมูลกระบวนงานถูกต้อง ({} กระบวนงาน)",
                        catalog.processes.len()
                    ));
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(code) => code,
        },
        Command::FormsJson => forms_cmd::forms_json(db.as_deref()),
        Command::FormsCheck => forms_cmd::forms_check(),
        Command::RecordAdd { form, data, draft } => {
            forms_cmd::record_add(&db_path, &form, &data, draft)
        }
        Command::RecordList { form, reveal } => forms_cmd::record_list(&db_path, &form, reveal),
        Command::RecordShow { id, reveal } => forms_cmd::record_show(&db_path, &id, reveal),
        Command::RecordUpdate {
            id,
            data,
            version,
            draft,
        } => forms_cmd::record_update(&db_path, &id, &data, version.as_deref(), draft),
        Command::Bench { json, runs } => bench::run(json, runs),
        Command::Export(a) => data_cmd::export(&db_path, a),
        Command::Import(a) => {
            let code = data_cmd::import(&db_path, a);
            report_peak_memory();
            code
        }
        Command::Backup { out } => data_cmd::backup_cmd(&db_path, &out),
        Command::Restore { file } => data_cmd::restore(&db_path, &file),
        Command::Check => data_cmd::check(&db_path),
        Command::Migrate { from, to } => server_cmd::migrate(&from, &to),
        Command::Calendar(a) => calendar_cmd::run(&db_path, a),
        Command::Case(a) => case_cmd::run(&db_path, a),
        Command::Report(a) => report_cmd::run(&db_path, *a),
        Command::Pdf(args) => {
            let code = pdf_cmd::run(&db_path, args);
            report_peak_memory();
            code
        }
    }
}

/// A command-line parsing error in Thai, on one line.
fn thai_error(e: &lexopt::Error) -> String {
    use lexopt::Error as E;
    match e {
        E::MissingValue { option: Some(o) } => format!("ขาด {o}"),
        E::MissingValue { option: None } => "ขาดค่าที่ต้องระบุ".into(),
        E::UnexpectedOption(o) => format!("ไม่รู้จักตัวเลือก {o}"),
        E::UnexpectedArgument(a) => format!("ไม่รู้จัก \"{}\"", a.to_string_lossy()),
        E::UnexpectedValue { option, value } => {
            format!("ตัวเลือก {option} ไม่รับค่า \"{}\"", value.to_string_lossy())
        }
        E::ParsingFailed { value, error } => format!("ค่า \"{value}\" ไม่ถูกต้อง ({error})"),
        E::NonUnicodeValue(v) => format!("\"{}\" ไม่ใช่ข้อความที่อ่านได้", v.to_string_lossy()),
        E::Custom(inner) => inner.to_string().replace('\n', " "),
    }
}

/// For `dlict bench`: the command's own peak memory, measured at its end.
fn report_peak_memory() {
    if std::env::var_os("DLICT_REPORT_PEAK_MEMORY").is_some()
        && let Some(mb) = bench::measure::peak_mb()
    {
        eprintln!("peak-memory-mib {mb:.1}");
    }
}

fn parse_export(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    use crate::store::StatusFilter;
    use crate::transfer::{DateStyle, ExportFormat};
    use lexopt::prelude::*;
    let mut a = data_cmd::ExportArgs {
        format: ExportFormat::Csv,
        form: None,
        from: None,
        to: None,
        status: StatusFilter::Active,
        date_style: DateStyle::Iso,
        include_citizen_id: false,
        out: PathBuf::new(),
    };
    let mut out = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("format") => {
                let f = parser.value()?.string()?;
                a.format = ExportFormat::parse(&f)
                    .ok_or_else(|| format!("--format ต้องเป็น csv, xlsx หรือ json (ไม่ใช่ “{f}”)"))?;
            }
            Long("form") => a.form = Some(parser.value()?.string()?),
            Long("from") => a.from = Some(data_cmd::parse_date_arg(&parser.value()?.string()?)?),
            Long("to") => a.to = Some(data_cmd::parse_date_arg(&parser.value()?.string()?)?),
            Long("status") => {
                let s = parser.value()?.string()?;
                a.status = StatusFilter::parse(&s).ok_or_else(|| {
                    format!(
                        "--status ต้องเป็น active, complete, draft, cancelled หรือ all (ไม่ใช่ “{s}”)"
                    )
                })?;
            }
            Long("dates") => {
                a.date_style = match parser.value()?.string()?.as_str() {
                    "iso" => DateStyle::Iso,
                    "be" | "thai" => DateStyle::ThaiBe,
                    other => {
                        return Err(format!("--dates ต้องเป็น be หรือ iso (ไม่ใช่ “{other}”)").into());
                    }
                }
            }
            Long("include-citizen-id") => a.include_citizen_id = true,
            Long("out") | Short('o') => out = Some(PathBuf::from(parser.value()?)),
            other => return Err(other.unexpected()),
        }
    }
    a.out = out.ok_or(lexopt::Error::MissingValue {
        option: Some("--out".into()),
    })?;
    if let (Some(f), Some(t)) = (&a.from, &a.to)
        && f > t
    {
        return Err("--from ต้องไม่อยู่หลัง --to".into());
    }
    Ok(Command::Export(a))
}

fn parse_pdf(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;
    let kind = parser.value()?.string()?;
    let mut positional = Vec::new();
    let (mut out, mut data, mut blank, mut digits, mut font) = (None, None, false, None, None);
    let mut office_blank = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("out") | Short('o') => out = Some(PathBuf::from(parser.value()?)),
            Long("data") if kind == "form" || kind == "memo" => {
                data = Some(PathBuf::from(parser.value()?));
            }
            Long("blank") if kind == "form" => blank = true,
            Long("arabic-digits") => digits = Some(true),
            Long("thai-digits") => digits = Some(false),
            Long("font") => font = Some(PathBuf::from(parser.value()?)),
            Long("office-blank") if kind == "form" || kind == "record" => office_blank = true,
            Value(v) => positional.push(v.string()?),
            other => return Err(other.unexpected()),
        }
    }
    let missing = |what: &str| lexopt::Error::MissingValue {
        option: Some(what.into()),
    };
    let out = out.ok_or_else(|| missing("--out"))?;
    let job = match kind.as_str() {
        "form" => {
            let form = positional
                .first()
                .cloned()
                .ok_or_else(|| missing("FORM_ID"))?;
            if blank && data.is_some() {
                return Err("ใช้ --blank หรือ --data อย่างใดอย่างหนึ่ง".into());
            }
            if !blank && data.is_none() {
                return Err(missing("--blank หรือ --data"));
            }
            pdf_cmd::PdfJob::Form { form, data }
        }
        "record" => {
            let ids = positional
                .iter()
                .map(|s| {
                    s.parse::<i64>()
                        .map_err(|_not_a_number| format!("เลขที่บันทึก “{s}” ไม่ใช่ตัวเลข"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if ids.is_empty() {
                return Err(missing("RECORD_ID"));
            }
            pdf_cmd::PdfJob::Records { ids }
        }
        "process" => pdf_cmd::PdfJob::Process {
            id: positional
                .first()
                .cloned()
                .ok_or_else(|| missing("PROCESS_ID"))?,
        },
        "manual" => pdf_cmd::PdfJob::Manual,
        "case" | "memo" => {
            let id = positional
                .first()
                .ok_or_else(|| missing("CASE_ID"))?
                .parse::<i64>()
                .map_err(|_not_a_number| "เลขรหัสเรื่องต้องเป็นตัวเลข".to_owned())?;
            if kind == "case" {
                pdf_cmd::PdfJob::Case { id }
            } else {
                pdf_cmd::PdfJob::Memo { id, data }
            }
        }
        _ => {
            return Err(lexopt::Error::UnexpectedValue {
                option: "pdf".into(),
                value: kind.into(),
            });
        }
    };
    Ok(Command::Pdf(pdf_cmd::PdfArgs {
        job,
        out,
        digits,
        font,
        office_blank,
    }))
}

/// Every problem of the catalog's data, one Thai line each (empty when sound).
pub fn catalog_problems(catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for p in &catalog.processes {
        let id = p.id();
        if p.flows.is_empty() {
            out.push(format!("{id}: ไม่มีผังขั้นตอน"));
        }
        for (fi, f) in p.flows.iter().enumerate() {
            let at = format!("{id} ผังที่ {}", fi + 1);
            out.extend(f.graph.problems().into_iter().map(|s| format!("{at}: {s}")));
            if f.rows.is_empty() {
                out.push(format!("{at}: ไม่มีตารางมาตรฐานงาน"));
            }
            for r in &f.rows {
                if r.parsed_duration.is_none() {
                    out.push(format!(
                        "{at} ลำดับ {}: อ่านเวลาดำเนินงาน \"{}\" ไม่ได้",
                        r.order, r.duration
                    ));
                }
                for n in &r.nodes {
                    if f.graph.index_of(n).is_none() {
                        out.push(format!("{at} ลำดับ {}: ไม่มีโหนด {n} ในผัง", r.order));
                    }
                }
            }
            for n in &f.memo_nodes {
                if f.graph.index_of(n).is_none() {
                    out.push(format!("{at}: memo_nodes อ้างถึงโหนด {n} ที่ไม่มีในผัง"));
                }
            }
            for n in &f.graph.nodes {
                if f.row_of_node(&n.id).is_none() {
                    out.push(format!(
                        "{at}: โหนด {} ไม่ได้เชื่อมกับแถวใดในตารางมาตรฐานงาน",
                        n.id
                    ));
                }
            }
        }
    }
    out
}

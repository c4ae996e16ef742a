//! `dlict migrate` (an office's data from its SQLite file to the PostgreSQL server and back)
//! and `dlict backup` of the server into a SQLite file.

use super::out;
use crate::store::StoreError;
use crate::store::backup::Publish;
use crate::store::server::Server;
use crate::store::server::migrate::{self, Moved};
use crate::thai::digits;
use std::path::Path;
use std::process::ExitCode;

fn fail(e: &StoreError) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(match e {
        StoreError::Missing(_)
        | StoreError::IsFolder(_)
        | StoreError::NotAFile(_)
        | StoreError::NetworkPath(..)
        | StoreError::AlreadyExists(_)
        | StoreError::Invalid(_) => 2,
        _ => 1,
    })
}

fn summary(m: &Moved) -> String {
    format!(
        "บันทึก {} รายการ เรื่อง {} เรื่อง บันทึกการใช้งาน {} รายการ (ทุกตาราง {} ตาราง จำนวนแถวตรงกันทุกตาราง)",
        digits(m.rows("records") as usize),
        digits(m.rows("cases") as usize),
        digits(m.rows("audit") as usize),
        digits(m.tables.len())
    )
}

/// `dlict migrate --from A --to B`: one side a SQLite file, the other a server address.
pub fn migrate(from: &str, to: &str) -> ExitCode {
    match (Server::is_address(from), Server::is_address(to)) {
        (false, true) => {
            let server = match Server::from_env(to) {
                Ok(s) => s,
                Err(e) => return fail(&e),
            };
            match migrate::file_to_server(Path::new(from), &server) {
                Ok(m) => {
                    out(&format!(
                        "ย้ายข้อมูลจาก {from} ไปฐานข้อมูลกลาง {} แล้ว: {} ไฟล์เดิมยังอยู่ครบเหมือนเดิม",
                        server.shown(),
                        summary(&m)
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        (true, false) => {
            let server = match Server::from_env(from) {
                Ok(s) => s,
                Err(e) => return fail(&e),
            };
            match migrate::server_to_file(&server, Path::new(to), Publish::New) {
                Ok((path, m)) => {
                    out(&format!(
                        "คัดลอกข้อมูลจากฐานข้อมูลกลาง {} ลงไฟล์ {} แล้ว: {}",
                        server.shown(),
                        path.display(),
                        summary(&m)
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        _ => {
            eprintln!(
                "คำสั่งไม่ถูกต้อง: dlict migrate ย้ายข้อมูลระหว่างไฟล์ฐานข้อมูลกับฐานข้อมูลกลาง ด้านหนึ่งต้องเป็นไฟล์ อีกด้านเป็น postgres://… (คัดลอกไฟล์ใช้ dlict backup)"
            );
            ExitCode::from(2)
        }
    }
}

/// `dlict backup --db postgres://… --out FILE`: one consistent moment of the server's data in a
/// new SQLite file (never over an existing one) that `dlict restore` takes.
pub fn backup(address: &str, to: &Path) -> ExitCode {
    let server = match Server::from_env(address) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    match migrate::server_to_file(&server, to, Publish::New) {
        Ok((path, m)) => {
            let kb = std::fs::metadata(&path)
                .map(|m| m.len() / 1024)
                .unwrap_or(0);
            out(&format!(
                "สำรองฐานข้อมูลกลาง {} ไว้ที่ {} ({} กิโลไบต์): {}",
                server.shown(),
                path.display(),
                digits(kb as usize),
                summary(&m)
            ));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// Runs a command that reads everything at once (a report, an export) on one consistent
/// copy of the server's data, then writes to the server's log what the command logged (an
/// export's entry names what left the office); the copy is removed.
pub fn on_snapshot(address: &str, run: impl FnOnce(&Path) -> ExitCode) -> ExitCode {
    use crate::store::server::records::ServerStore;
    use crate::store::server::snapshot::Snapshot;
    let server = match Server::from_env(address) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    crate::store::server::snapshot::sweep(std::time::Duration::from_hours(1));
    let copy = match Snapshot::take(&server) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let code = run(copy.path());
    let logged = ServerStore::open(&server).and_then(|mut s| copy.relog(&mut s));
    if let Err(e) = logged {
        eprintln!("งานเสร็จแล้ว แต่บันทึกลงบันทึกการใช้งานของฐานข้อมูลกลางไม่ได้: {e}");
        return ExitCode::from(1);
    }
    code
}

/// `dlict restore FILE --db postgres://…`: the server's data replaced by a backup file's,
/// the server's current data kept first as a file on this PC.
pub fn restore(address: &str, from: &Path) -> ExitCode {
    use crate::store::server::records::ServerStore;
    use crate::store::server::restore;
    let server = match Server::from_env(address) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let checked = match crate::store::backup::inspect(from) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ใช้ไฟล์สำรองนี้ไม่ได้: {e}");
            return ExitCode::from(1);
        }
    };
    out(&format!("ไฟล์สำรอง {} ผ่านการตรวจความสมบูรณ์:", from.display()));
    for l in super::data_cmd::describe(&checked) {
        out(&l);
    }
    // The log names the officer of the server's office profile and this machine.
    let who = match ServerStore::open(&server) {
        Ok(s) => s.who().clone(),
        Err(e) => return fail(&e),
    };
    match restore::file_into_server(from, &server, &who, &restore::kept_copies_dir(&server)) {
        Ok(r) => {
            out(&format!(
                "กู้คืนฐานข้อมูลกลาง {} แล้ว: {} ข้อมูลเดิมของฐานข้อมูลกลางเก็บไว้ที่ {}",
                server.shown(),
                summary(&r.moved),
                r.previous_kept_as.display()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("กู้คืนไม่สำเร็จ: {e}");
            ExitCode::from(1)
        }
    }
}

/// `dlict check --db postgres://…`: the server answers with this program's data, and every
/// table reads whole into one consistent copy (rows counted on both sides), described as a
/// file's check describes it; the copies of the server kept on this PC before restores are
/// counted.
pub fn check(address: &str) -> ExitCode {
    use crate::store::server::restore;
    use crate::store::server::snapshot::{Snapshot, sweep};
    let server = match Server::from_env(address) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    match server.probe() {
        Ok(Some(_)) => {}
        Ok(None) => {
            eprintln!(
                "ฐานข้อมูลกลาง {} ยังไม่มีข้อมูลของโปรแกรม (ยังไม่ได้ย้ายข้อมูลเข้า)",
                server.shown()
            );
            return ExitCode::from(1);
        }
        Err(e) => return fail(&e),
    }
    sweep(std::time::Duration::from_hours(1));
    let copy = match Snapshot::take(&server) {
        Ok(c) => c,
        Err(e) => {
            out(&format!("ฐานข้อมูลกลาง {} มีปัญหา: {e}", server.shown()));
            return ExitCode::from(1);
        }
    };
    match crate::store::backup::inspect(copy.path()) {
        Ok(s) => {
            out(&format!(
                "ฐานข้อมูลกลาง {} อ่านได้ครบทุกตาราง ณ ขณะเดียว (จำนวนแถวตรงกันทุกตาราง)",
                server.shown()
            ));
            for l in super::data_cmd::describe(&s) {
                out(&l);
            }
            let kept = crate::store::backup::list_backups(&restore::kept_copies_dir(&server));
            out(&match kept.first() {
                Some(b) => format!(
                    "ข้อมูลก่อนการกู้คืนที่เก็บไว้ในเครื่องนี้ {} ไฟล์ ล่าสุด {}",
                    digits(kept.len()),
                    b.path.display()
                ),
                None => {
                    "สำรองฐานข้อมูลกลางด้วย dlict backup --db … --out ไฟล์ (และ pg_dump ของผู้ดูแลระบบ)"
                        .to_owned()
                }
            });
            ExitCode::SUCCESS
        }
        Err(e) => {
            out(&format!("ฐานข้อมูลกลาง {} มีปัญหา: {e}", server.shown()));
            ExitCode::from(1)
        }
    }
}

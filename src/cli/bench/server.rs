//! Benchmarks of the shared office store on PostgreSQL (`DLICT_BENCH_PG`: the address of a
//! database whose role may create databases, the password in `PGPASSWORD`): moving 100,000
//! records from a file to the server, and a backup of them back into a file; on those 100,000
//! records, one save (its whole round trip: a transaction of its own) and the first screen of
//! the form's list (how many records, and the newest 40 a screen shows). Each run uses a database
//! of its own, dropped afterwards.

use super::measure::{Stat, stat, time_ms};
use super::samples::sample;
use crate::forms::{self, Checked};
use crate::store::backup::Publish;
use crate::store::office_store::OfficeStore;
use crate::store::server::Server;
use crate::store::server::migrate;
use crate::store::server::records::ServerStore;
use crate::store::{Status, Store};

const N: usize = 100_000;

pub fn run(runs: usize, stats: &mut Vec<Stat>, notes: &mut Vec<String>) {
    let Ok(address) = std::env::var("DLICT_BENCH_PG") else {
        notes.push(
            "ฐานข้อมูลกลาง: ไม่ได้วัด (ตั้ง DLICT_BENCH_PG=postgres://… และ PGPASSWORD เพื่อวัด)".into(),
        );
        return;
    };
    let Ok(base) = Server::from_env(&address) else {
        notes.push("ฐานข้อมูลกลาง: อ่านที่อยู่ใน DLICT_BENCH_PG ไม่ได้".into());
        return;
    };
    let Ok(builtin) = forms::builtin() else {
        return;
    };
    let Some(t) = builtin.iter().find(|t| t.id == "access_request") else {
        return;
    };
    let items: Vec<Checked> = (0..N)
        .filter_map(|i| forms::check(t, &sample(i)).ok())
        .collect();
    let dir = super::measure::temp_dir("server");
    let file = dir.join("office.sqlite3");
    let Ok(mut store) = Store::open(&file) else {
        return;
    };
    if store.insert_checked(t, &items).is_err() {
        return;
    }
    drop(store);
    let Some((head, _)) = address.rsplit_once('/') else {
        return;
    };
    let mut moved = Vec::new();
    let mut backed_up = Vec::new();
    for r in 0..runs.clamp(1, 3) {
        let name = format!("dlict_bench_{}_{r}", std::process::id());
        let Ok(mut admin) = base.connect() else {
            notes.push(format!("ฐานข้อมูลกลาง: ติดต่อ {} ไม่ได้", base.shown()));
            return;
        };
        if admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .is_err()
        {
            notes.push("ฐานข้อมูลกลาง: สร้างฐานข้อมูลสำหรับวัดไม่ได้ (ผู้ใช้ต้องมีสิทธิ์ CREATEDB)".into());
            return;
        }
        let Ok(target) = Server::from_env(&format!("{head}/{name}")) else {
            return;
        };
        let mut ok = true;
        moved.push(time_ms(|| {
            ok = migrate::file_to_server(&file, &target).is_ok();
        }));
        if r == 0 {
            ok &= round_trips(&target, t, runs, stats);
        }
        let out = dir.join(format!("backup-{r}.sqlite3"));
        backed_up.push(time_ms(|| {
            ok &= migrate::server_to_file(&target, &out, Publish::New).is_ok();
        }));
        let _ = std::fs::remove_file(&out);
        let _ = admin.batch_execute(&format!("DROP DATABASE {name}"));
        if !ok {
            notes.push("ฐานข้อมูลกลาง: การย้ายข้อมูลไม่สำเร็จ ตัวเลขไม่นับ".into());
            return;
        }
    }
    stats.push(stat("server_migrate_100k_to_postgres", moved));
    stats.push(stat("server_backup_100k_from_postgres", backed_up));
    let _ = std::fs::remove_dir_all(&dir);
}

/// One save's round trip, and the first screen of a 100,000-record list, on the server.
fn round_trips(
    server: &Server,
    t: &crate::forms::Template,
    runs: usize,
    stats: &mut Vec<Stat>,
) -> bool {
    let Ok(mut store) = ServerStore::open(server) else {
        return false;
    };
    let mut saves = Vec::with_capacity(runs);
    let mut ok = true;
    for i in 0..runs {
        let a = sample(N + i);
        saves.push(time_ms(|| {
            ok &= store.add_record(t, Status::Complete, &a).is_ok();
        }));
    }
    let mut screens = Vec::with_capacity(runs);
    for _ in 0..runs {
        screens.push(time_ms(|| {
            ok &= store
                .first_page(&t.id, 40)
                .is_ok_and(|(total, page)| total > N as i64 && page.len() == 40);
        }));
    }
    stats.push(stat("server_record_save_round_trip", saves));
    stats.push(stat("server_records_first_screen_100k", screens));
    ok
}

//! ข้อมูลและการสำรอง in the real window on the shared server (egui_kittest, the test server
//! `DLICT_TEST_PG`): a JSON export chosen under นำเข้าข้อมูล goes into the server (records
//! whose ids the server uses get new ones; a second click adds nothing), and a backup chosen
//! under สำรองและกู้คืน, after the officer confirms, replaces the server's data, with the
//! server's data from before kept on this PC and listed to go back to.

mod common;
#[path = "common/pg.rs"]
mod pg;
use common::{stderr, tmp};
use pg::{client, count, fresh_database};

use dlict::catalog::Catalog;
use dlict::store::Status;
use dlict::store::office_store::OfficeStore;
use dlict::store::server::{Server, migrate, records::ServerStore, restore};
use dlict::ui::DlictApp;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use std::time::{Duration, Instant};

type H = egui_kittest::Harness<'static, DlictApp>;

fn wait_for(h: &mut H, text: &str) {
    let started = Instant::now();
    while h.query_all_by_label_contains(text).next().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "“{text}” never showed"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
}

fn press(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.step();
    h.get_by_label(label).click();
    h.step();
    h.step();
}

fn access(i: usize) -> dlict::forms::Answers {
    json!({
        "date": "2026-11-20",
        "name": format!("นายหน้าต่าง นำเข้า {i}"),
        "citizen_id": common::citizen_id(&format!("1101700{:05}", 61000 + i)),
        "position": "ครู",
        "unit": "โรงเรียนทดสอบ",
        "phone": "085-537-4109",
        "systems": {"choices": ["student"]},
        "purpose": "ใช้ข้อมูลนักเรียน",
        "applicant": {"name": format!("นายหน้าต่าง นำเข้า {i}"), "position": "ครู", "date": "2026-11-20"}
    })
    .as_object()
    .expect("object")
    .clone()
}

#[test]
fn the_window_imports_into_the_server_and_restores_a_backup_into_it() {
    let Some(address) = fresh_database("ui_data") else {
        return;
    };
    let dir = tmp("ui-server-data", "all");
    let server = Server::from_env(&address).expect("address");
    let t = dlict::forms::builtin()
        .expect("templates")
        .into_iter()
        .find(|t| t.id == "access_request")
        .expect("access request");
    {
        let mut s = ServerStore::open(&server).expect("open");
        for i in 0..2 {
            s.add_record(&t, Status::Complete, &access(i))
                .expect("record");
        }
    }
    // The server as it is now, as a backup file.
    let backup = dir.join("ก่อนนำเข้า.sqlite3");
    migrate::server_to_file(&server, &backup, dlict::store::backup::Publish::New)
        .expect("backup of the server");
    // A JSON export of another office's three records (ids 1…3).
    let office = dir.join("office.sqlite3");
    {
        let mut s = dlict::store::Store::open(&office).expect("file");
        for i in 10..13 {
            s.insert_record(&t, Status::Complete, &access(i))
                .expect("record");
        }
    }
    let export = dir.join("ส่งออก.json");
    let o = common::dlict_on(
        &office,
        &[
            "export",
            "--format",
            "json",
            "--include-citizen-id",
            "--out",
            export.to_str().expect("utf8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let local = dir.join("pc.sqlite3");
    let mut app = DlictApp::open_database(Catalog::load().expect("catalog"), &local, false);
    app.first_start = None;
    app.connect_server(server.clone());
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(|ui, app: &mut DlictApp| app.show(ui), app);
    dlict::ui::fonts::install(&h.ctx);
    h.step();
    wait_for(&mut h, "เชื่อมต่อแล้ว");
    press(&mut h, "ข้อมูลและการสำรอง");
    wait_for(&mut h, "ข้อมูลของฐานข้อมูลกลาง ณ เวลา");
    press(&mut h, "นำเข้าข้อมูล");
    h.state_mut().dialogs.next_path = Some(export.clone());
    press(&mut h, "เลือกไฟล์ CSV หรือ JSON…");
    press(&mut h, "นำเข้าไฟล์ JSON");
    wait_for(&mut h, "นำเข้าแล้ว ๓ บันทึก");
    // Ids 1 and 2 are the server's own records: those two came in under new ids. (The area
    // shows again once the copy of the server's data is taken again.)
    wait_for(&mut h, "เปลี่ยนเลขที่ ๒");
    let mut c = client(&address);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 5);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM records WHERE data LIKE '%นำเข้า 0%' OR data LIKE '%นำเข้า 1\"%'"
        ),
        2,
        "the server's own records stayed"
    );
    // The same file again adds nothing.
    wait_for(&mut h, "นำเข้าไฟล์ JSON");
    press(&mut h, "นำเข้าไฟล์ JSON");
    wait_for(&mut h, "นำเข้าแล้ว ๐ บันทึก (มีอยู่แล้ว ๓");
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 5);

    // Restore the backup from before the import: asked first, then done on the server.
    wait_for(&mut h, "มีอยู่แล้ว ๓");
    press(&mut h, "สำรองและกู้คืน");
    h.get_by_label("สำรองและกู้คืนฐานข้อมูลกลาง");
    h.state_mut().dialogs.next_path = Some(backup.clone());
    press(&mut h, "กู้คืนฐานข้อมูลกลางจากไฟล์…");
    h.get_by_label("กู้คืนฐานข้อมูลกลางจากสำเนานี้?");
    assert_eq!(
        count(&mut c, "SELECT count(*) FROM records"),
        5,
        "nothing happens before the officer confirms"
    );
    press(&mut h, "กู้คืนฐานข้อมูลกลาง");
    wait_for(&mut h, "กู้คืนฐานข้อมูลกลางแล้ว (๒ บันทึก)");
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 2);
    // What the server held before is kept on this PC and listed to go back to.
    let kept = dlict::store::backup::list_backups(&restore::kept_copies_dir(&server));
    assert_eq!(kept.len(), 1);
    assert_eq!(
        dlict::store::backup::inspect(&kept[0].path)
            .expect("kept copy")
            .total_records(),
        5
    );
    wait_for(&mut h, "กู้คืนจากสำเนานี้…");
    press(&mut h, "กู้คืนจากสำเนานี้…");
    press(&mut h, "กู้คืนฐานข้อมูลกลาง");
    wait_for(&mut h, "กู้คืนฐานข้อมูลกลางแล้ว (๕ บันทึก)");
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 5);
    // ตั้งค่า › ฐานข้อมูลกลาง shows the server this window works on (no address was
    // remembered on this PC).
    press(&mut h, "ตั้งค่าสำนักงาน");
    press(&mut h, "ฐานข้อมูลกลาง");
    let host = h
        .get_all_by_label("เครื่องแม่ข่าย")
        .find_map(|n| n.value())
        .expect("the host box");
    assert_eq!(host, "127.0.0.1");
    drop(h);
    // The copy of the server's data the data area was taking again when the window closed
    // is removed once its thread is done (what the program waits for before it ends).
    assert!(dlict::store::server::snapshot::settle(Duration::from_secs(
        30
    )));
    let left = std::fs::read_dir(dlict::store::server::snapshot::folder())
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(&format!("{}-", std::process::id()))
                })
                .count()
        })
        .unwrap_or(0);
    assert_eq!(left, 0, "a copy of the server's data was left behind");
    let _ = std::fs::remove_dir_all(restore::kept_copies_dir(&server));
}

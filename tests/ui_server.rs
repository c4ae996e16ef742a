//! ตั้งค่าสำนักงาน › ฐานข้อมูลกลาง in the real window (egui_kittest): a missing host is told
//! beside its field; an unreachable server is told in one Thai line while the window keeps
//! drawing; on the test server (`DLICT_TEST_PG`, see tests/postgres_store.rs) the connection
//! test answers, this PC's database moves in, the test then counts its records, and the
//! address (never the password) is remembered.

mod common;
use common::{click, harness_on, type_into};

use dlict::store::Store;
use dlict::store::server::Server;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::time::{Duration, Instant};

type H = egui_kittest::Harness<'static, dlict::ui::DlictApp>;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlict-ui-server-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn open_server_settings(h: &mut H) {
    click(h, "ตั้งค่าสำนักงาน");
    click(h, "ฐานข้อมูลกลาง");
    h.get_by_label_contains("ฐานข้อมูลกลาง (PostgreSQL)");
}

/// Replaces what a text box holds.
fn set(h: &mut H, label: &str, text: &str) {
    click(h, label);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.key_press(egui::Key::Backspace);
    h.run();
    type_into(h, label, text);
}

/// Clicks a button that starts a job on the worker thread (the spinner then repaints, so
/// one frame is drawn rather than run to rest).
fn press(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.step();
}

/// Draws frames until a label containing `text` shows (the worker thread answered), one
/// frame at a time as the window would while it waits.
fn wait_for(h: &mut H, text: &str) {
    let started = Instant::now();
    while h.query_by_label_contains(text).is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "“{text}” never showed"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

#[test]
fn a_missing_host_is_told_beside_it_and_an_unreachable_server_in_one_line() {
    let dir = tmp("unreachable");
    let mut h = harness_on(&dir.join("office.sqlite3"));
    open_server_settings(&mut h);
    click(&mut h, "ทดสอบการเชื่อมต่อ");
    h.get_by_label_contains("กรุณากรอกชื่อหรือเลขที่อยู่ของเครื่องแม่ข่าย");

    set(&mut h, "เครื่องแม่ข่าย", "127.0.0.1");
    set(&mut h, "พอร์ต", "๙");
    press(&mut h, "ทดสอบการเชื่อมต่อ");
    wait_for(&mut h, "ติดต่อเครื่องแม่ข่ายไม่ได้");
    assert!(h.query_by_label_contains("กำลังทดสอบการเชื่อมต่อ").is_none());

    // A bad port is refused before anything is tried.
    set(&mut h, "พอร์ต", "หนึ่ง");
    click(&mut h, "ทดสอบการเชื่อมต่อ");
    h.get_by_label_contains("พอร์ตต้องเป็นตัวเลข");
}

#[test]
fn this_pcs_database_moves_to_the_server_from_the_settings_page() {
    let Ok(base) = std::env::var("DLICT_TEST_PG") else {
        assert!(
            std::env::var_os("CI_REQUIRE_POSTGRES").is_none(),
            "DLICT_TEST_PG is not set: .ci/run starts PostgreSQL with .ci/postgres"
        );
        return;
    };
    // A database of its own on the test server.
    let name = format!("t_ui_{}", std::process::id());
    Server::from_env(&base)
        .expect("address")
        .connect()
        .expect("connect")
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let config: postgres::Config = base.parse().expect("address");
    let host = match &config.get_hosts()[0] {
        postgres::config::Host::Tcp(h) => h.clone(),
        postgres::config::Host::Unix(p) => p.display().to_string(),
    };
    let port = config.get_ports()[0].to_string();
    let user = config.get_user().expect("user").to_owned();
    let password = std::env::var("PGPASSWORD").expect("PGPASSWORD");

    let dir = tmp("move");
    let db = dir.join("office.sqlite3");
    {
        let mut s = Store::open(&db).expect("create");
        let t = dlict::forms::builtin()
            .expect("templates")
            .into_iter()
            .find(|t| t.id == "website_satisfaction")
            .expect("survey");
        for _ in 0..3 {
            s.insert_record(
                &t,
                dlict::store::Status::Draft,
                &dlict::forms::Answers::new(),
            )
            .expect("draft");
        }
    }
    let mut h = harness_on(&db);
    open_server_settings(&mut h);
    set(&mut h, "เครื่องแม่ข่าย", &host);
    set(&mut h, "พอร์ต", &port);
    set(&mut h, "ชื่อฐานข้อมูล", &name);
    set(&mut h, "ชื่อผู้ใช้", &user);
    set(&mut h, "รหัสผ่าน", &password);
    press(&mut h, "ทดสอบการเชื่อมต่อ");
    wait_for(&mut h, "ยังไม่มีข้อมูลของโปรแกรม");
    press(&mut h, "ย้ายข้อมูลจากเครื่องนี้ไปฐานข้อมูลกลาง");
    // The window draws on while the move runs.
    h.get_by_label_contains("กำลังย้ายข้อมูล");
    wait_for(&mut h, "ย้ายข้อมูลไปฐานข้อมูลกลาง");
    h.get_by_label_contains("บันทึก ๓ รายการ");
    press(&mut h, "ทดสอบการเชื่อมต่อ");
    wait_for(&mut h, "มีบันทึก ๓ รายการ");

    click(&mut h, "จำที่อยู่นี้");
    h.get_by_label_contains("บันทึกที่อยู่ฐานข้อมูลกลางแล้ว");
    drop(h);
    let text = std::fs::read(&db).expect("read");
    let kept = String::from_utf8_lossy(&text);
    assert!(kept.contains(&name), "the address is remembered");
    assert!(
        !kept.contains(&password),
        "the password was written into the database file"
    );
    // Opened again, the page shows the remembered address.
    let mut h = harness_on(&db);
    open_server_settings(&mut h);
    assert!(
        h.query_all_by_value(&name).next().is_some(),
        "the remembered database name is not in its field"
    );
}

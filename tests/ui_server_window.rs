//! The real window working on the shared server (egui_kittest, the test server
//! `DLICT_TEST_PG`): a record typed and saved lands on the server; another officer's save
//! shows in the list without a click; the server going away is told in one line at the top,
//! a save made then stays a draft in this PC's file with the typing still on screen, and
//! once the server is back the same button saves it; the areas not yet on the server say so
//! rather than show this PC's own data.

mod common;
#[path = "common/pg.rs"]
mod pg;
use common::{tmp, type_into};
use pg::{client, count, fresh_database};

use dlict::catalog::Catalog;
use dlict::store::Store;
use dlict::store::server::Server;
use dlict::ui::DlictApp;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};

type H = egui_kittest::Harness<'static, DlictApp>;

const FORM: &str = "ความต้องการด้านระบบ";
const FIELD: &str = "๑. ข้อมูลสารสนเทศใดที่ท่านต้องการ ระบุ";

/// Draws frames until a label containing `text` shows (the line's thread answered), one
/// frame at a time as the window does while it waits.
fn wait_for(h: &mut H, text: &str, limit: Duration) {
    let started = Instant::now();
    while h.query_all_by_label_contains(text).next().is_none() {
        assert!(
            started.elapsed() < limit,
            "“{text}” never showed; line {:?}, page {:?}",
            h.state().ws.line,
            h.state()
                .ws
                .server_page
                .as_ref()
                .map(|p| (p.form_id.clone(), p.total))
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
}

/// Clicks a button whose job goes to the line's thread (a spinner then shows: one frame).
fn press(h: &mut H, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.step();
    h.get_by_label(label).click();
    h.step();
    h.step();
}

fn serve(base: &str, db: &str, allow: bool) {
    let mut c = client(base);
    c.batch_execute(&format!(
        "ALTER DATABASE {db} WITH ALLOW_CONNECTIONS {allow}"
    ))
    .expect("alter database");
    if !allow {
        c.batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'"
        ))
        .expect("cut sessions");
    }
}

fn drafts_of(db: &std::path::Path) -> Vec<String> {
    Store::open(db)
        .expect("local file")
        .drafts()
        .expect("drafts")
        .into_iter()
        .map(|d| {
            d.answers["info_wanted"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .collect()
}

#[test]
fn the_window_on_the_server_saves_there_follows_others_and_keeps_typing_when_it_goes_away() {
    let Some(address) = fresh_database("ui_window") else {
        return;
    };
    let base = pg::server_base().expect("server");
    let name = address.rsplit('/').next().expect("db").to_owned();
    let local = tmp("ui-server-window", "save").join("office.sqlite3");
    // A draft of this PC's own record ๑, from before the office moved: it is not the
    // server's record ๑, so the window on the server neither offers nor removes it.
    Store::open(&local)
        .expect("local file")
        .save_draft(&dlict::store::drafts::Draft {
            slot: dlict::store::drafts::record_slot(1),
            form_id: "info_needs_survey".into(),
            template_version: 1,
            record_id: Some(1),
            base_version: Some(1),
            record_number: Some(1),
            status: dlict::store::Status::Draft,
            answers: std::iter::once(("info_wanted".to_owned(), "ของเครื่องนี้".into())).collect(),
            saved_at: String::new(),
        })
        .expect("local draft");
    let mut app = DlictApp::open_database(Catalog::load().expect("catalog"), &local, false);
    app.first_start = None;
    app.connect_server(Server::from_env(&address).expect("address"));
    // The line connects on its thread while the window draws (a spinner: frames are
    // stepped, not run to rest).
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(|ui, app: &mut DlictApp| app.show(ui), app);
    dlict::ui::fonts::install(&h.ctx);
    h.step();
    wait_for(&mut h, "เชื่อมต่อแล้ว", Duration::from_secs(20));

    assert!(
        h.query_by_label_contains("แบบฟอร์มที่กรอกค้างไว้").is_none(),
        "this PC's own draft is offered on the server"
    );
    // The areas not yet on the server do not show this PC's data.

    // The office profile saved in the window is the server's too (its case numbers' prefix
    // and officers), as well as this PC's.
    let mut profile = h.state().ws.profile.clone();
    profile.name = "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาทดสอบ".into();
    profile.registry_prefix = "ศธ ๐๔๒๙๙".into();
    h.state_mut()
        .apply_all(vec![dlict::ui::action::AppAction::SaveProfile(Box::new(
            profile,
        ))]);
    wait_for(
        &mut h,
        "บันทึกการตั้งค่าสำนักงานที่ฐานข้อมูลกลางแล้ว",
        Duration::from_secs(10),
    );
    assert_eq!(
        count(
            &mut client(&address),
            "SELECT count(*) FROM settings WHERE key = 'office_profile' AND value LIKE '%ศธ ๐๔๒๙๙%'"
        ),
        1
    );

    // A record typed and saved lands on the server (with the adapted form).
    press(&mut h, "แบบฟอร์มและบันทึก");
    h.get_by_label_contains(FORM).click();
    h.step();
    wait_for(&mut h, "๐ บันทึกในฐานข้อมูลกลาง", Duration::from_secs(10));
    // The form adapted on the server: the next version is the server's, for every PC.
    let mut adapted = h
        .state()
        .ws
        .template("info_needs_survey")
        .expect("form")
        .clone();
    adapted.title = format!("{} (ปรับโดยสำนักงาน)", adapted.title);
    h.state_mut()
        .apply_all(vec![dlict::ui::action::AppAction::SaveTemplate(Box::new(
            adapted,
        ))]);
    wait_for(
        &mut h,
        "บันทึกแบบฟอร์มรุ่น ๓ ที่ฐานข้อมูลกลางแล้ว",
        Duration::from_secs(10),
    );
    assert_eq!(
        count(
            &mut client(&address),
            "SELECT count(*) FROM templates WHERE form_id = 'info_needs_survey' AND version = 3 AND body LIKE '%ปรับโดยสำนักงาน%'"
        ),
        1
    );

    press(&mut h, "กรอกแบบฟอร์มใหม่");
    type_into(&mut h, FIELD, "ระบบการลา");
    press(&mut h, "บันทึกฉบับร่าง");
    wait_for(&mut h, "บันทึกแล้ว: บันทึกเลขที่ ๑", Duration::from_secs(10));
    let mut c = client(&address);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM records WHERE data LIKE '%ระบบการลา%' AND template_version = 3"
        ),
        1
    );
    assert_eq!(
        drafts_of(&local),
        ["ของเครื่องนี้"],
        "a saved record leaves no draft, and this PC's own draft stays"
    );

    // Another officer saves on another PC: the list follows without a click.
    press(&mut h, "ปิด");
    wait_for(&mut h, "๑ บันทึกในฐานข้อมูลกลาง", Duration::from_secs(10));
    let data = local.with_file_name("other.json");
    std::fs::write(&data, r#"{"info_wanted": "ระบบของอีกเครื่อง"}"#).expect("write");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args([
            "--db",
            &address,
            "record",
            "add",
            "info_needs_survey",
            "--draft",
            "--data",
        ])
        .arg(&data)
        .output()
        .expect("dlict runs");
    assert!(o.status.success(), "{}", common::stderr(&o));
    wait_for(&mut h, "๒ บันทึกในฐานข้อมูลกลาง", Duration::from_secs(10));
    h.get_by_label("ระบบของอีกเครื่อง");
    // Searching the list on the server: only the records holding the words.
    type_into_stepping(&mut h, "ค้นหาในบันทึก", "อีกเครื่อง");
    wait_for(&mut h, "พบ ๑ บันทึกที่มีคำที่ค้นหา", Duration::from_secs(10));
    assert!(
        h.query_by_label("ระบบการลา").is_none(),
        "a record without the words"
    );
    h.get_by_label("ระบบของอีกเครื่อง");
    {
        h.state_mut().forms.server_query.clear();
    }
    wait_for(&mut h, "๒ บันทึกในฐานข้อมูลกลาง", Duration::from_secs(10));

    // That record cancelled with a reason, then brought back, then printed: each on the
    // server, in its log.
    h.get_by_label("ระบบของอีกเครื่อง").click();
    h.step();
    h.step();
    press(&mut h, "ยกเลิกบันทึก…");
    type_into_stepping(&mut h, "เหตุผลที่ยกเลิกบันทึกเลขที่ ๒", "กรอกซ้ำ");
    press(&mut h, "ยืนยันยกเลิก");
    wait_for(&mut h, "ยกเลิกบันทึกเลขที่ ๒ แล้ว", Duration::from_secs(10));
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM records WHERE number = 2 AND cancel_reason = 'กรอกซ้ำ'"
        ),
        1
    );
    // The list read again shows it cancelled, with the button to bring it back.
    let started = Instant::now();
    while h.query_all_by_label("กู้คืน").next().is_none() {
        assert!(started.elapsed() < Duration::from_secs(10), "no กู้คืน button");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    press(&mut h, "กู้คืน");
    wait_for(&mut h, "กู้คืนบันทึกเลขที่ ๒ แล้ว", Duration::from_secs(10));
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM records WHERE number = 2 AND cancelled_at IS NULL"
        ),
        1
    );
    press(&mut h, "พิมพ์ / บันทึกเป็น PDF");
    let started = Instant::now();
    while h.state().preview.is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no print preview"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.state_mut().preview = None;
    h.step();
    // Its history, as the server logged it: made, cancelled with the reason, brought back.
    press(&mut h, "ประวัติการแก้ไข");
    wait_for(&mut h, "ประวัติการแก้ไข บันทึกเลขที่ ๒", Duration::from_secs(10));
    h.get_by_label_contains("เหตุผล: กรอกซ้ำ");
    press(&mut h, "กลับไปที่รายการ");
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action IN ('cancel', 'restore', 'print') AND machine <> ''"
        ),
        3
    );

    // The server goes away: one line at the top says so, the window keeps working.
    serve(&base, &name, false);
    wait_for(&mut h, "ติดต่อฐานข้อมูลกลาง", Duration::from_secs(20));
    h.get_by_label_contains("ทำงานต่อได้");
    press(&mut h, "กรอกแบบฟอร์มใหม่");
    type_into(&mut h, FIELD, "ระบบพัสดุ");
    press(&mut h, "บันทึกฉบับร่าง");
    wait_for(
        &mut h,
        "สิ่งที่กรอกเก็บเป็นฉบับร่างในเครื่องนี้แล้ว",
        Duration::from_secs(20),
    );
    assert_eq!(
        drafts_of(&local),
        ["ของเครื่องนี้", "ระบบพัสดุ"],
        "the typing is in this PC's file"
    );
    assert!(
        h.query_all_by_value("ระบบพัสดุ").next().is_some(),
        "the typing is still on screen"
    );

    // Back: the line reconnects by itself and the same button saves the draft.
    serve(&base, &name, true);
    wait_for(&mut h, "เชื่อมต่อแล้ว", Duration::from_secs(30));
    press(&mut h, "บันทึกฉบับร่าง");
    wait_for(&mut h, "บันทึกแล้ว: บันทึกเลขที่ ๓", Duration::from_secs(10));
    assert_eq!(drafts_of(&local), ["ของเครื่องนี้"]);
    let mut c = client(&address);
    assert_eq!(count(&mut c, "SELECT count(*) FROM records"), 3);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action = 'create' AND machine <> ''"
        ),
        3,
        "every save is in the server's log with its machine"
    );
}

#[test]
fn a_case_started_and_moved_in_the_window_on_the_server_is_the_servers() {
    let Some(address) = fresh_database("ui_cases") else {
        return;
    };
    let local = tmp("ui-server-window", "cases").join("office.sqlite3");
    let mut app = DlictApp::open_database(Catalog::load().expect("catalog"), &local, false);
    app.first_start = None;
    app.ws.clock = dlict::calendar::Clock::Fixed(
        chrono::NaiveDateTime::parse_from_str("2026-12-08T10:00", "%Y-%m-%dT%H:%M").expect("t"),
    );
    app.connect_server(Server::from_env(&address).expect("address"));
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(|ui, app: &mut DlictApp| app.show(ui), app);
    dlict::ui::fonts::install(&h.ctx);
    h.step();
    wait_for(&mut h, "เชื่อมต่อแล้ว", Duration::from_secs(20));
    // Start a case of process 16 (the new-case form, as its tab's button opens it); it opens
    // from the server's answer.
    let catalog = Catalog::load().expect("catalog");
    let p16 = catalog.processes.iter().position(|p| p.id() == "p16");
    {
        let app = h.state_mut();
        app.section = dlict::ui::Section::Cases;
        app.cases.start_new(&app.catalog, &app.ws, p16, None);
    }
    h.step();
    type_into_stepping(&mut h, "ชื่อเรื่อง", "ขอคำปรึกษาระบบ DMC จากหลายเครื่อง");
    press(&mut h, "เปิดเรื่อง");
    wait_for(&mut h, "เรื่องเลขที่ ๑/๒๕๖๙", Duration::from_secs(10));
    assert!(
        h.query_all_by_label_contains("ครบกำหนด ๙ ธันวาคม ๒๕๖๙")
            .next()
            .is_some()
    );
    let mut c = client(&address);
    assert_eq!(count(&mut c, "SELECT count(*) FROM cases"), 1);

    // A step finished here is the server's.
    press(&mut h, "เสร็จขั้นนี้");
    wait_for(&mut h, "บันทึกแล้ว ขั้นถัดไป", Duration::from_secs(10));
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM case_steps WHERE status = 'done'"
        ),
        1
    );

    // A form filled for the case from its screen is saved on the server and attached.
    let fill = "กรอก แบบสอบถามความต้องการ";
    h.query_all_by_label_contains(fill)
        .next()
        .expect("the process's form to fill")
        .scroll_to_me();
    h.step();
    h.query_all_by_label_contains(fill)
        .next()
        .expect("the process's form to fill")
        .click();
    h.step();
    h.step();
    wait_for(&mut h, FIELD, Duration::from_secs(10));
    type_into_stepping(&mut h, FIELD, "ระบบติดตามงาน");
    press(&mut h, "บันทึกฉบับร่าง");
    wait_for(&mut h, "กับเรื่องแล้ว", Duration::from_secs(10));
    assert_eq!(count(&mut c, "SELECT count(*) FROM case_records"), 1);
    let attached = count(
        &mut c,
        "SELECT count(*) FROM case_records cr JOIN records r ON r.id = cr.record_id
         WHERE r.data LIKE '%ระบบติดตามงาน%'",
    );
    assert_eq!(attached, 1, "the saved record is the one attached");
    press(&mut h, "งาน / เรื่อง");

    // Another officer finishes the next step from another PC: this screen follows it.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dlict"))
        .args([
            "--db",
            &address,
            "case",
            "step",
            "1",
            "--at",
            "2026-12-09T09:00",
        ])
        .output()
        .expect("dlict runs");
    assert!(o.status.success(), "{}", common::stderr(&o));
    wait_for(&mut h, "ครบกำหนด ๑๑ ธันวาคม ๒๕๖๙", Duration::from_secs(10));

    // An office closure on that due day, added in ตั้งค่า › ปฏิทินวันทำการ, is the server's
    // and moves the server's due date (the case screen shows the server's calendar).
    {
        let app = h.state_mut();
        app.section = dlict::ui::Section::Settings;
        app.settings_tab = dlict::ui::SettingsTab::Calendar;
    }
    h.step();
    type_into_stepping(&mut h, "วันที่", "11/12/2569");
    type_into_stepping(&mut h, "ชื่อวันหยุด", "ปิดสำนักงานย้ายที่ทำการ");
    press(&mut h, "เพิ่มวันหยุด");
    wait_for(&mut h, "เพิ่มวันหยุด ๑๑ ธันวาคม ๒๕๖๙", Duration::from_secs(10));
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM holidays WHERE date = '2026-12-11' AND removed = 0"
        ),
        1
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM cases WHERE due_at LIKE '2026-12-14%'"
        ),
        1,
        "the step due on the closure moved to the next working day"
    );
    press(&mut h, "งาน / เรื่อง");
    wait_for(&mut h, "ครบกำหนด ๑๔ ธันวาคม ๒๕๖๙", Duration::from_secs(10));

    // The dashboard lists it from the server.
    press(&mut h, "← รายการเรื่อง");
    wait_for(
        &mut h,
        "ขอคำปรึกษาระบบ DMC จากหลายเครื่อง",
        Duration::from_secs(10),
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM audit WHERE action LIKE 'case-%' AND machine <> ''"
        ),
        4,
        "start, the window's step, the attachment and the other officer's step, each with its machine"
    );

    // Reports are made from a copy of the server's data, said so; the copy goes with the
    // window.
    press(&mut h, "รายงาน");
    wait_for(&mut h, "ข้อมูลของฐานข้อมูลกลาง ณ เวลา", Duration::from_secs(20));
    // ข้อมูลและการสำรอง works on the same copy: an export made there is in the server's
    // log.
    press(&mut h, "ข้อมูลและการสำรอง");
    let out = local.with_file_name("cases.xlsx");
    h.state_mut().dialogs.next_path = Some(out.clone());
    press(&mut h, "ส่งออก…");
    wait_for(&mut h, "ส่งออกแล้ว", Duration::from_secs(10));
    assert!(out.is_file(), "the workbook was written");
    let started = Instant::now();
    while count(
        &mut c,
        "SELECT count(*) FROM audit WHERE action = 'export' AND machine <> ''",
    ) == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the export was not logged on the server"
        );
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    // The import tab works on the server itself (tests/ui_server_data.rs).
    press(&mut h, "นำเข้าข้อมูล");
    h.get_by_label("เลือกไฟล์ CSV หรือ JSON…");
    let copies = || {
        std::fs::read_dir(dlict::store::server::snapshot::folder())
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .starts_with(&format!("{}-", std::process::id()))
                    })
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!(copies(), 1, "one copy while the reports show");
    // The report bands made the office's default: on the server.
    let mut words = dlict::reports::Bands::default();
    words.labels[0] = "ดีเยี่ยม".into();
    h.state_mut().reports.bands = Some(words);
    press(&mut h, "รายงาน");
    wait_for(&mut h, "ใช้เป็นค่าเริ่มต้น", Duration::from_secs(10));
    press(&mut h, "ใช้เป็นค่าเริ่มต้น");
    wait_for(
        &mut h,
        "บันทึกเกณฑ์แปลความหมายที่ฐานข้อมูลกลางแล้ว",
        Duration::from_secs(10),
    );
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM settings WHERE key = 'report_bands' AND value LIKE '%ดีเยี่ยม%'"
        ),
        1
    );
    drop(h);
    assert_eq!(copies(), 0, "the copy of the server's data was left behind");
}

/// Types into a text box one frame at a time (a spinner may be drawing).
fn type_into_stepping(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.step();
    h.get_by_label(label).type_text(text);
    h.step();
    h.step();
}

#[test]
fn an_edit_saved_first_on_another_pc_is_shown_beside_mine_and_keeping_mine_is_a_choice() {
    let Some(address) = fresh_database("ui_conflict") else {
        return;
    };
    let dlict_on = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_dlict"))
            .arg("--db")
            .arg(&address)
            .args(args)
            .output()
            .expect("dlict runs");
        assert!(o.status.success(), "{}", common::stderr(&o));
    };
    let dir = tmp("ui-server-window", "conflict");
    let data = dir.join("first.json");
    std::fs::write(&data, r#"{"info_wanted": "ต้นฉบับ"}"#).expect("write");
    dlict_on(&[
        "record",
        "add",
        "info_needs_survey",
        "--draft",
        "--data",
        data.to_str().expect("utf8"),
    ]);
    let mut app = DlictApp::open_database(
        Catalog::load().expect("catalog"),
        &dir.join("office.sqlite3"),
        false,
    );
    app.first_start = None;
    app.connect_server(Server::from_env(&address).expect("address"));
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .build_ui_state(|ui, app: &mut DlictApp| app.show(ui), app);
    dlict::ui::fonts::install(&h.ctx);
    h.step();
    wait_for(&mut h, "เชื่อมต่อแล้ว", Duration::from_secs(20));
    // Open record ๑ (version 1) in the editor.
    h.state_mut()
        .apply_all(vec![dlict::ui::action::AppAction::OpenRecord(1)]);
    wait_for(&mut h, "บันทึกเลขที่ ๑", Duration::from_secs(10));
    // Another officer saves it from another PC: the editor says so.
    let theirs = dir.join("theirs.json");
    std::fs::write(&theirs, r#"{"info_wanted": "ของอีกเครื่อง"}"#).expect("write");
    dlict_on(&[
        "record",
        "update",
        "1",
        "--draft",
        "--version",
        "1",
        "--data",
        theirs.to_str().expect("utf8"),
    ]);
    wait_for(&mut h, "บันทึกนี้เพิ่งถูกแก้ไขจากเครื่องอื่น", Duration::from_secs(10));
    // Saving mine now: refused, both shown side by side, nothing written.
    type_into_stepping(&mut h, FIELD, " และของฉัน");
    press(&mut h, "บันทึกฉบับร่าง");
    wait_for(&mut h, "เก็บฉบับของท่าน", Duration::from_secs(10));
    h.get_by_label_contains("ของอีกเครื่อง");
    let mut c = client(&address);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM records WHERE version = 2 AND data LIKE '%ของอีกเครื่อง%'"
        ),
        1,
        "theirs stays until the officer chooses"
    );
    // Keeping mine is a choice: saved over theirs knowingly, as version 3.
    press(&mut h, "เก็บฉบับของท่าน");
    wait_for(&mut h, "บันทึกแล้ว: บันทึกเลขที่ ๑", Duration::from_secs(10));
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM records WHERE version = 3 AND data LIKE '%และของฉัน%'"
        ),
        1
    );
}

//! The reports area driven through the window (egui_kittest): a form's report opened with
//! one click from its records list shows the overall mean and its level; switching the band
//! set changes the level without changing the mean.

mod common;

use common::{click, harness_on, tmp};
use dlict::forms::FieldKind;
use dlict::store::{Status, Store};
use egui_kittest::kittest::Queryable;
use serde_json::{Value, json};

/// Four evaluations, every item 5, 5, 4 and 3: the overall mean is 4.25 — "มาก" with the
/// 0.50 bands (3.51–4.50), "มากที่สุด" with the 0.80 bands (4.21–5.00).
fn db(name: &str) -> std::path::PathBuf {
    let db = tmp("ui-reports", name).join("db.sqlite3");
    let mut store = Store::open(&db).expect("store");
    let t = common::template("training_web_design");
    let items: Vec<String> = t
        .answer_fields()
        .filter(|f| f.kind == FieldKind::Rating)
        .flat_map(|f| f.rating_items().map(|i| i.id.clone()).collect::<Vec<_>>())
        .collect();
    for v in [5u64, 5, 4, 3] {
        let grid: serde_json::Map<String, Value> =
            items.iter().map(|i| (i.clone(), json!(v))).collect();
        let a = json!({"gender": {"choice": "male"}, "position": {"choice": "teacher"}, "unit": "โรงเรียนวัดป่า", "web_role": {"choice": "some"}, "satisfaction": grid});
        store
            .insert_record(&t, Status::Complete, a.as_object().expect("o"))
            .expect("record");
    }
    db
}

#[test]
fn a_forms_report_shows_its_mean_and_level_and_the_bands_change_the_level() {
    let db = db("bands");
    let mut h = harness_on(&db);
    h.state_mut().select_form("training_web_design");
    h.state_mut().section = dlict::ui::Section::Forms;
    h.run();
    click(&mut h, "รายงานผลการประเมิน");
    h.run();
    // 68 answers (17 items × 4), Σ = 289: mean 4.25; S.D. √(17 × 2.75 / 67) = 0.835.
    assert!(
        h.query_by_label("ภาพรวม: ค่าเฉลี่ย ๔.๒๕ S.D. ๐.๘๔ ระดับมาก")
            .is_some()
    );
    assert!(h.query_by_label("ผู้ตอบ ๔ คน").is_some());
    click(&mut h, "ช่วงละ ๐.๘๐ (อันตรภาคชั้น ตามแนวของ Best)");
    h.run();
    assert!(
        h.query_by_label("ภาพรวม: ค่าเฉลี่ย ๔.๒๕ S.D. ๐.๘๔ ระดับมากที่สุด")
            .is_some()
    );
    assert!(
        h.query_by_label("ภาพรวม: ค่าเฉลี่ย ๔.๒๕ S.D. ๐.๘๔ ระดับมาก")
            .is_none()
    );
    // Back to the default set: the words come back.
    click(&mut h, "ช่วงละ ๐.๕๐ (บุญชม ศรีสะอาด)");
    h.run();
    assert!(
        h.query_by_label("ภาพรวม: ค่าเฉลี่ย ๔.๒๕ S.D. ๐.๘๔ ระดับมาก")
            .is_some()
    );
}

#[test]
fn a_kpi_no_record_computes_is_entered_by_hand_with_its_evidence() {
    let db = db("kpi");
    let mut h = harness_on(&db);
    h.state_mut().section = dlict::ui::Section::Reports;
    h.run();
    click(&mut h, "ผลตามตัวชี้วัด");
    click(&mut h, "บันทึกผลตัวชี้วัดของ p03");
    common::type_into(&mut h, "ผลการดำเนินงาน", "สถานศึกษา ๑๒ แห่งใช้ DLTV ครบทุกชั้น");
    common::type_into(&mut h, "หลักฐาน", "สรุปผลการนิเทศติดตาม");
    click(&mut h, "บรรลุเป้าหมาย");
    click(&mut h, "บันทึก");
    assert!(h.query_by_label("บันทึกผลตัวชี้วัดแล้ว").is_some());
    assert!(h.query_by_label("สถานศึกษา ๑๒ แห่งใช้ DLTV ครบทุกชั้น").is_some());
    // Kept in the store, with its evidence, for the year on screen.
    let year = h.state().reports.year;
    let store = Store::open(&db).expect("store");
    let e = store.kpi_entries(year).expect("entries");
    let p03 = e.get("p03").expect("p03 saved");
    assert!(p03.met);
    assert_eq!(p03.evidence, "สรุปผลการนิเทศติดตาม");
    // A result left empty is refused next to the form, in Thai.
    click(&mut h, "บันทึกผลตัวชี้วัดของ p06");
    click(&mut h, "บันทึก");
    assert!(h.query_by_label("กรุณากรอกผลการดำเนินงานของตัวชี้วัด").is_some());
}

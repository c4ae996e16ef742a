//! Every form template loads, the appendix forms match the appendix, and a fully filled record
//! of every template goes through the store and comes back the same. Bad templates and bad
//! answers get clear Thai messages.

mod common;
use common::citizen_id;

use dlict::catalog::Catalog;
use dlict::forms::{self, Answers, Field, FieldKind, Source, Template};
use dlict::store::{Status, Store};
use serde_json::{Value, json};

fn builtin() -> Vec<Template> {
    forms::builtin().expect("every built-in template loads")
}

/// A value for every answer field, in the loose shapes a person or the CLI gives them.
fn fill(t: &Template) -> Answers {
    let mut a = Answers::new();
    for f in t.answer_fields() {
        let v = match f.kind {
            FieldKind::Text => json!(format!("ข้อความของ {} ที่ผู้ใช้พิมพ์", f.id)),
            FieldKind::LongText => {
                json!("บรรทัดแรก ภาษาไทย ก๋วยเตี๋ยว ผู้อำนวยการ\nบรรทัดที่สอง AMSS++ 2.5")
            }
            FieldKind::Date => json!("24/11/2569"),
            FieldKind::Number => json!(f.min.unwrap_or(0.0).max(3.0).min(f.max.unwrap_or(1e9))),
            FieldKind::Phone => json!("0855374109"),
            FieldKind::Email => json!("officer@ses26.go.th"),
            FieldKind::CitizenId => json!(citizen_id("310100123456")),
            FieldKind::Single => {
                let c = f.choices.last().expect("choices");
                if c.specify {
                    json!({"choice": c.label, "specify": "รายละเอียดที่ระบุ"})
                } else {
                    json!(c.label)
                }
            }
            FieldKind::Multi => {
                let ids: Vec<&str> = f.choices.iter().map(|c| c.id.as_str()).collect();
                let spec: serde_json::Map<String, Value> = f
                    .choices
                    .iter()
                    .filter(|c| c.specify)
                    .map(|c| (c.id.clone(), json!("ระบุเพิ่มเติม")))
                    .collect();
                json!({"choices": ids, "specify": spec})
            }
            FieldKind::Rating => {
                let scale = f.scale();
                Value::Object(
                    f.rating_items()
                        .enumerate()
                        .map(|(i, it)| (it.id.clone(), json!(scale[i % 5])))
                        .collect(),
                )
            }
            FieldKind::Signature => {
                json!({"name": "นายสมชาย รักงาน", "position": "ผู้อำนวยการ", "date": "2026-11-24"})
            }
            FieldKind::Note | FieldKind::Unknown(_) => continue,
        };
        a.insert(f.id.clone(), v);
    }
    a
}

#[test]
fn every_template_round_trips_a_fully_filled_record_through_the_store() {
    let templates = builtin();
    let mut store = Store::open_in_memory().expect("store");
    for t in &templates {
        let input = fill(t);
        let (answers, errors) = forms::normalize(t, &input);
        assert!(errors.is_empty(), "{}: {errors:?}", t.id);
        // Every answer field is kept, in canonical shape.
        for f in t.answer_fields() {
            let v = answers
                .get(&f.id)
                .unwrap_or_else(|| panic!("{}: {} dropped", t.id, f.id));
            match f.kind {
                FieldKind::Date => assert_eq!(v, &json!("2026-11-24")),
                FieldKind::Phone => assert_eq!(v, &json!("085-537-4109")),
                FieldKind::CitizenId => assert_eq!(v.as_str().map(str::len), Some(13)),
                FieldKind::Rating => {
                    assert_eq!(
                        v.as_object().map(|o| o.len()),
                        Some(f.rating_items().count())
                    );
                    let first = f.rating_items().next().expect("item");
                    assert_eq!(v[&first.id], json!(5), "มากที่สุด is 5");
                }
                FieldKind::Single => {
                    assert!(f.choice(v["choice"].as_str().unwrap_or("")).is_some());
                }
                _ => {}
            }
        }
        let id = store
            .insert_record(t, Status::Complete, &answers)
            .expect("insert");
        let back = store.record(id).expect("read back");
        assert_eq!(back.answers, answers, "{}", t.id);
        assert_eq!(
            (back.form_id.as_str(), back.template_version),
            (t.id.as_str(), t.version)
        );
        // Normalising what was stored changes nothing (canonical is a fixed point).
        let (again, errs) = forms::normalize(t, &back.answers);
        assert!(errs.is_empty());
        assert_eq!(again, answers);
        let rows = store.record_rows(&t.id).expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].summary.len(), t.summary.len());
        for f in t.fields().filter(|f| f.kind == FieldKind::CitizenId) {
            let full = answers[&f.id].as_str().unwrap_or_default();
            assert!(
                !rows[0].search.contains(full),
                "citizen id kept out of the search text"
            );
            assert!(
                !rows[0].summary.iter().any(|s| s.contains(&full[..10])),
                "masked in the list"
            );
        }
    }
}

#[test]
fn there_is_a_template_for_every_form_the_processes_name() {
    let templates = builtin();
    let catalog = Catalog::load().expect("catalog");
    let ids: Vec<&str> = templates.iter().map(|t| t.id.as_str()).collect();
    for want in [
        "media_survey",
        "access_request",
        "info_needs_survey",
        "info_system_satisfaction",
        "website_satisfaction",
        "stakeholder_opinion",
        "distance_plan_survey",
        "dltv_school_survey",
        "dlit_survey",
        "platform_usage_survey",
        "bigdata_record",
        "dltv_equipment_survey",
        "it_service_request",
        "cyber_security_report",
        "service_satisfaction",
        "procurement_proposal",
        "consultation_register",
        "training_web_design",
        "training_network_admin",
        "training_maintenance",
        "training_digital_literacy",
    ] {
        assert!(ids.contains(&want), "template {want} missing");
    }
    // Both names of the access request lead to one template.
    let t = forms::template_for_title(&templates, "แบบคำร้องขอเข้าถึงข้อมูลสารสนเทศ").expect("alias");
    assert_eq!(t.id, "access_request");
    assert_eq!(
        forms::template_for_title(&templates, "แบบคำร้องขอเข้าถึงระบบสารสนเทศ").map(|t| t.id.as_str()),
        Some("access_request")
    );
    // Every process links at least one template (by its section ๗ names or its number).
    for p in &catalog.processes {
        let linked = p
            .forms
            .iter()
            .any(|f| forms::template_for_title(&templates, &f.text).is_some())
            || templates.iter().any(|t| t.processes.contains(&p.number));
        assert!(linked || p.number == 21, "{} has no form template", p.id());
        for t in templates.iter().filter(|t| t.processes.contains(&p.number)) {
            assert!(t.processes.iter().all(|n| (1..=21).contains(n)), "{}", t.id);
        }
    }
    // The web-design title the manual pasted into ๑๘–๒๐ links only to ๑๗; each of those
    // processes links its own training form.
    for (n, id) in [
        (17, "training_web_design"),
        (18, "training_network_admin"),
        (19, "training_maintenance"),
        (20, "training_digital_literacy"),
    ] {
        let p = catalog
            .processes
            .iter()
            .find(|p| p.number == n)
            .expect("process");
        let linked: Vec<&str> = forms::templates_for_process(&templates, p)
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(linked, [id], "process {n}");
    }
    let p9 = catalog
        .processes
        .iter()
        .find(|p| p.number == 9)
        .expect("process ๙");
    assert!(
        forms::templates_for_process(&templates, p9)
            .iter()
            .any(|t| t.id == "access_request")
    );
    // Training forms: one per topic, each with its own title.
    let titles: Vec<&str> = templates
        .iter()
        .filter(|t| t.id.starts_with("training_"))
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(titles.len(), 4);
    for (i, a) in titles.iter().enumerate() {
        for b in &titles[i + 1..] {
            assert_ne!(a, b, "each training form has its own title");
        }
    }
}

fn field<'a>(t: &'a Template, id: &str) -> &'a Field {
    t.field(id)
        .unwrap_or_else(|| panic!("{}: field {id}", t.id))
}

#[test]
fn appendix_forms_follow_the_appendix() {
    // ภาคผนวก ก exactly as the manual's text file has it (lines 1854–2008).
    let manual = include_str!("data/appendix-a.th.txt");
    let templates = builtin();
    let appendix: Vec<&Template> = templates
        .iter()
        .filter(|t| t.source == Source::Appendix)
        .collect();
    assert_eq!(appendix.len(), 5);
    let t = |id: &str| {
        *appendix
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };

    let ar = t("access_request");
    let sections: Vec<&str> = ar.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        &sections[..5],
        [
            "ส่วนที่ ๑ ข้อมูลผู้ขอเข้าถึงระบบสารสนเทศ",
            "ส่วนที่ ๒ ความต้องการรับบริการ",
            "ส่วนที่ ๓ ผู้รับเรื่อง",
            "ส่วนที่ ๔ ตรวจสอบสิทธิ์ในการเข้าถึงระบบสารสนเทศ",
            "ส่วนที่ ๕ ผู้อนุมัติการเข้าถึงระบบสารสนเทศ",
        ]
    );
    assert_eq!(field(ar, "citizen_id").kind, FieldKind::CitizenId);
    assert!(ar.sections[2..5].iter().all(|s| s.office_use));
    let systems: Vec<&str> = field(ar, "systems")
        .choices
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(
        &systems[..3],
        [
            "ระบบสารสนเทศด้านข้อมูลนักเรียน",
            "ระบบสารสนเทศโภชนาการนักเรียน",
            "ระบบสารสนเทศข้อมูลพื้นฐานโรงเรียน"
        ]
    );

    let website = t("website_satisfaction");
    let grid = field(website, "satisfaction");
    assert_eq!(grid.scale(), ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"]);
    let groups: Vec<(&str, usize)> = grid
        .groups
        .iter()
        .map(|g| (g.title.as_str(), g.items.len()))
        .collect();
    assert_eq!(
        groups,
        [("ด้านเนื้อหา", 6), ("ด้านการออกแบบและการจัดการรูปแบบเว็บไซต์", 7)]
    );

    let info = t("info_system_satisfaction");
    let groups: Vec<(&str, usize)> = field(info, "satisfaction")
        .groups
        .iter()
        .map(|g| (g.title.as_str(), g.items.len()))
        .collect();
    assert_eq!(
        groups,
        [("ด้านข้อมูล", 3), ("ด้านการออกแบบ", 3), ("ด้านการนำไปใช้งาน", 4)]
    );

    let media = t("media_survey");
    assert_eq!(field(media, "media").choices.len(), 7);
    assert!(
        media
            .fields()
            .any(|f| f.kind == FieldKind::Note && f.text.contains("๕-๗ วัน"))
    );

    // Wording: every question, choice and rating item of an appendix form is in the manual's
    // appendix text (spaces ignored), so nothing was invented or reworded.
    {
        let start = manual.find("ภาคผนวก ก").expect("appendix");
        let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let appendix_text = norm(&manual[start..]);
        for t in &appendix {
            assert!(
                appendix_text.contains(&norm(&t.title))
                    || t.aliases.iter().any(|a| appendix_text.contains(&norm(a))),
                "{}",
                t.title
            );
            for f in t.fields() {
                let mut texts: Vec<&str> = f.choices.iter().map(|c| c.label.as_str()).collect();
                texts.extend(f.rating_items().map(|i| i.label.as_str()));
                texts.extend(f.groups.iter().map(|g| g.title.as_str()));
                for s in texts {
                    let s = s.trim_end_matches(['.', ' ']);
                    let s = s.split(" (").next().unwrap_or(s);
                    assert!(
                        appendix_text.contains(&norm(s)),
                        "{}: “{s}” not in the appendix",
                        t.id
                    );
                }
            }
        }
    }
}

#[test]
fn broken_template_files_name_the_file_and_field_and_the_rest_still_load() {
    let good = "id = \"ok\"\nversion = 1\ntitle = \"ดี\"\n[[sections]]\ntitle = \"ส่วนที่ ๑\"\n[[sections.fields]]\nid = \"a\"\ntype = \"text\"\nlabel = \"ก\"\n";
    let dup = format!("{good}[[sections.fields]]\nid = \"a\"\ntype = \"text\"\nlabel = \"ข\"\n")
        .replace("\"ok\"", "\"dup\"");
    let unknown = good
        .replace("\"text\"", "\"colour\"")
        .replace("\"ok\"", "\"unk\"");
    let empty = good
        .replace("type = \"text\"", "type = \"single\"\nchoices = []")
        .replace("\"ok\"", "\"empty\"");
    let not_toml = "id = \"x\"\nversion = [";
    let files = [
        ("ok.toml", good.to_owned()),
        ("dup.toml", dup),
        ("unk.toml", unknown),
        ("empty.toml", empty),
        ("bad.toml", not_toml.to_owned()),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let (loaded, errors) = forms::load_lenient(&refs);
    assert_eq!(
        loaded.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["ok"]
    );
    let msg = |file: &str| {
        errors
            .iter()
            .find(|e| e.file == file)
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert!(
        msg("dup.toml").contains("ฟิลด์ “a”") && msg("dup.toml").contains("ซ้ำ"),
        "{}",
        msg("dup.toml")
    );
    assert!(
        msg("unk.toml").contains("ไม่รู้จักชนิดฟิลด์ “colour”"),
        "{}",
        msg("unk.toml")
    );
    assert!(
        msg("empty.toml").contains("ตัวเลือกว่าง"),
        "{}",
        msg("empty.toml")
    );
    assert!(
        msg("bad.toml").starts_with("bad.toml: อ่านไฟล์แม่แบบไม่ได้"),
        "{}",
        msg("bad.toml")
    );
}

fn access() -> Template {
    builtin()
        .into_iter()
        .find(|t| t.id == "access_request")
        .expect("access_request")
}

fn error_for(t: &Template, field: &str, v: Value) -> Option<String> {
    let mut a = Answers::new();
    a.insert(field.into(), v);
    let (_, errors) = forms::normalize(t, &a);
    errors
        .into_iter()
        .find(|e| e.field == field)
        .map(|e| e.message)
}

#[test]
fn bad_answers_get_a_thai_message_on_their_own_field_and_are_kept_as_typed() {
    let t = access();
    let id = citizen_id("110170023070");
    let last = id.as_bytes()[12] - b'0';
    let wrong = format!("{}{}", &id[..12], (last + 1) % 10);
    assert!(error_for(&t, "citizen_id", json!(wrong)).is_some_and(|m| m.contains("เลขตรวจสอบ")));
    assert!(error_for(&t, "citizen_id", json!(&id[..11])).is_some_and(|m| m.contains("๑๓ หลัก")));
    assert_eq!(
        error_for(
            &t,
            "citizen_id",
            json!(format!("{}-{} {}", &id[..1], &id[1..5], &id[5..]))
        ),
        None,
        "dashes and spaces are fine"
    );
    assert!(
        error_for(&t, "date", json!("31/02/2569")).is_some_and(|m| m.contains("ไม่มีวันที่ ๓๑ กุมภาพันธ์"))
    );
    assert_eq!(
        error_for(&t, "date", json!("24/11/2026")),
        None,
        "CE accepted"
    );
    assert_eq!(
        error_for(&t, "date", json!("2569-11-24")),
        None,
        "BE in ISO order accepted"
    );
    assert!(error_for(&t, "email", json!("someone at school")).is_some());
    assert!(error_for(&t, "phone", json!("123")).is_some_and(|m| m.contains("๙–๑๐ หลัก")));
    let long: String = "ก".repeat(100_000);
    assert!(error_for(&t, "name", json!(long)).is_some_and(|m| m.contains("ยาวเกินกำหนด")));
    assert!(
        error_for(&t, "name", json!("สมชาย\u{0}ใจดี")).is_some_and(|m| m.contains("อักขระควบคุม"))
    );
    assert!(error_for(&t, "name", json!("นายบี\u{7}")).is_some());
    assert_eq!(
        error_for(&t, "name", json!("Mr. สมชาย 😀 مرحبا")),
        None,
        "emoji and mixed scripts are text"
    );
    assert!(error_for(&t, "name", json!("น้้ำ")).is_some_and(|m| m.contains("วรรณยุกต์")));
    assert!(error_for(&t, "systems", json!(["nope"])).is_some_and(|m| m.contains("ไม่มีตัวเลือก")));
    assert!(error_for(&t, "systems", json!(["other"])).is_some_and(|m| m.contains("กรุณาระบุ")));

    // Required fields missing: one message each; the bad value is kept as typed for a draft.
    let mut a = Answers::new();
    a.insert("date".into(), json!("31/02/2569"));
    let (kept, errors) = forms::normalize(&t, &a);
    assert_eq!(kept["date"], json!("31/02/2569"), "kept as typed");
    for f in [
        "name",
        "citizen_id",
        "position",
        "unit",
        "phone",
        "systems",
        "purpose",
    ] {
        assert!(
            errors
                .iter()
                .any(|e| e.field == f && e.message.contains("กรุณา")),
            "{f}"
        );
    }
    let mut store = Store::open_in_memory().expect("store");
    let id = store
        .insert_record(&t, Status::Draft, &kept)
        .expect("a draft is saved whatever its state");
    assert_eq!(
        store.record(id).expect("read").answers["date"],
        json!("31/02/2569")
    );
}

#[test]
fn rating_grid_accepts_labels_and_numbers_and_wants_every_item() {
    let t = builtin()
        .into_iter()
        .find(|t| t.id == "website_satisfaction")
        .expect("website");
    let grid = field(&t, "satisfaction");
    let items: Vec<String> = grid.rating_items().map(|i| i.id.clone()).collect();
    let mut v = serde_json::Map::new();
    for (i, id) in items.iter().enumerate() {
        v.insert(
            id.clone(),
            if i % 2 == 0 {
                json!("น้อยที่สุด")
            } else {
                json!(4)
            },
        );
    }
    let mut a = Answers::new();
    a.insert("satisfaction".into(), Value::Object(v.clone()));
    a.insert("user_type".into(), json!("teacher"));
    let (out, errors) = forms::normalize(&t, &a);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(out["satisfaction"][&items[0]], json!(1));
    assert_eq!(out["satisfaction"][&items[1]], json!(4));
    v.remove(&items[2]);
    v.insert(items[3].clone(), json!(6));
    a.insert("satisfaction".into(), Value::Object(v));
    let (_, errors) = forms::normalize(&t, &a);
    assert!(
        errors
            .iter()
            .any(|e| e.field == "satisfaction" && e.message.contains("๑–๕")),
        "{errors:?}"
    );
}

/// A form with no date field of its own (the satisfaction surveys) is dated the day it was
/// completed, so the records list's วันที่ is never empty for it (issue "polish", item 6);
/// a draft has no date until it is completed, and a form's own date field still wins.
#[test]
fn a_form_without_a_date_field_is_dated_the_day_it_is_completed() {
    let templates = builtin();
    let t = templates
        .iter()
        .find(|t| t.id == "website_satisfaction")
        .expect("website_satisfaction");
    assert!(t.record_date.is_none(), "the survey has no date field");
    let (answers, errors) = forms::normalize(t, &fill(t));
    assert!(errors.is_empty(), "{errors:?}");
    let mut store = Store::open_in_memory().expect("store");
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let done = store
        .insert_record(t, Status::Complete, &answers)
        .expect("complete");
    assert_eq!(
        store.record(done).expect("read").record_date,
        Some(today.clone())
    );
    let draft = store
        .insert_record(t, Status::Draft, &answers)
        .expect("draft");
    assert_eq!(store.record(draft).expect("read").record_date, None);
    store
        .update_record(draft, t, Status::Complete, &answers)
        .expect("completed later");
    assert_eq!(store.record(draft).expect("read").record_date, Some(today));
    // A form with its own date keeps it.
    let ar = templates
        .iter()
        .find(|t| t.id == "access_request")
        .expect("access_request");
    let (a, errors) = forms::normalize(ar, &fill(ar));
    assert!(errors.is_empty(), "{errors:?}");
    let id = store.insert_record(ar, Status::Complete, &a).expect("ar");
    assert_eq!(
        store.record(id).expect("read").record_date.as_deref(),
        Some("2026-11-24")
    );
}

/// Export headers read as the form does: a label used in several sections ("ตำแหน่ง") is told
/// apart by its section's Thai title, never by a field id in brackets, and the CSV import
/// matches each such header back to its own field (issue "polish", item 6).
#[test]
fn repeated_labels_are_told_apart_by_section_in_thai_and_map_back() {
    for t in builtin() {
        let table = dlict::transfer::FormTable::new(&t, std::slice::from_ref(&t));
        let headers: Vec<String> = table.headers().map(str::to_owned).collect();
        let mut unique = headers.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), headers.len(), "{}: headers unique", t.id);
        for h in &headers {
            assert!(
                !h.contains('[') && !t.fields().any(|f| f.id.contains('_') && h.contains(&f.id)),
                "{}: header “{h}” shows an id",
                t.id
            );
        }
    }
    let t = builtin()
        .into_iter()
        .find(|t| t.id == "access_request")
        .expect("access_request");
    let table = dlict::transfer::FormTable::new(&t, std::slice::from_ref(&t));
    let headers: Vec<String> = table.headers().map(str::to_owned).collect();
    let receiver = "ตำแหน่ง (ส่วนที่ ๓ ผู้รับเรื่อง)";
    assert!(headers.iter().any(|h| h == receiver), "{headers:?}");
    let map = dlict::transfer::csv_in::auto_map(&t, &headers);
    let at = headers.iter().position(|h| h == receiver).expect("header");
    assert_eq!(
        map[at],
        dlict::transfer::csv_in::Target::Field("receiver_position".into())
    );
    let approver = headers
        .iter()
        .position(|h| h == "ตำแหน่ง (ส่วนที่ ๕ ผู้อนุมัติการเข้าถึงระบบสารสนเทศ)")
        .expect("approver's position header");
    assert_eq!(
        map[approver],
        dlict::transfer::csv_in::Target::Field("approver_position".into())
    );
}

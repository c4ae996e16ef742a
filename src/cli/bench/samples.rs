//! Realistic records for the benchmarks: access requests as an office fills them.

use crate::forms::Answers;
use serde_json::json;

pub fn citizen_id(i: usize) -> String {
    let first12 = format!("{:012}", 110_170_000_000u64 + i as u64);
    let sum: u32 = first12
        .bytes()
        .enumerate()
        .map(|(k, b)| u32::from(b - b'0') * (13 - k as u32))
        .sum();
    format!("{first12}{}", (11 - sum % 11) % 10)
}

/// A realistic access request; every third asks for the nutrition system.
pub fn sample(i: usize) -> Answers {
    let first = ["สมชาย", "ศรีสุดา", "ประเสริฐ", "วันเพ็ญ", "กิตติพงษ์", "นภาพร"][i % 6];
    let systems = if i.is_multiple_of(3) {
        json!({"choices": ["student", "nutrition"]})
    } else {
        json!({"choices": ["school"]})
    };
    let mut a = Answers::new();
    a.insert(
        "date".into(),
        json!(format!("2026-{:02}-{:02}", i % 12 + 1, i % 28 + 1)),
    );
    a.insert("name".into(), json!(format!("{first} ทดสอบลำดับ{i}")));
    a.insert("citizen_id".into(), json!(citizen_id(i)));
    a.insert("position".into(), json!("ครู"));
    a.insert("unit".into(), json!(format!("โรงเรียนมัธยมแห่งที่ {}", i % 300)));
    a.insert("phone".into(), json!("085-537-4109"));
    a.insert("systems".into(), systems);
    a.insert(
        "purpose".into(),
        json!("ใช้ข้อมูลเพื่อจัดทำรายงานผลการดำเนินงานประจำปีงบประมาณ"),
    );
    a
}

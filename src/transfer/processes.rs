//! The processes' standards tables (section ๙ of each process) as rows: what the office
//! hands on when asked for its service standards.

use crate::catalog::Catalog;

pub const HEADERS: [&str; 8] = [
    "รหัส",
    "กระบวนงาน",
    "ผัง",
    "ลำดับ",
    "รายละเอียดงาน",
    "ระยะเวลา",
    "มาตรฐานคุณภาพงาน",
    "ผู้รับผิดชอบ",
];

pub fn rows(c: &Catalog) -> Vec<[String; 8]> {
    let mut out = Vec::new();
    for p in &c.processes {
        for f in &p.flows {
            for r in &f.rows {
                out.push([
                    p.id(),
                    p.title(),
                    f.title.clone(),
                    r.order.clone(),
                    r.detail.clone(),
                    r.duration.clone(),
                    r.quality.clone(),
                    r.responsible.clone(),
                ]);
            }
        }
    }
    out
}

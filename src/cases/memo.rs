//! A บันทึกข้อความ (internal memo) for a step that proposes something to the director,
//! prefilled from the case and the office profile; the officer edits it before printing.

use super::engine::node_label;
use super::model::{Case, StepStatus};
use crate::catalog::Process;
use crate::forms::OfficeProfile;
use crate::thai::date::format_long;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The parts of a memo as the ระเบียบงานสารบรรณ lays them out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MemoDraft {
    /// ส่วนราชการ
    pub agency: String,
    /// ที่
    pub reference: String,
    /// วันที่
    pub date: String,
    /// เรื่อง
    pub subject: String,
    /// เรียน
    pub to: String,
    /// The body, one paragraph per line.
    pub body: String,
    pub signer_name: String,
    pub signer_position: String,
    /// The Garuda image file (empty: its space is left blank).
    pub garuda_image: String,
}

/// Whether a case's current step is one that proposes to the director in writing.
pub fn memo_step(case: &Case, p: &Process) -> Option<String> {
    let flow = p.flows.get(case.flow)?;
    let cur = case.current()?;
    flow.memo_nodes
        .contains(&cur.node)
        .then(|| cur.node.clone())
}

impl MemoDraft {
    /// A memo for `case` at its step `node`, dated `today`.
    pub fn for_case(
        case: &Case,
        p: &Process,
        node: &str,
        profile: &OfficeProfile,
        today: NaiveDate,
    ) -> MemoDraft {
        let label = |id: &str| node_label(p, case.flow, id);
        let group = crate::pdf::process::GROUP;
        let mut agency = format!("{group} {}", profile.name);
        if !profile.phone.trim().is_empty() {
            agency.push_str(&format!(" โทร. {}", profile.phone.trim()));
        }
        let prefix = profile.registry_prefix.trim();
        let reference = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        let who = [case.requester.name.trim(), case.requester.unit.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let received = format_long(case.received_at.date());
        let done: Vec<String> = case
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Done)
            .map(|s| label(&s.node))
            .fold(Vec::new(), |mut v, l| {
                // A loop passes a step again: name each step once.
                if !v.contains(&l) {
                    v.push(l);
                }
                v
            });
        let mut body = Vec::new();
        body.push(if who.is_empty() {
            format!(
                "ตามที่{group}ได้รับเรื่อง {} เมื่อวันที่ {received} ตามกระบวนงาน{} เรื่องเลขที่ {} นั้น",
                case.title,
                p.name,
                crate::thai::to_thai_digits(&case.number)
            )
        } else {
            format!(
                "ตามที่ {who} ได้ขอ {} เมื่อวันที่ {received} ตามกระบวนงาน{} เรื่องเลขที่ {} นั้น",
                case.title,
                p.name,
                crate::thai::to_thai_digits(&case.number)
            )
        });
        if !done.is_empty() {
            body.push(format!("{group} ได้ดำเนินการ {} เรียบร้อยแล้ว", done.join(" ")));
        }
        body.push(format!(
            "ในการนี้ จึงขอ{}",
            label(node).trim_start_matches("ขอ")
        ));
        body.push("จึงเรียนมาเพื่อโปรดพิจารณา".to_owned());
        MemoDraft {
            agency,
            reference,
            date: format_long(today),
            subject: case.title.clone(),
            to: profile.director.position.clone(),
            body: body.join("\n"),
            signer_name: profile.head.name.clone(),
            signer_position: profile.head.position.clone(),
            garuda_image: profile.garuda_image.clone(),
        }
    }
}

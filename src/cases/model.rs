//! What a case is: its number, its process and flow, who asked, when, its state, and the
//! passes through its flow's steps with their due dates, plus its timeline.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Paused,
    Closed,
    Cancelled,
}

impl CaseStatus {
    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Paused => "paused",
            CaseStatus::Closed => "closed",
            CaseStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> CaseStatus {
        match s {
            "paused" => CaseStatus::Paused,
            "closed" => CaseStatus::Closed,
            "cancelled" => CaseStatus::Cancelled,
            _ => CaseStatus::Open,
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            CaseStatus::Open => "กำลังดำเนินการ",
            CaseStatus::Paused => "พักเรื่อง",
            CaseStatus::Closed => "เสร็จสิ้น",
            CaseStatus::Cancelled => "ยกเลิก",
        }
    }

    /// Still being worked on (its steps have due dates that count).
    pub fn is_active(self) -> bool {
        matches!(self, CaseStatus::Open | CaseStatus::Paused)
    }
}

/// The outcome recorded at a decision: the flow follows the matching edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        match s {
            "pass" => Some(Outcome::Pass),
            "fail" => Some(Outcome::Fail),
            _ => None,
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Outcome::Pass => "ผ่าน",
            Outcome::Fail => "ไม่ผ่าน",
        }
    }
}

/// Who asked: a person, their school or unit, how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Requester {
    pub name: String,
    pub unit: String,
    pub contact: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Current,
    Done,
}

/// One pass of a case through a node of its flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: i64,
    pub node: String,
    pub status: StepStatus,
    pub started_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    /// The standards row the step belongs to ("๓"; empty when none).
    pub row_order: String,
    /// The duration counted for its due date, as the table writes it.
    pub due_rule: String,
    /// The moment counting started from (the step's start, or an earlier step's that shares
    /// its row).
    pub due_base: Option<NaiveDateTime>,
    pub due_at: Option<NaiveDateTime>,
    /// Why this step shares another step's count, if it does (kept when recomputing).
    pub due_note: String,
    /// Why the due date is what it is (Thai).
    pub due_why: String,
    /// Set by the officer: kept when the calendar changes.
    pub due_manual: bool,
    /// Working days added because the case was paused.
    pub paused_days: u32,
    pub result: Option<Outcome>,
    pub note: String,
    pub actor: String,
}

/// A line of the case's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: NaiveDateTime,
    pub actor: String,
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: i64,
    /// As given ("12/2569"); shown with Thai digits.
    pub number: String,
    pub process_id: String,
    pub flow: usize,
    pub title: String,
    pub requester: Requester,
    pub received_at: NaiveDateTime,
    pub status: CaseStatus,
    /// Why it was paused or cancelled.
    pub reason: Option<String>,
    /// When it was paused, closed or cancelled.
    pub changed_at: Option<NaiveDateTime>,
    pub version: i64,
    pub steps: Vec<Step>,
    pub events: Vec<Event>,
    /// Attached records: (record id, the step it belongs to).
    pub records: Vec<(i64, Option<i64>)>,
}

impl Case {
    /// The step the case is at (none once it is closed).
    pub fn current(&self) -> Option<&Step> {
        self.steps
            .iter()
            .rev()
            .find(|s| s.status == StepStatus::Current)
    }

    /// The case's due moment: its current step's.
    pub fn due_at(&self) -> Option<NaiveDateTime> {
        self.current().and_then(|s| s.due_at)
    }
}

/// What the list shows of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub process_id: String,
    pub flow: usize,
    pub title: String,
    pub current: String,
    pub due_at: Option<NaiveDateTime>,
    pub status: CaseStatus,
    pub received_at: NaiveDateTime,
}

/// How case numbers run: per calendar year (the default) or per fiscal year, both named by
/// their Buddhist-era year, and how a number is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseNumbering {
    pub fiscal_year: bool,
    /// How a number is written: `{seq}` the running number, `{year}` the numbering year (BE),
    /// `{prefix}` the office's registry prefix from the office profile.
    pub pattern: String,
}

impl Default for CaseNumbering {
    fn default() -> Self {
        CaseNumbering {
            fiscal_year: false,
            pattern: "{seq}/{year}".into(),
        }
    }
}

impl CaseNumbering {
    pub const KEY: &'static str = "case_numbering";

    /// The numbering year (BE) of a case received on `d`.
    pub fn year_of(&self, d: chrono::NaiveDate) -> i32 {
        use chrono::Datelike;
        if self.fiscal_year {
            crate::thai::date::fiscal_year_be(d)
        } else {
            d.year() + crate::thai::date::BE_OFFSET
        }
    }

    /// Checks the pattern names both the running number and the year (without the year,
    /// numbers of different years would look the same).
    pub fn check(&self) -> Result<(), String> {
        if self.pattern.contains("{seq}") && self.pattern.contains("{year}") {
            Ok(())
        } else {
            Err("รูปแบบเลขที่เรื่องต้องมีทั้ง {seq} (ลำดับ) และ {year} (ปี)".into())
        }
    }

    /// The number written out ("12/2569", "ศธ 04001/12/2569"), Arabic digits as stored.
    pub fn format(&self, seq: i64, year: i32, prefix: &str) -> String {
        let pattern = if self.check().is_ok() {
            self.pattern.as_str()
        } else {
            "{seq}/{year}"
        };
        pattern
            .replace("{prefix}", prefix.trim())
            .replace("{seq}", &seq.to_string())
            .replace("{year}", &year.to_string())
            .trim()
            .to_owned()
    }
}

/// A timestamp as the store keeps it.
pub fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A timestamp the store kept.
pub fn parse_stamp(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

//! Office hours: when hours and minutes of a standards-table duration are counted.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// The working hours of a working day, with the lunch break not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficeHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub lunch_start: NaiveTime,
    pub lunch_end: NaiveTime,
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

impl Default for OfficeHours {
    fn default() -> Self {
        OfficeHours {
            start: hm(8, 30),
            end: hm(16, 30),
            lunch_start: hm(12, 0),
            lunch_end: hm(13, 0),
        }
    }
}

impl OfficeHours {
    pub const KEY: &'static str = "office_hours";

    /// The periods of a day that count, in order.
    pub fn periods(&self) -> [(NaiveTime, NaiveTime); 2] {
        [(self.start, self.lunch_start), (self.lunch_end, self.end)]
    }

    /// Checks the hours make sense: start < lunch start ≤ lunch end < end.
    pub fn check(&self) -> Result<(), String> {
        if self.start < self.lunch_start
            && self.lunch_start <= self.lunch_end
            && self.lunch_end < self.end
        {
            Ok(())
        } else {
            Err("เวลาทำการต้องเรียงกัน: เริ่มงาน < พักกลางวัน ≤ เข้างานบ่าย < เลิกงาน".into())
        }
    }
}

//! The holiday table: dates offices are closed, each with its Thai name, its kind and where
//! it came from. Seeded from `assets/calendar/holidays.toml` (generated from the `holidays`
//! package by `assets/calendar/generate_holidays.py`); the officer adds and removes days.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

static SEED: &str = include_str!("../../assets/calendar/holidays.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// Same date every year.
    Fixed,
    /// A Buddhist day set by the lunar calendar.
    Lunar,
    /// วันหยุดชดเชย for a holiday on a weekend.
    Substitution,
    /// วันหยุดราชการเพิ่มเป็นกรณีพิเศษ, announced by the cabinet.
    CabinetExtra,
    /// วันพืชมงคล.
    RoyalPloughing,
    /// A closure of this office only.
    Office,
}

impl HolidayKind {
    pub fn thai(self) -> &'static str {
        match self {
            HolidayKind::Fixed => "วันหยุดประจำปี",
            HolidayKind::Lunar => "วันสำคัญทางพุทธศาสนา",
            HolidayKind::Substitution => "วันหยุดชดเชย",
            HolidayKind::CabinetExtra => "วันหยุดพิเศษตามมติคณะรัฐมนตรี",
            HolidayKind::RoyalPloughing => "วันพืชมงคล",
            HolidayKind::Office => "วันหยุดของสำนักงาน",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            HolidayKind::Fixed => "fixed",
            HolidayKind::Lunar => "lunar",
            HolidayKind::Substitution => "substitution",
            HolidayKind::CabinetExtra => "cabinet_extra",
            HolidayKind::RoyalPloughing => "royal_ploughing",
            HolidayKind::Office => "office",
        }
    }

    pub fn parse(s: &str) -> Option<HolidayKind> {
        [
            HolidayKind::Fixed,
            HolidayKind::Lunar,
            HolidayKind::Substitution,
            HolidayKind::CabinetExtra,
            HolidayKind::RoyalPloughing,
            HolidayKind::Office,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
    pub kind: HolidayKind,
    #[serde(default)]
    pub source: String,
}

#[derive(Deserialize)]
struct SeedFile {
    last_announced_year: i32,
    holiday: Vec<Holiday>,
}

fn seed_file() -> Option<SeedFile> {
    toml::from_str(SEED).ok()
}

/// The holidays the program ships with (2025–2030 at least); empty only if the embedded
/// file were broken, which the tests rule out.
pub fn seed_holidays() -> Vec<Holiday> {
    seed_file().map(|f| f.holiday).unwrap_or_default()
}

/// The last year whose cabinet extra days the shipped table has.
pub fn seed_last_announced_year() -> i32 {
    seed_file().map_or(0, |f| f.last_announced_year)
}

//! Where an open case stands against its due date on a given day, in working days: due
//! today, so many days left, or so many days late.

use super::model::CaseStatus;
use crate::calendar::WorkCalendar;
use chrono::{NaiveDate, NaiveDateTime};

/// Where a case stands against its due date on `today`, in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub overdue: bool,
    pub left: Option<u32>,
    pub late: Option<u32>,
}

/// Days left (working days after today up to the due day) or late (working days after
/// the due day up to today) of an open case.
pub fn standing(
    status: CaseStatus,
    due: Option<NaiveDateTime>,
    today: NaiveDate,
    cal: &WorkCalendar,
) -> Standing {
    let Some(due) = due.filter(|_| status == CaseStatus::Open) else {
        return Standing::default();
    };
    let day = due.date();
    let next = |d: NaiveDate| d.succ_opt().unwrap_or(d);
    if day < today {
        Standing {
            overdue: true,
            left: None,
            late: Some(cal.working_days_between(next(day), next(today))),
        }
    } else {
        Standing {
            overdue: false,
            left: Some(cal.working_days_between(next(today), next(day))),
            late: None,
        }
    }
}

impl Standing {
    /// "เหลือ ๒ วันทำการ", "ครบกำหนดวันนี้", "เกินกำหนด ๓ วันทำการ"; empty without a due date.
    pub fn thai(self) -> String {
        use crate::thai::digits;
        match (self.left, self.late) {
            (_, Some(n)) if self.overdue => format!("เกินกำหนด {} วันทำการ", digits(n)),
            (Some(0), _) => "ครบกำหนดวันนี้".to_owned(),
            (Some(n), _) => format!("เหลือ {} วันทำการ", digits(n)),
            _ => String::new(),
        }
    }
}

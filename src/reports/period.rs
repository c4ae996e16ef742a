//! The span a report covers: a fiscal year (ปีงบประมาณ, 1 Oct – 30 Sep, named by its BE
//! year) or a date range.

use crate::thai::date::{BE_OFFSET, MONTHS_SHORT, format_long};
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Set when the period is a whole fiscal year.
    pub fiscal_year: Option<i32>,
}

impl Period {
    /// Fiscal year `be` (2569: 1 Oct 2025 – 30 Sep 2026).
    pub fn fiscal_year(be: i32) -> Result<Period, String> {
        let ce = be - BE_OFFSET;
        match (
            NaiveDate::from_ymd_opt(ce - 1, 10, 1),
            NaiveDate::from_ymd_opt(ce, 9, 30),
        ) {
            (Some(from), Some(to)) if (2400..=2700).contains(&be) => Ok(Period {
                from,
                to,
                fiscal_year: Some(be),
            }),
            _ => Err(format!(
                "ปีงบประมาณ {} ไม่ถูกต้อง (ใช้ปีพุทธศักราช เช่น ๒๕๖๙)",
                crate::thai::digits(be)
            )),
        }
    }

    /// From `from` to `to`, both days included; a reversed range is refused.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if to < from {
            return Err(format!(
                "ช่วงวันที่กลับด้าน: วันเริ่ม {} อยู่หลังวันสิ้นสุด {}",
                format_long(from),
                format_long(to)
            ));
        }
        Ok(Period {
            from,
            to,
            fiscal_year: None,
        })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// "ปีงบประมาณ ๒๕๖๙ (๑ ตุลาคม ๒๕๖๘ – ๓๐ กันยายน ๒๕๖๙)" or the range.
    pub fn thai(&self) -> String {
        let range = format!("{} – {}", format_long(self.from), format_long(self.to));
        match self.fiscal_year {
            Some(y) => format!("ปีงบประมาณ {} ({range})", crate::thai::digits(y)),
            None => range,
        }
    }

    /// The months the period touches, in order, as (year, month).
    pub fn months(&self) -> Vec<(i32, u32)> {
        let mut out = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        while (y, m) <= (self.to.year(), self.to.month()) && out.len() < 1200 {
            out.push((y, m));
            if m == 12 {
                y += 1;
                m = 1;
            } else {
                m += 1;
            }
        }
        out
    }
}

/// "ต.ค. ๖๘" for a month of a monthly table.
pub fn month_label(y: i32, m: u32) -> String {
    let name = MONTHS_SHORT
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or_default();
    format!("{name} {}", crate::thai::digits((y + BE_OFFSET) % 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_edges() {
        let p = Period::fiscal_year(2569).unwrap_or_else(|e| panic!("{e}"));
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert!(p.contains(d(2025, 10, 1)));
        assert!(p.contains(d(2026, 9, 30)));
        assert!(!p.contains(d(2025, 9, 30)));
        assert!(!p.contains(d(2026, 10, 1)));
        assert_eq!(p.months().len(), 12);
        assert!(Period::range(d(2026, 2, 1), d(2026, 1, 1)).is_err());
    }
}

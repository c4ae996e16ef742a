//! Lists of cases: filtered and sorted pages, their counts, the dashboard's figures, the
//! numbering years, and the cases a record is attached to.

use super::{CaseCounts, CaseFilter, CaseSort, CaseStatusFilter, ROW_SELECT, row_from_row};
use crate::calendar::WorkCalendar;
use crate::cases::model::CaseRow;
use crate::store::{Store, StoreError};
use crate::thai::date::iso;
use chrono::{Datelike, NaiveDate};

impl Store {
    /// The cases a record is attached to: (case id, number).
    pub fn cases_of_record(&self, record_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT c.id, c.number FROM case_records r JOIN cases c ON c.id = r.case_id WHERE r.record_id = ?1 ORDER BY c.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([record_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The WHERE clause and its values for a filter.
    fn case_where(f: &CaseFilter, today: NaiveDate) -> (String, Vec<rusqlite::types::Value>) {
        use rusqlite::types::Value;
        let mut conds: Vec<String> = Vec::new();
        let mut vals: Vec<Value> = Vec::new();
        if let Some(p) = &f.process {
            vals.push(Value::Text(p.clone()));
            conds.push(format!("process_id = ?{}", vals.len()));
        }
        match f.status {
            CaseStatusFilter::All => {}
            CaseStatusFilter::Active => conds.push("status IN ('open', 'paused')".into()),
            CaseStatusFilter::Only(s) => {
                vals.push(Value::Text(s.code().into()));
                conds.push(format!("status = ?{}", vals.len()));
            }
        }
        if let Some(y) = f.year {
            vals.push(Value::Integer(i64::from(y)));
            conds.push(format!("number_year = ?{}", vals.len()));
        }
        if f.overdue {
            vals.push(Value::Text(format!("{}T00:00:00", iso(today))));
            conds.push(format!("status = 'open' AND due_at < ?{}", vals.len()));
        }
        // Words in the number, the title or the requester (the store's byte-wise search,
        // as for records; numbers are kept with Arabic digits).
        let text = crate::thai::lowercase(f.text.trim());
        if !text.is_empty() {
            vals.push(Value::Text(crate::thai::numerals::to_arabic_digits(&text)));
            conds.push(format!(
                "dlict_has(lower(number || ' ' || title || ' ' || requester), ?{})",
                vals.len()
            ));
        }
        let sql = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        (sql, vals)
    }

    /// How many cases a filter gives.
    pub fn case_count(&self, f: &CaseFilter, today: NaiveDate) -> Result<usize, StoreError> {
        let (w, vals) = Self::case_where(f, today);
        let n: i64 = self
            .conn()
            .prepare_cached(&format!("SELECT COUNT(*) FROM cases{w}"))
            .and_then(|mut s| s.query_row(rusqlite::params_from_iter(vals), |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// One page of a filtered, sorted case list.
    pub fn case_page(
        &self,
        f: &CaseFilter,
        sort: CaseSort,
        today: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<CaseRow>, StoreError> {
        let (w, mut vals) = Self::case_where(f, today);
        let order = match sort {
            CaseSort::Due => "due_at IS NULL, due_at, id",
            CaseSort::Newest => "id DESC",
            CaseSort::Received => "received_at, id",
        };
        vals.push(rusqlite::types::Value::Integer(
            i64::try_from(limit).unwrap_or(i64::MAX),
        ));
        vals.push(rusqlite::types::Value::Integer(
            i64::try_from(offset).unwrap_or(0),
        ));
        let n = vals.len();
        let sql = format!(
            "{ROW_SELECT}{w} ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        let mut stmt = self.conn().prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(vals), row_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The dashboard's figures as of `today`.
    pub fn case_counts(
        &self,
        today: NaiveDate,
        cal: &WorkCalendar,
    ) -> Result<CaseCounts, StoreError> {
        let day = |d: NaiveDate| format!("{}T00:00:00", iso(d));
        let tomorrow = today.succ_opt().unwrap_or(today);
        let soon_end = cal.add_working_days(today, 3).succ_opt().unwrap_or(today);
        let month_start = today.with_day(1).unwrap_or(today);
        let count = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<usize, StoreError> {
            let n: i64 = self
                .conn()
                .prepare_cached(sql)
                .and_then(|mut s| s.query_row(p, |r| r.get(0)))
                .map_err(|e| self.err(e))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        let range =
            "SELECT COUNT(*) FROM cases WHERE status = 'open' AND due_at >= ?1 AND due_at < ?2";
        Ok(CaseCounts {
            open: count(
                "SELECT COUNT(*) FROM cases WHERE status IN ('open', 'paused')",
                &[],
            )?,
            due_today: count(range, &[&day(today), &day(tomorrow)])?,
            due_soon: count(range, &[&day(tomorrow), &day(soon_end)])?,
            overdue: count(
                "SELECT COUNT(*) FROM cases WHERE status = 'open' AND due_at < ?1",
                &[&day(today)],
            )?,
            closed_this_month: count(
                "SELECT COUNT(*) FROM cases WHERE status = 'closed' AND changed_at >= ?1",
                &[&day(month_start)],
            )?,
        })
    }

    /// The numbering years that have cases (newest first), for the list's filter.
    pub fn case_years(&self) -> Result<Vec<i32>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT year FROM case_numbers ORDER BY year DESC")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

//! Lists of cases: filtered and sorted pages, their counts, the dashboard's figures, the
//! numbering years, and the cases a record is attached to.

use super::{CaseCounts, CaseFilter, CaseSort, CaseStatusFilter, ROW_SELECT, row_from_row};
use crate::calendar::WorkCalendar;
use crate::cases::model::CaseRow;
use crate::store::query::{Lite, QueryError, Sql, self_path_err, vals};
use crate::store::{Store, StoreError};
use crate::thai::date::iso;
use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;

impl Store {
    fn lite<T>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<T, QueryError>,
    ) -> Result<T, StoreError> {
        f(&mut Lite(self.conn())).map_err(|e| self_path_err(self.path(), e))
    }

    /// The cases a record is attached to: (case id, number).
    pub fn cases_of_record(&self, record_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        self.lite(|tx| cases_of_record_on(tx, record_id))
    }

    /// How many cases a filter gives.
    pub fn case_count(&self, f: &CaseFilter, today: NaiveDate) -> Result<usize, StoreError> {
        self.lite(|tx| case_count_on(tx, f, today))
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
        self.lite(|tx| case_page_on(tx, f, sort, today, offset, limit))
    }

    /// The dashboard's figures as of `today`.
    pub fn case_counts(
        &self,
        today: NaiveDate,
        cal: &WorkCalendar,
    ) -> Result<CaseCounts, StoreError> {
        self.lite(|tx| case_counts_on(tx, today, cal))
    }

    /// The numbering years that have cases (newest first), for the list's filter.
    pub fn case_years(&self) -> Result<Vec<i32>, StoreError> {
        self.lite(case_years_on)
    }
}

/// `Store::cases_of_record` on either backend.
pub(crate) fn cases_of_record_on(
    tx: &mut dyn Sql,
    record_id: i64,
) -> Result<Vec<(i64, String)>, QueryError> {
    tx.rows(
        "SELECT c.id, c.number FROM case_records r JOIN cases c ON c.id = r.case_id WHERE r.record_id = ?1 ORDER BY c.id",
        vals![record_id],
    )?
    .iter()
    .map(|r| Ok((r.int(0)?, r.text(1)?)))
    .collect()
}

/// The WHERE clause and its values for a filter.
fn case_where(tx: &dyn Sql, f: &CaseFilter, today: NaiveDate) -> (String, Vec<Value>) {
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
        conds.push(tx.holds(
            "lower(number || ' ' || title || ' ' || requester)",
            vals.len(),
        ));
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    (sql, vals)
}

/// `Store::case_count` on either backend.
pub(crate) fn case_count_on(
    tx: &mut dyn Sql,
    f: &CaseFilter,
    today: NaiveDate,
) -> Result<usize, QueryError> {
    let (w, vals) = case_where(tx, f, today);
    let n = tx.int(&format!("SELECT count(*) FROM cases{w}"), &vals)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// `Store::case_page` on either backend.
pub(crate) fn case_page_on(
    tx: &mut dyn Sql,
    f: &CaseFilter,
    sort: CaseSort,
    today: NaiveDate,
    offset: usize,
    limit: usize,
) -> Result<Vec<CaseRow>, QueryError> {
    let (w, mut vals) = case_where(tx, f, today);
    let order = match sort {
        CaseSort::Due => "due_at IS NULL, due_at, id",
        CaseSort::Newest => "id DESC",
        CaseSort::Received => "received_at, id",
    };
    vals.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    vals.push(Value::Integer(i64::try_from(offset).unwrap_or(0)));
    let n = vals.len();
    let sql = format!(
        "{ROW_SELECT}{w} ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
        n - 1
    );
    tx.rows(&sql, &vals)?.iter().map(row_from_row).collect()
}

/// `Store::case_counts` on either backend.
pub(crate) fn case_counts_on(
    tx: &mut dyn Sql,
    today: NaiveDate,
    cal: &WorkCalendar,
) -> Result<CaseCounts, QueryError> {
    let day = |d: NaiveDate| Value::Text(format!("{}T00:00:00", iso(d)));
    let tomorrow = today.succ_opt().unwrap_or(today);
    let soon_end = cal.add_working_days(today, 3).succ_opt().unwrap_or(today);
    let month_start = today.with_day(1).unwrap_or(today);
    let mut count = |sql: &str, p: &[Value]| -> Result<usize, QueryError> {
        Ok(usize::try_from(tx.int(sql, p)?).unwrap_or(0))
    };
    let range = "SELECT count(*) FROM cases WHERE status = 'open' AND due_at >= ?1 AND due_at < ?2";
    Ok(CaseCounts {
        open: count(
            "SELECT count(*) FROM cases WHERE status IN ('open', 'paused')",
            &[],
        )?,
        due_today: count(range, &[day(today), day(tomorrow)])?,
        due_soon: count(range, &[day(tomorrow), day(soon_end)])?,
        overdue: count(
            "SELECT count(*) FROM cases WHERE status = 'open' AND due_at < ?1",
            &[day(today)],
        )?,
        closed_this_month: count(
            "SELECT count(*) FROM cases WHERE status = 'closed' AND changed_at >= ?1",
            &[day(month_start)],
        )?,
    })
}

/// `Store::case_years` on either backend.
pub(crate) fn case_years_on(tx: &mut dyn Sql) -> Result<Vec<i32>, QueryError> {
    tx.rows("SELECT year FROM case_numbers ORDER BY year DESC", &[])?
        .iter()
        .map(|r| Ok(i32::try_from(r.int(0)?).unwrap_or(0)))
        .collect()
}

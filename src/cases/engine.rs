//! How a case moves through its flow and when each step is due. Pure functions over the
//! catalog's flow, the steps so far and the working-day calendar; the store calls them inside
//! its transactions.
//!
//! Decisions about the standards table, shown to the officer in the "why this date" text:
//! - A step's duration is its node's standards row's, counted from the moment the step
//!   starts (the previous step's finish; the case's receipt for the first step).
//! - A row that covers several nodes gives its duration to those nodes **together**: the
//!   count starts when the first of them starts, and the next nodes of the same row share
//!   that due date, until the case comes back to a node already in that run (a loop): the
//!   new pass counts afresh.
//! - A row whose duration says it is included in another step's time ("รวมอยู่ในระยะเวลา
//!   ขั้นวิจัย") shares the previous step's due date.
//! - A range ("๑ - ๕ วันทำการ") is due at its longest.
//! - "ต่อกิจกรรม", "ตลอดระยะเวลา", "ตามที่ระบุในแผนงาน", a blank duration, and one that cannot
//!   be read give no date; the officer may set one.
//! - A node without a standards row gives no date (the catalog test keeps every node in a
//!   row; rows without a node in the chart are not steps of a case).
//! - Working days the case spends paused are added to the current step's due date.
//! - A due date the officer set is kept as set: neither a pause nor a calendar change moves
//!   it.

use super::model::{Outcome, Step};
use crate::calendar::{WorkCalendar, due, due_reasons, due_when};
use crate::catalog::{Duration, DurationUnit, Flow, Process};
use crate::flow::{FlowGraph, NodeKind};
use crate::thai::digits;
use chrono::NaiveDateTime;

/// Where finishing a step leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// To this node (an index into the flow's nodes).
    To(usize),
    /// The flow ends: the case is closed.
    End,
}

/// Where the flow goes after `node`, given the outcome recorded at a decision. Errors are
/// Thai sentences for the officer.
pub fn next(graph: &FlowGraph, node: usize, outcome: Option<Outcome>) -> Result<Next, String> {
    let Some(n) = graph.nodes.get(node) else {
        return Err("ไม่พบขั้นนี้ในผังงาน".into());
    };
    let out: Vec<_> = graph.outgoing(node).collect();
    if n.kind == NodeKind::Decision {
        let Some(outcome) = outcome else {
            return Err(format!(
                "ขั้น \"{}\" เป็นจุดตัดสินใจ ต้องระบุผล ผ่าน หรือ ไม่ผ่าน",
                one_line(&n.label)
            ));
        };
        let want_rejection = outcome == Outcome::Fail;
        return out
            .iter()
            .find(|e| e.is_rejection() == want_rejection)
            .map(|e| Next::To(e.to))
            .ok_or_else(|| {
                format!(
                    "ผังงานไม่มีทางสำหรับผล \"{}\" ที่ขั้น \"{}\"",
                    outcome.thai(),
                    one_line(&n.label)
                )
            });
    }
    if outcome.is_some() {
        return Err(format!(
            "ขั้น \"{}\" ไม่ใช่จุดตัดสินใจ จึงไม่ต้องระบุผล ผ่าน/ไม่ผ่าน",
            one_line(&n.label)
        ));
    }
    Ok(out.first().map_or(Next::End, |e| Next::To(e.to)))
}

/// The words on a decision's two ways ("อนุมัติ" / "ไม่อนุมัติ"), ผ่าน / ไม่ผ่าน where the
/// chart writes none.
pub fn outcome_labels(graph: &FlowGraph, node: usize) -> (String, String) {
    let mut pass = None;
    let mut fail = None;
    for e in graph.outgoing(node) {
        let label = e.label.clone().filter(|l| !l.trim().is_empty());
        if e.is_rejection() {
            fail = fail.or(label);
        } else {
            pass = pass.or(label);
        }
    }
    (
        pass.unwrap_or_else(|| Outcome::Pass.thai().to_owned()),
        fail.unwrap_or_else(|| Outcome::Fail.thai().to_owned()),
    )
}

/// The nodes still ahead of `node` if every decision passes, up to the end (each once).
pub fn path_ahead(graph: &FlowGraph, node: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = vec![false; graph.nodes.len()];
    let mut at = node;
    if let Some(s) = seen.get_mut(at) {
        *s = true;
    }
    loop {
        let outcome = graph
            .nodes
            .get(at)
            .is_some_and(|n| n.kind == NodeKind::Decision)
            .then_some(Outcome::Pass);
        match next(graph, at, outcome) {
            Ok(Next::To(to)) if seen.get(to) == Some(&false) => {
                seen[to] = true;
                out.push(to);
                at = to;
            }
            _ => return out,
        }
    }
}

/// A node's label on one line (the chart breaks long labels).
pub fn one_line(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The label of node `node` of flow `flow` of `p`, on one line; the node's id when the flow
/// has no such node (a case from an older catalog).
pub fn node_label(p: &Process, flow: usize, node: &str) -> String {
    p.flows
        .get(flow)
        .and_then(|f| {
            f.graph
                .index_of(node)
                .map(|i| one_line(&f.graph.nodes[i].label))
        })
        .unwrap_or_else(|| node.to_owned())
}

/// How a step's due date is set when it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub row_order: String,
    pub due_rule: String,
    pub due_base: Option<NaiveDateTime>,
    pub paused_days: u32,
    pub due_at: Option<NaiveDateTime>,
    pub due_note: String,
    pub due_why: String,
    pub due_manual: bool,
}

/// Whether a row's duration says it is part of another step's time ("รวมอยู่ใน…").
fn included_in_another(duration: &str) -> bool {
    duration.trim_start().starts_with("รวม")
}

/// The due date of a step at `node` starting at `started`, after the case's `history` (its
/// steps so far, oldest first).
pub fn plan(
    flow: &Flow,
    node: usize,
    started: NaiveDateTime,
    history: &[Step],
    cal: &WorkCalendar,
) -> Plan {
    let node_id = flow
        .graph
        .nodes
        .get(node)
        .map(|n| n.id.as_str())
        .unwrap_or_default();
    let Some(row) = flow.row_of_node(node_id).and_then(|i| flow.rows.get(i)) else {
        return Plan {
            row_order: String::new(),
            due_rule: String::new(),
            due_base: None,
            paused_days: 0,
            due_at: None,
            due_note: String::new(),
            due_why: "ขั้นนี้ไม่มีในตารางมาตรฐาน จึงไม่มีกำหนดเสร็จอัตโนมัติ (กำหนดเองได้)".into(),
            due_manual: false,
        };
    };
    // The steps just before this one that belong to the same row.
    let run: Vec<&Step> = history
        .iter()
        .rev()
        .take_while(|s| s.row_order == row.order)
        .collect();
    let shared_with = match run.first() {
        Some(last) if !run.iter().any(|s| s.node == node_id) => Some((
            *last,
            format!(
                "แถวที่ {} ของตารางมาตรฐานครอบคลุมหลายขั้นในผังงาน จึงใช้กำหนดเดียวกับขั้นก่อนหน้า",
                row.order
            ),
        )),
        _ if included_in_another(&row.duration) => history.last().map(|prev| {
            (
                prev,
                format!(
                    "ตารางมาตรฐานระบุว่า \"{}\" จึงใช้กำหนดเดียวกับขั้นก่อนหน้า",
                    one_line(&row.duration)
                ),
            )
        }),
        _ => None,
    };
    if let Some((prev, note)) = shared_with {
        let mut p = Plan {
            row_order: row.order.clone(),
            due_rule: prev.due_rule.clone(),
            due_base: prev.due_base,
            paused_days: prev.paused_days,
            due_at: prev.due_at,
            due_note: note,
            due_why: String::new(),
            due_manual: prev.due_manual,
        };
        p.due_why = if p.due_manual {
            join(&p.due_note, &manual_why(p.due_at))
        } else {
            let (at, why) = match p.due_base {
                Some(base) => compute(&p.due_rule, base, p.paused_days, cal),
                None => (None, no_date_why(&p.due_rule)),
            };
            p.due_at = at;
            join(&p.due_note, &why)
        };
        return p;
    }
    let (due_at, due_why) = compute(&row.duration, started, 0, cal);
    Plan {
        row_order: row.order.clone(),
        due_rule: row.duration.clone(),
        due_base: Some(started),
        paused_days: 0,
        due_at,
        due_note: String::new(),
        due_why,
        due_manual: false,
    }
}

/// "note · why", or either alone.
pub fn join(note: &str, why: &str) -> String {
    if note.is_empty() {
        why.to_owned()
    } else {
        format!("{note} · {why}")
    }
}

/// The why-text of a due date the officer set.
pub fn manual_why(at: Option<NaiveDateTime>) -> String {
    match at {
        Some(at) => format!("เจ้าหน้าที่กำหนดวันครบกำหนดเอง: {}", due_when(at, false)),
        None => "เจ้าหน้าที่ยกเลิกวันครบกำหนดของขั้นนี้".into(),
    }
}

fn no_date_why(rule: &str) -> String {
    let rule = one_line(rule);
    if rule.is_empty() {
        "ตารางมาตรฐานไม่ได้ระบุระยะเวลา จึงไม่มีกำหนดเสร็จอัตโนมัติ (กำหนดเองได้)".into()
    } else {
        format!("ตารางมาตรฐานระบุ \"{rule}\" ซึ่งไม่ใช่จำนวนวันที่นับได้ จึงไม่มีกำหนดเสร็จอัตโนมัติ (กำหนดเองได้)")
    }
}

/// The due moment of a duration `rule` counted from `base`, pushed `paused_days` working
/// days for the time the case was paused, and why, in Thai. Also what recomputing after a
/// calendar change runs.
pub fn compute(
    rule: &str,
    base: NaiveDateTime,
    paused_days: u32,
    cal: &WorkCalendar,
) -> (Option<NaiveDateTime>, String) {
    let Some(d) = Duration::parse(rule) else {
        return (
            None,
            format!(
                "อ่านระยะเวลา \"{}\" ในตารางมาตรฐานไม่ได้ จึงไม่มีกำหนดเสร็จอัตโนมัติ (กำหนดเองได้)",
                one_line(rule)
            ),
        );
    };
    if d.unit == DurationUnit::Unspecified {
        return (None, no_date_why(rule));
    }
    if d.per_activity() {
        return (
            None,
            format!(
                "ตารางมาตรฐานระบุ \"{}\" ซึ่งนับตามจำนวนกิจกรรม จึงไม่มีกำหนดเสร็จอัตโนมัติ (กำหนดเองได้)",
                one_line(rule)
            ),
        );
    }
    let Some(found) = due(base, &d, cal) else {
        return (None, no_date_why(rule));
    };
    let mut head = format!("ตารางมาตรฐาน {}", one_line(rule));
    if d.min != d.max
        && let Some(max) = d.max
    {
        head.push_str(&format!(" นับที่มากที่สุด {} {}", digits(max), d.unit.thai()));
    }
    let mut parts = vec![head];
    parts.extend(due_reasons(&found));
    let mut at = found.at;
    if paused_days > 0 {
        at = cal
            .add_working_days(at.date(), paused_days)
            .and_time(at.time());
        parts.push(format!("พักเรื่อง {} วันทำการ", digits(paused_days)));
    }
    parts.push(format!("ครบกำหนด {}", due_when(at, found.exact_time)));
    (Some(at), parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|x| x.and_hms_opt(h, min, 0))
            .expect("a real moment")
    }

    #[test]
    fn every_decision_has_a_way_for_each_outcome() {
        let catalog = Catalog::load().expect("catalog loads");
        for p in &catalog.processes {
            for f in &p.flows {
                for (i, n) in f.graph.nodes.iter().enumerate() {
                    if n.kind == NodeKind::Decision {
                        for o in [Outcome::Pass, Outcome::Fail] {
                            assert!(
                                matches!(next(&f.graph, i, Some(o)), Ok(Next::To(_))),
                                "{} {} {:?}",
                                p.id(),
                                n.id,
                                o
                            );
                        }
                        assert!(next(&f.graph, i, None).is_err());
                    } else {
                        assert!(next(&f.graph, i, Some(Outcome::Pass)).is_err());
                    }
                }
            }
        }
    }

    #[test]
    fn ranges_count_their_longest_and_say_why() {
        let cal = WorkCalendar::seeded();
        // Received Tuesday 8 Dec 2026 in office hours; "๑ - ๕ วันทำการ" counts 5: Wed 9, (Thu
        // 10 Constitution Day), Fri 11, (Sat 12, Sun 13), Mon 14, Tue 15, Wed 16.
        let (due, why) = compute("๑ - ๕ วันทำการ", at(2026, 12, 8, 10, 0), 0, &cal);
        assert_eq!(due.map(|d| d.date()), NaiveDate::from_ymd_opt(2026, 12, 16));
        assert!(why.contains("นับที่มากที่สุด ๕ วันทำการ"), "{why}");
        assert!(why.contains("วันรัฐธรรมนูญ"), "{why}");
        // Paused two working days: Thu 17, Fri 18.
        let (due, why) = compute("๑ - ๕ วันทำการ", at(2026, 12, 8, 10, 0), 2, &cal);
        assert_eq!(due.map(|d| d.date()), NaiveDate::from_ymd_opt(2026, 12, 18));
        assert!(why.contains("พักเรื่อง ๒ วันทำการ"), "{why}");
    }

    #[test]
    fn durations_without_a_count_give_no_date() {
        let cal = WorkCalendar::seeded();
        let base = at(2026, 12, 8, 10, 0);
        for rule in [
            "ตลอดระยะเวลา",
            "ตามที่ระบุ ในแผนงาน",
            "",
            "๓ - ๕ วันต่อ กิจกรรม",
            "เร็วที่สุด",
        ] {
            let (due, why) = compute(rule, base, 0, &cal);
            assert_eq!(due, None, "{rule}");
            assert!(why.contains("กำหนดเองได้"), "{rule}: {why}");
        }
        // Per time: one pass is one time.
        assert!(compute("๓ - ๕ วัน/ครั้ง", base, 0, &cal).0.is_some());
        assert!(
            compute("๕ - ๗ วันทำการ (สำหรับชั้น ประมวลผล)", base, 0, &cal)
                .0
                .is_some()
        );
    }
}

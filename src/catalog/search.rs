//! Searching processes by name and by words inside them.

use super::Process;

/// All of a process's text, lower-cased, for substring search.
pub fn index_text(p: &Process) -> String {
    let mut s = String::new();
    let mut add = |t: &str| {
        s.push_str(&t.to_lowercase());
        s.push('\n');
    };
    add(&p.name);
    add(&crate::thai::digits(p.number));
    p.objectives.iter().chain(&p.scope).for_each(|t| add(t));
    add(&p.kpi);
    for d in &p.definitions {
        add(&d.term);
        add(&d.meaning);
    }
    p.steps
        .iter()
        .chain(&p.forms)
        .chain(&p.references)
        .for_each(|n| add(&n.text));
    for f in &p.flows {
        add(&f.title);
        for r in &f.rows {
            for t in [&r.detail, &r.quality, &r.responsible, &r.duration] {
                add(t);
            }
        }
        for n in &f.graph.nodes {
            add(&n.label);
        }
    }
    s
}

/// Whether a process matches a query: every whitespace-separated word of the query occurs.
/// An empty query matches everything.
pub fn matches(p: &Process, query: &str) -> bool {
    let q = query.to_lowercase();
    q.split_whitespace()
        .all(|w| p.search_text.contains(w) || p.number.to_string() == w)
}

/// Whether the query hits the process's name (shown first in results).
pub fn matches_name(p: &Process, query: &str) -> bool {
    let name = p.name.to_lowercase();
    let q = query.to_lowercase();
    q.split_whitespace().all(|w| name.contains(w))
}

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

/// Where in a process the query's first word was found, and the words around it: ("คำจำกัด
/// ความ", "…ระบบคลังข้อมูล (Big Data) หมายถึง…"). `None` when only the name matched or
/// nothing did.
pub fn snippet(p: &Process, query: &str) -> Option<(&'static str, String)> {
    let word = query.split_whitespace().next()?.to_lowercase();
    let mut places: Vec<(&'static str, &str)> = Vec::new();
    places.extend(p.objectives.iter().map(|t| ("วัตถุประสงค์", t.as_str())));
    places.extend(p.scope.iter().map(|t| ("ขอบเขต", t.as_str())));
    places.push(("ตัวชี้วัด", p.kpi.as_str()));
    for d in &p.definitions {
        places.push(("คำจำกัดความ", d.term.as_str()));
        places.push(("คำจำกัดความ", d.meaning.as_str()));
    }
    places.extend(p.steps.iter().map(|n| ("ขั้นตอนการปฏิบัติงาน", n.text.as_str())));
    places.extend(p.forms.iter().map(|n| ("แบบฟอร์มที่ใช้", n.text.as_str())));
    places.extend(
        p.references
            .iter()
            .map(|n| ("เอกสารอ้างอิง", n.text.as_str())),
    );
    for f in &p.flows {
        for r in &f.rows {
            for t in [&r.detail, &r.quality, &r.responsible, &r.duration] {
                places.push(("มาตรฐานงาน", t.as_str()));
            }
        }
        places.extend(f.graph.nodes.iter().map(|n| ("ผังขั้นตอน", n.label.as_str())));
    }
    places.into_iter().find_map(|(place, text)| {
        let lower = text.to_lowercase();
        let at = lower.find(&word)?;
        // Positions in the lower-cased text map to characters of the original (Thai and
        // ASCII keep their lengths in characters when lower-cased).
        let start_char = lower[..at].chars().count();
        let len = word.chars().count();
        let chars: Vec<char> = text.chars().collect();
        let from = start_char.saturating_sub(24);
        let to = (start_char + len + 24).min(chars.len());
        let mut s: String = chars.get(from..to)?.iter().collect();
        s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if from > 0 {
            s.insert(0, '…');
        }
        if to < chars.len() {
            s.push('…');
        }
        Some((place, s))
    })
}

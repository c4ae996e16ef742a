//! Parser for the Mermaid subset the manual uses inside its standards tables.
//!
//! `graph TD` followed by statements that may share one line: nodes `ID([terminal])`,
//! `ID[activity]`, `ID{decision}`, `ID(())` page connector, `ID(rounded)`; edges `-->`,
//! `-- label -->`, `-- "label" -->`, `-->|label|`; chains `A --> B --> C`.

use std::fmt;

/// The shape a node is drawn with in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `([…])` stadium: start or end of the process.
    Terminal,
    /// `[…]` rectangle: an activity.
    Rectangle,
    /// `(…)` rounded rectangle: drawn as an activity.
    Rounded,
    /// `{…}` rhombus: a decision.
    Decision,
    /// `(())` small circle: continues on the next page.
    Connector,
}

/// A node as first defined on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNode {
    pub id: String,
    pub shape: Shape,
    pub label: String,
}

/// An edge between two node ids on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEdge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
}

/// One parsed Mermaid block; nodes in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub nodes: Vec<PageNode>,
    pub edges: Vec<PageEdge>,
}

/// A parse error with the byte offset in the source where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ผังงาน ตำแหน่ง {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ParseError {}

struct Cursor<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }
    fn skip_separators(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        self.pos += rest.len() - trimmed.len();
    }
    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }
    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }
    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            offset: self.pos,
            message: message.into(),
        }
    }
    fn snippet(&self) -> String {
        self.rest().chars().take(20).collect()
    }
}

/// Parses one Mermaid block (one page of a flowchart).
pub fn parse_page(src: &str) -> Result<Page, ParseError> {
    let mut cur = Cursor { src, pos: 0 };
    cur.skip_separators();
    if !(cur.eat("graph") || cur.eat("flowchart")) {
        return Err(cur.error("ต้องขึ้นต้นด้วย \"graph TD\""));
    }
    cur.skip_spaces();
    if !(cur.eat("TD") || cur.eat("TB")) {
        return Err(cur.error("รองรับเฉพาะทิศทาง TD (บนลงล่าง)"));
    }
    let mut page = Page::default();
    let mut previous: Option<String> = None;
    let mut pending_label: Option<Option<String>> = None;
    loop {
        cur.skip_separators();
        if cur.rest().is_empty() {
            break;
        }
        if let Some(label) = parse_edge(&mut cur)? {
            if previous.is_none() {
                return Err(cur.error("เส้นเชื่อมไม่มีโหนดต้นทาง"));
            }
            if pending_label.is_some() {
                return Err(cur.error("มีเส้นเชื่อมสองเส้นติดกัน"));
            }
            pending_label = Some(label);
            continue;
        }
        let id = parse_node(&mut cur, &mut page)?;
        if let Some(label) = pending_label.take() {
            let from = previous.clone().unwrap_or_default();
            page.edges.push(PageEdge {
                from,
                to: id.clone(),
                label,
            });
        }
        previous = Some(id);
    }
    if pending_label.is_some() {
        return Err(cur.error("เส้นเชื่อมไม่มีโหนดปลายทาง"));
    }
    if let Some(missing) = page
        .nodes
        .iter()
        .find(|n| n.label.is_empty() && n.shape != Shape::Connector)
    {
        return Err(ParseError {
            offset: 0,
            message: format!("โหนด {} ไม่มีข้อความ", missing.id),
        });
    }
    Ok(page)
}

/// Parses an edge operator at the cursor; `Ok(None)` when there is none.
/// Returns the edge's label (`Some(None)` for an unlabelled edge).
#[expect(
    clippy::option_option,
    reason = "no edge, an edge without a label, an edge with one: three cases"
)]
fn parse_edge(cur: &mut Cursor<'_>) -> Result<Option<Option<String>>, ParseError> {
    if cur.eat("-->") {
        cur.skip_spaces();
        if cur.eat("|") {
            let rest = cur.rest();
            let end = rest
                .find('|')
                .ok_or_else(|| cur.error("ป้ายเส้นเชื่อม |…| ไม่ปิด"))?;
            let label = clean_label(&rest[..end]);
            cur.pos += end + 1;
            return Ok(Some(non_empty(label)));
        }
        return Ok(Some(None));
    }
    if cur.rest().starts_with("--") {
        let start = cur.pos;
        cur.pos += 2;
        let rest = cur.rest();
        let end = rest
            .find("-->")
            .ok_or_else(|| cur.error("เส้นเชื่อมแบบมีป้าย -- … --> ไม่มี -->"))?;
        let label = clean_label(&rest[..end]);
        if label.contains('[') || label.contains('{') || label.contains("--") {
            cur.pos = start;
            return Err(cur.error(format!("ป้ายเส้นเชื่อมไม่ถูกต้อง: {}", cur.snippet())));
        }
        cur.pos += end + 3;
        return Ok(Some(non_empty(label)));
    }
    Ok(None)
}

fn clean_label(s: &str) -> String {
    s.trim().trim_matches('"').trim().to_owned()
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Parses a node reference, with or without a shape; registers it on the page.
fn parse_node(cur: &mut Cursor<'_>, page: &mut Page) -> Result<String, ParseError> {
    let rest = cur.rest();
    let id_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if id_len == 0 {
        return Err(cur.error(format!("คาดว่าจะเป็นชื่อโหนด แต่พบ \"{}\"", cur.snippet())));
    }
    let id = rest[..id_len].to_string();
    cur.pos += id_len;
    let shaped = parse_shape(cur)?;
    match (page.nodes.iter_mut().find(|n| n.id == id), shaped) {
        (Some(existing), Some((shape, label))) => {
            if existing.label.is_empty() && existing.shape == Shape::Rectangle {
                existing.shape = shape;
                existing.label = label;
            } else if existing.shape != shape || existing.label != label {
                return Err(cur.error(format!("โหนด {id} ถูกกำหนดซ้ำด้วยข้อความอื่น")));
            }
        }
        (Some(_), None) => {}
        (None, Some((shape, label))) => page.nodes.push(PageNode {
            id: id.clone(),
            shape,
            label,
        }),
        // Referenced before its definition: Mermaid draws it as a rectangle named by its id.
        (None, None) => page.nodes.push(PageNode {
            id: id.clone(),
            shape: Shape::Rectangle,
            label: String::new(),
        }),
    }
    Ok(id)
}

fn parse_shape(cur: &mut Cursor<'_>) -> Result<Option<(Shape, String)>, ParseError> {
    let (shape, close) = if cur.eat("([") {
        (Shape::Terminal, "])")
    } else if cur.eat("((") {
        (Shape::Connector, "))")
    } else if cur.eat("(") {
        (Shape::Rounded, ")")
    } else if cur.eat("[") {
        (Shape::Rectangle, "]")
    } else if cur.eat("{") {
        (Shape::Decision, "}")
    } else {
        return Ok(None);
    };
    let rest = cur.rest();
    let end = if shape == Shape::Rounded {
        matching_paren(rest)
    } else {
        rest.find(close)
    }
    .ok_or_else(|| cur.error(format!("ไม่พบ \"{close}\" ปิดข้อความของโหนด")))?;
    let label = clean_label(&rest[..end]);
    if label.contains("-->") || (shape != Shape::Rounded && label.contains(['[', '{'])) {
        return Err(cur.error("ข้อความของโหนดไม่ปิด"));
    }
    cur.pos += end + close.len();
    Ok(Some((shape, label)))
}

/// Offset of the `)` closing a rounded node, allowing balanced parentheses in its text.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(p: &Page, i: usize) -> (&str, &str, Option<&str>) {
        let e = &p.edges[i];
        (e.from.as_str(), e.to.as_str(), e.label.as_deref())
    }

    #[test]
    fn every_shape() {
        let p = parse_page(
            "graph TD A([เริ่ม]) --> B[ทำงาน] B --> C{เสนอ ผอ.สพท.} C --> D(()) C --> E(ติดตาม (DLTV) ผล)",
        )
        .expect("parses");
        let shapes: Vec<_> = p
            .nodes
            .iter()
            .map(|n| (n.id.as_str(), n.shape, n.label.as_str()))
            .collect();
        assert_eq!(
            shapes,
            vec![
                ("A", Shape::Terminal, "เริ่ม"),
                ("B", Shape::Rectangle, "ทำงาน"),
                ("C", Shape::Decision, "เสนอ ผอ.สพท."),
                ("D", Shape::Connector, ""),
                ("E", Shape::Rounded, "ติดตาม (DLTV) ผล"),
            ]
        );
        assert_eq!(p.edges.len(), 4);
    }

    #[test]
    fn every_edge_form() {
        let p = parse_page(
            "graph TD\nA([a]) --> B[b]\nB -- ไม่ผ่าน --> A\nB -- \"ผ่าน\" --> C[c]\nC -->|อนุมัติ| D([d]);",
        )
        .expect("parses");
        assert_eq!(edge(&p, 0), ("A", "B", None));
        assert_eq!(edge(&p, 1), ("B", "A", Some("ไม่ผ่าน")));
        assert_eq!(edge(&p, 2), ("B", "C", Some("ผ่าน")));
        assert_eq!(edge(&p, 3), ("C", "D", Some("อนุมัติ")));
    }

    #[test]
    fn chained_edges_and_one_line_statements() {
        let p = parse_page("graph TD A([a]) --> B[b] --> C([c]) B --> D[d]").expect("parses");
        assert_eq!(edge(&p, 0), ("A", "B", None));
        assert_eq!(edge(&p, 1), ("B", "C", None));
        assert_eq!(edge(&p, 2), ("B", "D", None));
    }

    #[test]
    fn manual_quirks_parse() {
        // From the manual: a page that loops back into its own start connector, and an
        // unlabelled way out of a decision.
        let p = parse_page(
            "graph TD Start(()) --> Decision{เสนอ ผอ.สพท.อนุมัติ เผยแพร่} Decision -- ไม่ผ่าน --> Review[ทบทวนปรับปรุง] Review --> Start Decision -- ผ่าน --> Publish([เผยแพร่])",
        )
        .expect("parses");
        assert_eq!(p.nodes[0].shape, Shape::Connector);
        assert_eq!(edge(&p, 2), ("Review", "Start", None));
        let p = parse_page("graph TD Start(()) --> A[มอบหมายงาน] A --> B{เสนอ} B --> C[เผยแพร่]")
            .expect("parses");
        assert_eq!(edge(&p, 2), ("B", "C", None));
    }

    #[test]
    fn malformed_input_is_reported() {
        assert!(parse_page("A --> B").is_err(), "missing header");
        assert!(parse_page("graph LR A --> B").is_err(), "wrong direction");
        assert!(parse_page("graph TD A([a]) -->").is_err(), "dangling edge");
        assert!(
            parse_page("graph TD A[ไม่ปิด --> B[b]").is_err(),
            "unclosed label"
        );
        assert!(
            parse_page("graph TD --> B[b]").is_err(),
            "edge without source"
        );
        assert!(
            parse_page("graph TD A[a] --> B").is_err(),
            "node without text"
        );
        assert!(parse_page("graph TD A[a] A[อื่น]").is_err(), "node redefined");
        let err = parse_page("graph TD A[a] --> ?").expect_err("bad node id");
        assert!(err.to_string().contains("ชื่อโหนด"), "{err}");
    }
}

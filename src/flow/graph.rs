//! One flow per process: pages joined through their page connectors, nodes typed by the
//! manual's legend, and the structural checks the catalog test runs.

use super::mermaid::{ParseError, Shape, parse_page};
use serde::Serialize;

/// What a node is, by the manual's legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Start,
    End,
    Activity,
    Decision,
    Connector,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Page-1 ids as written; ids from page N ≥ 2 as "N.ID".
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
}

impl Edge {
    /// The rejected branch of a decision ("ไม่ผ่าน", "ไม่อนุมัติ", …).
    pub fn is_rejection(&self) -> bool {
        self.label.as_deref().is_some_and(|l| l.starts_with("ไม่"))
    }
}

/// A whole flow: nodes and edges indexed by position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowGraph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

fn page_prefix(page: usize) -> String {
    if page == 0 {
        String::new()
    } else {
        format!("{}.", page + 1)
    }
}

impl FlowGraph {
    /// Parses every page and joins page N's dangling connector to page N+1's opening one.
    pub fn from_pages<S: AsRef<str>>(pages: &[S]) -> Result<FlowGraph, ParseError> {
        struct Raw {
            id: String,
            shape: Shape,
            label: String,
            page: usize,
        }
        let mut raw: Vec<Raw> = Vec::new();
        let mut edges: Vec<(usize, usize, Option<String>)> = Vec::new();
        let mut first_of_page = Vec::new();
        for (p, src) in pages.iter().enumerate() {
            let page = parse_page(src.as_ref())?;
            let base = raw.len();
            let prefix = page_prefix(p);
            first_of_page.push(base);
            let index_of = |id: &str| page.nodes.iter().position(|n| n.id == id).map(|i| base + i);
            for e in &page.edges {
                if let (Some(a), Some(b)) = (index_of(&e.from), index_of(&e.to)) {
                    edges.push((a, b, e.label.clone()));
                }
            }
            raw.extend(page.nodes.into_iter().map(|n| Raw {
                id: format!("{prefix}{}", n.id),
                shape: n.shape,
                label: n.label,
                page: p,
            }));
        }
        // Join continuations: merge the pair of connectors into edges pred → succ.
        let mut removed = vec![false; raw.len()];
        for (p, &opening) in first_of_page.iter().enumerate().skip(1) {
            let dangling: Vec<usize> = (0..raw.len())
                .filter(|&i| raw[i].page == p - 1 && raw[i].shape == Shape::Connector)
                .filter(|&i| !edges.iter().any(|e| e.0 == i))
                .collect();
            if raw[opening].shape != Shape::Connector || dangling.len() != 1 {
                return Err(ParseError {
                    offset: 0,
                    message: format!(
                        "ต่อหน้า {} ไป {} ไม่ได้: ต้องมีจุดเชื่อมต่อ (()) ท้ายหน้า {} หนึ่งจุด และหน้า {} ต้องเริ่มด้วยจุดเชื่อมต่อ",
                        p,
                        p + 1,
                        p,
                        p + 1
                    ),
                });
            }
            let (a, b) = (dangling[0], opening);
            let preds: Vec<_> = edges
                .iter()
                .filter(|e| e.1 == a || e.1 == b)
                .cloned()
                .collect();
            let succs: Vec<_> = edges.iter().filter(|e| e.0 == b).cloned().collect();
            edges.retain(|e| e.0 != a && e.1 != a && e.0 != b && e.1 != b);
            for (from, _, l1) in &preds {
                for (_, to, l2) in &succs {
                    edges.push((*from, *to, l1.clone().or_else(|| l2.clone())));
                }
            }
            removed[a] = true;
            removed[b] = true;
        }
        let mut new_index = vec![usize::MAX; raw.len()];
        let mut nodes = Vec::new();
        for (i, r) in raw.iter().enumerate() {
            if removed[i] {
                continue;
            }
            new_index[i] = nodes.len();
            let has_in = edges.iter().any(|e| e.1 == i);
            let has_out = edges.iter().any(|e| e.0 == i);
            let kind = match r.shape {
                Shape::Terminal if !has_in => NodeKind::Start,
                Shape::Terminal if !has_out => NodeKind::End,
                Shape::Terminal | Shape::Rectangle | Shape::Rounded => NodeKind::Activity,
                Shape::Decision => NodeKind::Decision,
                Shape::Connector => NodeKind::Connector,
            };
            nodes.push(Node {
                id: r.id.clone(),
                kind,
                label: r.label.clone(),
            });
        }
        let edges = edges
            .into_iter()
            .map(|(a, b, label)| Edge {
                from: new_index[a],
                to: new_index[b],
                label,
            })
            .collect();
        Ok(FlowGraph { nodes, edges })
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    pub fn start(&self) -> Option<usize> {
        self.nodes.iter().position(|n| n.kind == NodeKind::Start)
    }

    pub fn outgoing(&self, node: usize) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(move |e| e.from == node)
    }

    /// Structural problems, in Thai; empty when the flow is sound.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let count = |k: NodeKind| self.nodes.iter().filter(|n| n.kind == k).count();
        if count(NodeKind::Start) != 1 {
            out.push(format!("ต้องมีจุดเริ่มต้นหนึ่งจุด (พบ {})", count(NodeKind::Start)));
        }
        if count(NodeKind::End) == 0 {
            out.push("ไม่มีจุดสิ้นสุด".to_owned());
        }
        for n in self.nodes.iter().filter(|n| n.kind == NodeKind::Connector) {
            out.push(format!("จุดเชื่อมต่อ {} ไม่ได้เชื่อมกับหน้าถัดไป", n.id));
        }
        for e in &self.edges {
            if e.from >= self.nodes.len() || e.to >= self.nodes.len() {
                out.push("เส้นเชื่อมชี้ไปยังโหนดที่ไม่มีอยู่".to_owned());
            }
        }
        if let Some(start) = self.start() {
            let mut seen = vec![false; self.nodes.len()];
            let mut stack = vec![start];
            seen[start] = true;
            while let Some(n) = stack.pop() {
                for e in self.outgoing(n) {
                    if e.to < seen.len() && !seen[e.to] {
                        seen[e.to] = true;
                        stack.push(e.to);
                    }
                }
            }
            for (i, n) in self.nodes.iter().enumerate() {
                if !seen[i] {
                    out.push(format!("โหนด {} ไปไม่ถึงจากจุดเริ่มต้น", n.id));
                }
            }
        }
        for (i, n) in self.nodes.iter().enumerate() {
            if n.kind == NodeKind::Decision {
                let outs: Vec<_> = self.outgoing(i).collect();
                if outs.len() < 2 || !outs.iter().any(|e| e.label.as_deref() == Some("ไม่ผ่าน"))
                {
                    out.push(format!(
                        "การตัดสินใจ {} ต้องมีทางออกอย่างน้อยสองทาง และมีทาง \"ไม่ผ่าน\"",
                        n.id
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_pages_through_connectors() {
        let g = FlowGraph::from_pages(&[
            "graph TD A([เริ่ม]) --> B[ทำ] B --> C{เสนอ} C -- ผ่าน --> G(()) C -- ไม่ผ่าน --> H[ทบทวน] H --> B",
            "graph TD Start(()) --> A[ต่อ] A --> D([จบ])",
        ])
        .expect("joins");
        let ids: Vec<_> = g.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, vec!["A", "B", "C", "H", "2.A", "2.D"]);
        let c = g.index_of("C").expect("C");
        let cont = g.index_of("2.A").expect("2.A");
        let e = g
            .edges
            .iter()
            .find(|e| e.from == c && e.to == cont)
            .expect("C → 2.A");
        assert_eq!(e.label.as_deref(), Some("ผ่าน"));
        assert_eq!(g.nodes[0].kind, NodeKind::Start);
        assert_eq!(g.nodes[5].kind, NodeKind::End);
        assert!(g.problems().is_empty(), "{:?}", g.problems());
    }

    #[test]
    fn loop_back_into_opening_connector_goes_to_its_successor() {
        let g = FlowGraph::from_pages(&[
            "graph TD A([เริ่ม]) --> B[ทำ] B --> X(())",
            "graph TD Start(()) --> D{เสนอ} D -- ไม่ผ่าน --> R[ทบทวน] R --> Start D -- ผ่าน --> E([จบ])",
        ])
        .expect("joins");
        let r = g.index_of("2.R").expect("R");
        let d = g.index_of("2.D").expect("D");
        assert!(g.edges.iter().any(|e| e.from == r && e.to == d));
        assert!(g.problems().is_empty(), "{:?}", g.problems());
    }

    #[test]
    fn problems_are_found() {
        let g = FlowGraph::from_pages(&["graph TD A([เริ่ม]) --> B{เสนอ} B --> C[ทำ] Z[ลอย] --> C"])
            .expect("parses");
        let p = g.problems();
        assert!(p.iter().any(|s| s.contains("จุดสิ้นสุด")), "{p:?}");
        assert!(p.iter().any(|s| s.contains("ไม่ผ่าน")), "{p:?}");
        assert!(p.iter().any(|s| s.contains('Z')), "{p:?}");
        let unjoined =
            FlowGraph::from_pages(&["graph TD A([a]) --> B[b]", "graph TD C[c] --> D([d])"]);
        assert!(unjoined.is_err());
    }
}

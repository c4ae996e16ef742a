//! Flowcharts: the manual's Mermaid subset, joined page continuations, validation and the
//! layered top-down layout shared by the screen (and later the PDF).

pub mod geometry;
pub mod graph;
pub mod layout;
pub mod mermaid;

pub use graph::{Edge, FlowGraph, Node, NodeKind};
pub use layout::{EdgePath, FlowLayout, NodeBox, TextMeasure, layout};

/// The legend of flowchart symbols, as the manual defines them (อธิบายสัญลักษณ์ผังขั้นตอน);
/// `None` is the arrow.
pub const LEGEND: [(Option<NodeKind>, &str); 5] = [
    (Some(NodeKind::Start), "จุดเริ่มต้นหรือสิ้นสุดกระบวนงาน"),
    (Some(NodeKind::Activity), "กิจกรรมงานหรือการปฏิบัติ"),
    (Some(NodeKind::Decision), "การตัดสินใจ"),
    (None, "ทิศทางหรือการเคลื่อนไหวของงาน"),
    (
        Some(NodeKind::Connector),
        "จุดเชื่อมต่อระหว่างหน้า (ถ้าไม่จบภายใน ๑ หน้า)",
    ),
];

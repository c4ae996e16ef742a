//! The legend of flowchart symbols, as the manual defines them (อธิบายสัญลักษณ์ผังขั้นตอน).

use super::flowchart::{Style, paint_shape};
use crate::flow::NodeKind;
use egui::{Rect, Sense, Ui, vec2};

pub const ENTRIES: [(Option<NodeKind>, &str); 5] = [
    (Some(NodeKind::Start), "จุดเริ่มต้นหรือสิ้นสุดกระบวนงาน"),
    (Some(NodeKind::Activity), "กิจกรรมงานหรือการปฏิบัติ"),
    (Some(NodeKind::Decision), "การตัดสินใจ"),
    (None, "ทิศทางหรือการเคลื่อนไหวของงาน"),
    (
        Some(NodeKind::Connector),
        "จุดเชื่อมต่อระหว่างหน้า (ถ้าไม่จบภายใน ๑ หน้า)",
    ),
];

pub fn show(ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("สัญลักษณ์:").weak());
        let style = Style::from_ui(ui);
        for (kind, text) in ENTRIES {
            let (rect, _) = ui.allocate_exact_size(vec2(34.0, 18.0), Sense::hover());
            let painter = ui.painter();
            match kind {
                Some(NodeKind::Connector) => paint_shape(
                    painter,
                    NodeKind::Connector,
                    Rect::from_center_size(rect.center(), vec2(14.0, 14.0)),
                    &style,
                    false,
                ),
                Some(k) => paint_shape(painter, k, rect.shrink2(vec2(1.0, 1.0)), &style, false),
                None => {
                    let y = rect.center().y;
                    super::flowchart::arrow(
                        painter,
                        &[rect.left_center(), egui::pos2(rect.right(), y)],
                        style.edge,
                        1.0,
                    );
                }
            }
            ui.label(egui::RichText::new(text).small());
            ui.add_space(8.0);
        }
    });
}

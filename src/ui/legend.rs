//! The legend of flowchart symbols, as the manual defines them (อธิบายสัญลักษณ์ผังขั้นตอน).

use super::flowchart::{Style, arrow, paint_shape};
use crate::flow::NodeKind;
use egui::{Rect, Sense, Ui, pos2, vec2};

pub use crate::flow::LEGEND as ENTRIES;

pub fn show(ui: &mut Ui) {
    let style = super::flowchart::style_of(ui);
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("สัญลักษณ์:").weak());
        for (kind, text) in ENTRIES {
            entry(ui, kind, text, &style);
        }
    });
}

/// One symbol with its text, allocated as a single item so wrapping never separates them.
fn entry(ui: &mut Ui, kind: Option<NodeKind>, text: &str, style: &Style) {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let color = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(text.to_owned(), font, color);
    let icon = vec2(34.0, 18.0);
    let size = vec2(
        icon.x + 6.0 + galley.size().x + 10.0,
        icon.y.max(galley.size().y),
    );
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    let icon_rect = Rect::from_min_size(pos2(rect.left(), rect.center().y - icon.y / 2.0), icon);
    let painter = ui.painter();
    match kind {
        Some(NodeKind::Connector) => {
            let circle = Rect::from_center_size(icon_rect.center(), vec2(14.0, 14.0));
            paint_shape(painter, NodeKind::Connector, circle, style, false);
        }
        Some(k) => paint_shape(painter, k, icon_rect.shrink2(vec2(1.0, 1.0)), style, false),
        None => arrow(
            painter,
            &[icon_rect.left_center(), icon_rect.right_center()],
            style.edge,
            1.0,
        ),
    }
    let text_pos = pos2(
        icon_rect.right() + 6.0,
        rect.center().y - galley.size().y / 2.0,
    );
    painter.galley(text_pos, galley, color);
}

//! One field of a form on screen, laid out like the paper form: number and question, then the
//! answer widget, then the problem in red right under it.

use super::inputs::Input;
use crate::forms::{Field, FieldKind};
use crate::thai::date;
use crate::thai::digits;
use crate::ui::thai_text;
use egui::{RichText, Ui, WidgetInfo};

/// The question as printed: "๑. ระบบสารสนเทศที่ต้องการเข้าถึง *".
pub fn question(f: &Field) -> String {
    let mut s = if f.number.is_empty() {
        f.label.clone()
    } else {
        format!("{}. {}", f.number, f.label)
    };
    if f.required {
        s.push_str(" *");
    }
    s
}

fn error_line(ui: &mut Ui, error: Option<&str>) {
    if let Some(e) = error {
        thai_text::label_with(
            ui,
            e,
            egui::FontId::proportional(crate::ui::style::size::LIST),
            Some(crate::ui::style::color::ERROR),
        );
    }
}

fn text_edit(
    ui: &mut Ui,
    s: &mut String,
    hint: &str,
    width: f32,
    label_id: impl Into<Option<egui::Id>>,
) -> egui::Response {
    let r = ui.add(
        egui::TextEdit::singleline(s)
            .hint_text(hint)
            .char_limit(crate::forms::limits::MAX_VALUE_CHARS)
            .desired_width(width),
    );
    match label_id.into() {
        Some(id) => r.labelled_by(id),
        None => r,
    }
}

/// Draws one field; returns whether the officer changed it.
pub fn show(ui: &mut Ui, f: &Field, input: &mut Input, error: Option<&str>) -> bool {
    let mut changed = false;
    if f.kind == FieldKind::Note {
        ui.add_space(4.0);
        if f.designer {
            thai_text::label_weak(ui, "หมายเหตุสำหรับผู้ปรับแบบฟอร์ม (ไม่พิมพ์ลงเอกสาร):");
        }
        for line in f.text.lines() {
            thai_text::label_weak(ui, line);
        }
        return false;
    }
    ui.add_space(8.0);
    let label = if f.kind == FieldKind::Signature {
        None
    } else {
        Some(thai_text::label_strong(ui, question(f)).id)
    };
    if !f.help.is_empty() {
        thai_text::label_weak(ui, &f.help);
    }
    let full = ui.available_width().min(720.0);
    match (&f.kind, input) {
        (FieldKind::LongText, Input::Text(s)) => {
            let r = ui.add(
                egui::TextEdit::multiline(s)
                    .char_limit(crate::forms::limits::MAX_VALUE_CHARS)
                    .desired_rows(f.lines.unwrap_or(3).clamp(2, 8) as usize)
                    .desired_width(full),
            );
            if let Some(l) = label {
                r.clone().labelled_by(l);
            }
            changed |= r.changed();
        }
        (FieldKind::Date, Input::Text(s)) => {
            ui.horizontal(|ui| {
                let r = text_edit(ui, s, "วว/ดด/ปปปป (พ.ศ.)", 150.0, label);
                changed |= r.changed();
                if ui.small_button("วันนี้").clicked() {
                    *s = date::format_input(chrono::Local::now().date_naive());
                    changed = true;
                }
                if let Ok(d) = date::parse(s) {
                    ui.label(RichText::new(date::format_long(d)).weak());
                }
            });
        }
        (FieldKind::CitizenId, Input::Text(s)) => {
            changed |= text_edit(ui, s, "x-xxxx-xxxxx-xx-x", 220.0, label).changed();
        }
        (FieldKind::Phone, Input::Text(s)) => {
            changed |= text_edit(ui, s, "เช่น 085-537-4109", 220.0, label).changed();
        }
        (FieldKind::Email, Input::Text(s)) => {
            changed |= text_edit(ui, s, "เช่น name@school.ac.th", 320.0, label).changed();
        }
        (FieldKind::Number, Input::Text(s)) => {
            ui.horizontal(|ui| {
                changed |= text_edit(ui, s, "ตัวเลข", 140.0, label).changed();
                if !f.unit.is_empty() {
                    ui.label(&f.unit);
                }
            });
        }
        (_, Input::Text(s)) => {
            changed |= text_edit(ui, s, "", full, label).changed();
        }
        (FieldKind::Single | FieldKind::Multi, Input::Choice { selected, specify }) => {
            changed |= choices(ui, f, selected, specify);
        }
        (FieldKind::Rating, Input::Rating(r)) => {
            changed |= rating_grid(ui, f, r);
        }
        (FieldKind::Signature, Input::Signature(s)) => {
            ui.horizontal(|ui| {
                ui.label("ลงชื่อ");
                ui.label(
                    RichText::new("..................................................").weak(),
                );
                ui.label(&f.role);
            });
            ui.horizontal(|ui| {
                let l = ui.label(format!("ชื่อเต็ม{}", if f.required { " *" } else { "" }));
                ui.label("(");
                changed |= text_edit(ui, &mut s.name, "ชื่อ-สกุล ผู้ลงนาม", 260.0, l.id).changed();
                ui.label(")");
            });
            ui.horizontal(|ui| {
                let l = ui.label(format!("ตำแหน่ง ({})", f.role));
                changed |= text_edit(ui, &mut s.position, "", 320.0, l.id).changed();
            });
            ui.horizontal(|ui| {
                let l = ui.label(format!("วันที่ ({})", f.role));
                changed |= text_edit(ui, &mut s.date, "วว/ดด/ปปปป", 150.0, l.id).changed();
                if let Ok(d) = date::parse(&s.date) {
                    ui.label(RichText::new(date::format_long(d)).weak());
                }
            });
        }
        _ => {}
    }
    error_line(ui, error);
    changed
}

fn choices(
    ui: &mut Ui,
    f: &Field,
    selected: &mut Vec<String>,
    specify: &mut std::collections::BTreeMap<String, String>,
) -> bool {
    let mut changed = false;
    for c in &f.choices {
        ui.horizontal_wrapped(|ui| {
            ui.add_space(12.0);
            let mut on = selected.contains(&c.id);
            let r = if f.kind == FieldKind::Single {
                let r = ui.radio(on, &c.label);
                if r.clicked() {
                    selected.clear();
                    selected.push(c.id.clone());
                    changed = true;
                }
                r
            } else {
                let r = ui.checkbox(&mut on, &c.label);
                if r.changed() {
                    if on {
                        selected.push(c.id.clone());
                        selected.sort_by_key(|id| f.choices.iter().position(|x| &x.id == id));
                    } else {
                        selected.retain(|x| x != &c.id);
                    }
                    changed = true;
                }
                r
            };
            if c.specify && selected.contains(&c.id) {
                // A write-in whose label is its own lead ("ระบบ……") shows its blank once,
                // right after the label, as on paper; others say "ระบุ" first.
                let word = c.specify_word();
                let lead = if word.is_empty() {
                    r.id
                } else {
                    ui.label(word).id
                };
                let s = specify.entry(c.id.clone()).or_default();
                let e = ui
                    .add(egui::TextEdit::singleline(s).desired_width(260.0))
                    .labelled_by(lead);
                let name = if word.is_empty() {
                    c.label.clone()
                } else {
                    format!("{} {}", c.label, word)
                };
                e.widget_info(|| WidgetInfo::labeled(egui::Role::TextInput, true, name.clone()));
                changed |= e.changed();
            }
        });
    }
    changed
}

/// The digit (1–5) typed this frame, from a key (5–1 on the number row or keypad) or as
/// text (Thai digits ๕–๑ on a Thai layout); one per frame, so a key that sends both a key
/// and its text counts once.
fn digit_typed(ui: &Ui) -> Option<u8> {
    ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } if !modifiers.any() => match key {
                egui::Key::Num1 => Some(1),
                egui::Key::Num2 => Some(2),
                egui::Key::Num3 => Some(3),
                egui::Key::Num4 => Some(4),
                egui::Key::Num5 => Some(5),
                _ => None,
            },
            egui::Event::Text(t) => {
                let mut cs = t.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => crate::thai::numerals::digit_value(c)
                        .filter(|d| (1..=5).contains(d))
                        .map(|d| d as u8),
                    _ => None,
                }
            }
            _ => None,
        })
    })
}

/// A rating grid, filled with the mouse or from the keyboard: with a row's button focused,
/// a digit 5–1 (or ๕–๑) sets that row and moves to the next, the arrows move between
/// buttons, Tab and Shift+Tab leave the grid (not one button at a time).
fn rating_grid(ui: &mut Ui, f: &Field, r: &mut std::collections::BTreeMap<String, u8>) -> bool {
    let mut changed = false;
    let scale = f.scale();
    let text_w = (ui.available_width() - 5.0 * 78.0).clamp(220.0, 480.0);
    // The grid's buttons as laid out last frame (row by row), to move focus by key.
    let ids_key = egui::Id::unique(("rating-ids", &f.id));
    let last: Vec<Vec<egui::Id>> = ui.data(|d| d.get_temp(ids_key)).unwrap_or_default();
    let leave_key = egui::Id::unique(("rating-leave", &f.id));
    let focused_in = |ui: &Ui, ids: &[Vec<egui::Id>]| {
        ids.iter().enumerate().find_map(|(row, levels)| {
            levels
                .iter()
                .position(|id| ui.memory(|m| m.has_focus(*id)))
                .map(|level| (row, level))
        })
    };
    // Tab / Shift+Tab inside the grid: focus its last (first) button so that egui's own
    // move goes past the grid; also after the last row was filled by a digit.
    let (tab, shift_tab) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Tab) && !i.modifiers.any(),
            i.key_pressed(egui::Key::Tab) && i.modifiers.shift_only(),
        )
    });
    let leave = ui
        .data_mut(|d| d.remove_temp::<bool>(leave_key))
        .unwrap_or(false);
    if focused_in(ui, &last).is_some() || leave {
        let last_id = last.last().and_then(|l| l.last()).copied();
        let first_id = last.first().and_then(|l| l.first()).copied();
        if (tab || leave)
            && let Some(id) = last_id
        {
            ui.memory_mut(|m| {
                m.request_focus(id);
                m.move_focus(egui::FocusDirection::Next);
            });
        } else if shift_tab && let Some(id) = first_id {
            ui.memory_mut(|m| m.request_focus(id));
        }
    }
    let mut ids: Vec<Vec<egui::Id>> = Vec::new();
    let mut items: Vec<&str> = Vec::new();
    let mut clicked_row = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new(("rating", &f.id))
            .striped(true)
            .min_col_width(70.0)
            .show(ui, |ui| {
                ui.label(RichText::new("หัวข้อ").strong());
                for s in &scale {
                    ui.vertical_centered(|ui| ui.label(RichText::new(*s).strong()));
                }
                ui.end_row();
                for g in &f.groups {
                    if !g.title.is_empty() {
                        ui.label(RichText::new(&g.title).strong());
                        ui.end_row();
                    }
                    for (i, item) in g.items.iter().enumerate() {
                        let text = format!("{}. {}", digits(i + 1), item.label);
                        ui.scope(|ui| {
                            ui.set_width(text_w);
                            thai_text::label(ui, &text);
                        });
                        let mut row = Vec::new();
                        for (li, level) in scale.iter().enumerate() {
                            let value = (5 - li) as u8;
                            let checked = r.get(&item.id) == Some(&value);
                            ui.vertical_centered(|ui| {
                                let resp = ui.radio(checked, "");
                                let name = format!("{}: {}", item.label, level);
                                resp.widget_info(|| {
                                    WidgetInfo::selected(
                                        egui::Role::RadioButton,
                                        true,
                                        checked,
                                        name.clone(),
                                    )
                                });
                                if resp.clicked() {
                                    r.insert(item.id.clone(), value);
                                    changed = true;
                                    clicked_row = Some(ids.len());
                                }
                                row.push(resp.id);
                            });
                        }
                        ids.push(row);
                        items.push(&item.id);
                        ui.end_row();
                    }
                }
            });
    });
    let typed = match (focused_in(ui, &ids), digit_typed(ui)) {
        (Some((row, _)), Some(d)) => items.get(row).map(|item| {
            r.insert((*item).to_owned(), d);
            changed = true;
            row
        }),
        _ => None,
    };
    // A digit, or a click on a level, sets its row and puts the keyboard on the next one.
    if let Some(row) = typed.or(clicked_row) {
        match ids.get(row + 1) {
            Some(next) => {
                // The next row's chosen button, or its first.
                let at = items
                    .get(row + 1)
                    .and_then(|it| r.get(*it))
                    .map_or(0, |v| 5 - usize::from(*v));
                if let Some(id) = next.get(at).or_else(|| next.first()) {
                    ui.memory_mut(|m| m.request_focus(*id));
                }
            }
            // The last row: on to what follows the grid.
            None => {
                ui.data_mut(|d| d.insert_temp(leave_key, true));
            }
        }
        ui.ctx().request_repaint();
    }
    ui.data_mut(|d| d.insert_temp(ids_key, ids));
    changed
}

//! คู่มือกระบวนงาน: the process list with its search, the open process tabs and the welcome
//! page. View state only; what the officer asks of the rest of the window goes out as
//! actions.

use super::action::{Actions, AppAction};
use super::process_tab::{ProcessTab, View};
use super::workspace::Workspace;
use super::{sidebar, style, thai_text};
use crate::catalog::Catalog;
use crate::thai::digits;
use egui::{RichText, Ui};

#[derive(Default)]
pub struct ManualArea {
    pub search: String,
    pub tabs: Vec<ProcessTab>,
    pub active: Option<usize>,
    /// A process to open as a tab on the first drawn frame (`dlict --open p01`).
    pub pending_open: Option<usize>,
}

impl ManualArea {
    /// Opens a process as a tab, or brings its tab to the front.
    pub fn open(&mut self, ctx: &egui::Context, catalog: &Catalog, process: usize) {
        if let Some(i) = self.tabs.iter().position(|t| t.process == process) {
            self.active = Some(i);
            return;
        }
        if let Some(p) = catalog.processes.get(process) {
            self.tabs.push(ProcessTab::new(ctx, process, p));
            self.active = Some(self.tabs.len() - 1);
        }
    }

    pub fn close(&mut self, tab: usize) {
        if tab < self.tabs.len() {
            self.tabs.remove(tab);
        }
        self.active = match self.active {
            _ if self.tabs.is_empty() => None,
            Some(a) if a > tab || a >= self.tabs.len() => Some(a.saturating_sub(1)),
            other => other,
        };
    }

    /// Opens a view of the active tab (used by the table ⇄ chart links and by tests).
    pub fn set_view(&mut self, view: View) {
        if let Some(tab) = self.active.and_then(|a| self.tabs.get_mut(a)) {
            tab.view = view;
        }
    }

    pub fn show(&mut self, ui: &mut Ui, catalog: &Catalog, ws: &Workspace, out: &mut Actions) {
        if let Some(p) = self.pending_open.take() {
            self.open(ui.ctx(), catalog, p);
        }
        egui::Panel::left("processes")
            .resizable(true)
            .default_size(style::space::SIDE_PANEL)
            .size_range(240.0..=560.0)
            .show(ui, |ui| {
                if ui
                    .button("พิมพ์คู่มือทั้งเล่ม (PDF)…")
                    .on_hover_text("ปก คำนำ สารบัญ ทุกกระบวนงานพร้อมผังขั้นตอน และแบบฟอร์มในภาคผนวก")
                    .clicked()
                {
                    out.push(AppAction::PrintManual);
                }
                let current = self
                    .active
                    .and_then(|a| self.tabs.get(a))
                    .map(|t| t.process);
                sidebar::show(ui, catalog, &mut self.search, current, out);
            });
        if !self.tabs.is_empty() {
            egui::Panel::top("tabs").show(ui, |ui| self.tab_strip(ui, catalog));
        }
        egui::CentralPanel::default().show(ui, |ui| match self.active {
            Some(a) if a < self.tabs.len() => {
                let tab = &mut self.tabs[a];
                if let Some(p) = catalog.processes.get(tab.process) {
                    tab.show(ui, p, ws, out);
                }
            }
            _ => welcome(ui, catalog),
        });
    }

    fn tab_strip(&mut self, ui: &mut Ui, catalog: &Catalog) {
        let mut close = None;
        egui::ScrollArea::horizontal().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (i, tab) in self.tabs.iter().enumerate() {
                    let Some(p) = catalog.processes.get(tab.process) else {
                        continue;
                    };
                    let short = thai_text::shorten(&p.title(), 30);
                    let selected = self.active == Some(i);
                    let r = ui
                        .add(egui::Button::selectable(selected, short))
                        .on_hover_text(p.title());
                    r.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::Button,
                            true,
                            selected,
                            format!("แท็บ {}", p.title()),
                        )
                    });
                    if r.clicked() {
                        self.active = Some(i);
                    }
                    let x = ui.small_button("×").on_hover_text("ปิดแท็บ");
                    x.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            true,
                            format!("ปิดแท็บ {}", p.title()),
                        )
                    });
                    if x.clicked() {
                        close = Some(i);
                    }
                    ui.separator();
                }
            });
        });
        if let Some(i) = close {
            self.close(i);
        }
    }
}

fn welcome(ui: &mut Ui, catalog: &Catalog) {
    ui.add_space(style::space::WELCOME);
    ui.vertical_centered(|ui| {
        ui.heading("คู่มือการปฏิบัติงาน");
        ui.label("กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร");
        ui.add_space(12.0);
        ui.label(format!(
            "มาตรฐานการปฏิบัติงาน {} กระบวนงาน ใน {} กลุ่มงาน",
            digits(catalog.processes.len()),
            digits(catalog.areas.len()),
        ));
        ui.add_space(8.0);
        ui.label(
            RichText::new("เลือกกระบวนงานจากรายการด้านซ้ายเพื่อเปิดเป็นแท็บ ค้นหาได้ทั้งจากชื่อและเนื้อหา").weak(),
        );
    });
}

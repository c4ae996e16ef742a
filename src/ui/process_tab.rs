//! One open process: its overview, its flowchart(s) and its standards table, linked together.

use super::flowchart::{self, ChartState};
use super::{overview, standards, thai_text};
use crate::catalog::Process;
use crate::flow::layout::Metrics;
use crate::flow::{FlowLayout, layout};
use egui::{RichText, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Overview,
    Flowchart,
    Standards,
}

/// The base font size of flowchart text at zoom 1.
pub const CHART_FONT_SIZE: f32 = 14.0;

pub struct ProcessTab {
    pub process: usize,
    pub view: View,
    /// Which of the process's flows is shown (process ๑๐ has two).
    pub flow: usize,
    /// The selected standards row of the current flow; the chart highlights its nodes.
    pub selected_row: Option<usize>,
    pub selected_node: Option<usize>,
    pub chart: ChartState,
    pub layouts: Vec<FlowLayout>,
    scroll_table_to_row: bool,
    /// The process's open cases as last read (workspace generation, first rows, how many).
    open_cases: Option<(u64, Vec<crate::cases::CaseRow>, usize)>,
}

/// Lays out every flow of a process with egui's fonts.
pub fn layouts_for(ctx: &egui::Context, p: &Process) -> Vec<FlowLayout> {
    let font = egui::FontId::proportional(CHART_FONT_SIZE);
    ctx.fonts_mut(|fonts| {
        let mut m = thai_text::EguiMeasure { fonts, font };
        p.flows
            .iter()
            .map(|f| layout(&f.graph, &mut m, &Metrics::default()))
            .collect()
    })
}

impl ProcessTab {
    pub fn new(ctx: &egui::Context, index: usize, p: &Process) -> Self {
        ProcessTab {
            process: index,
            view: View::Flowchart,
            flow: 0,
            selected_row: None,
            selected_node: None,
            chart: ChartState::default(),
            layouts: layouts_for(ctx, p),
            scroll_table_to_row: false,
            open_cases: None,
        }
    }

    fn select_row(&mut self, p: &Process, row: Option<usize>) {
        self.selected_row = row;
        let flow = &p.flows[self.flow];
        self.selected_node = row
            .and_then(|r| flow.rows.get(r))
            .and_then(|r| r.nodes.first())
            .and_then(|id| flow.graph.index_of(id));
    }

    /// This process's cases still being worked on (read again when cases change).
    fn cases_line(
        &mut self,
        ui: &mut Ui,
        p: &Process,
        ws: &crate::ui::workspace::Workspace,
        out: &mut crate::ui::action::Actions,
    ) {
        use crate::store::{CaseFilter, CaseSort, CaseStatusFilter};
        use crate::ui::action::AppAction;
        if self
            .open_cases
            .as_ref()
            .is_none_or(|(g, _, _)| *g != ws.cases_generation)
            && ws.server.is_none()
            && let Some(store) = ws.store.as_ref()
        {
            let today = ws.clock.today();
            let f = CaseFilter {
                process: Some(p.id()),
                status: CaseStatusFilter::Active,
                ..CaseFilter::default()
            };
            let rows = store
                .case_page(&f, CaseSort::Due, today, 0, 8)
                .unwrap_or_default();
            let n = store.case_count(&f, today).unwrap_or(0);
            self.open_cases = Some((ws.cases_generation, rows, n));
        }
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(
                    ws.writable(),
                    egui::Button::new(RichText::new("เริ่มเรื่องใหม่").strong()),
                )
                .on_hover_text("เปิดเรื่อง (งาน) ของกระบวนงานนี้ แล้วติดตามตามผังขั้นตอน")
                .clicked()
            {
                out.push(AppAction::NewCase {
                    process: Some(self.process),
                    record: None,
                });
            }
            let Some((_, rows, n)) = &self.open_cases else {
                return;
            };
            if *n == 0 {
                ui.label(RichText::new("ยังไม่มีเรื่องที่เปิดอยู่").weak());
                return;
            }
            ui.label(format!("เรื่องที่เปิดอยู่ {} เรื่อง:", crate::thai::digits(*n)));
            let today = ws.clock.today();
            for r in rows {
                let st = crate::cases::standing::standing(r.status, r.due_at, today, &ws.calendar);
                let text = format!(
                    "{} {}",
                    crate::thai::to_thai_digits(&r.number),
                    crate::ui::thai_text::shorten(&r.title, 30)
                );
                let text = if st.overdue {
                    RichText::new(text).color(crate::ui::style::color::ERROR)
                } else {
                    RichText::new(text)
                };
                if ui.link(text).on_hover_text(st.thai()).clicked() {
                    out.push(AppAction::OpenCase(r.id));
                }
            }
        });
    }

    /// Draws the tab; pushes `FillForm`, `PrintProcess`, `NewCase` and `OpenCase`.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        p: &Process,
        ws: &crate::ui::workspace::Workspace,
        out: &mut crate::ui::action::Actions,
    ) {
        let templates = &ws.templates;
        thai_text::label_with(
            ui,
            &p.title(),
            super::fonts::bold(crate::ui::style::size::PAGE_TITLE),
            None,
        );
        ui.horizontal(|ui| {
            for (view, text) in [
                (View::Overview, "ภาพรวม"),
                (View::Flowchart, "ผังขั้นตอน (Flow Chart)"),
                (View::Standards, "มาตรฐานงาน"),
            ] {
                if ui.selectable_label(self.view == view, text).clicked() {
                    self.view = view;
                }
            }
            ui.separator();
            if ui
                .button("พิมพ์ / บันทึกเป็น PDF")
                .on_hover_text("มาตรฐานงาน (ข้อ ๙) พร้อมผังขั้นตอน บนกระดาษ A4 แนวนอน")
                .clicked()
            {
                out.push(crate::ui::action::AppAction::PrintProcess(self.process));
            }
            if p.flows.len() > 1 && self.view != View::Overview {
                ui.separator();
                for (i, f) in p.flows.iter().enumerate() {
                    let title = if f.title.is_empty() {
                        format!("ผังที่ {}", i + 1)
                    } else {
                        f.title.clone()
                    };
                    if ui.selectable_label(self.flow == i, title).clicked() && self.flow != i {
                        self.flow = i;
                        self.selected_row = None;
                        self.selected_node = None;
                        self.chart = ChartState::default();
                    }
                }
            }
        });
        self.cases_line(ui, p, ws, out);
        ui.separator();
        match self.view {
            View::Overview => overview::show(ui, p, templates, out),
            View::Flowchart => self.flowchart_view(ui, p),
            View::Standards => {
                let flow = &p.flows[self.flow];
                let scroll = std::mem::take(&mut self.scroll_table_to_row);
                let action = standards::show(ui, flow, self.selected_row, scroll);
                if let Some(row) = action.selected {
                    self.select_row(p, Some(row));
                }
                if action.show_in_chart {
                    self.view = View::Flowchart;
                }
            }
        }
    }

    fn flowchart_view(&mut self, ui: &mut Ui, p: &Process) {
        let Some(layout) = self.layouts.get(self.flow) else {
            return;
        };
        let flow = &p.flows[self.flow];
        let detail_width = 330.0_f32.min(ui.available_width() * 0.4);
        egui::Panel::right("step_detail")
            .resizable(false)
            .exact_size(detail_width)
            .show(ui, |ui| {
                let node = self.selected_node.and_then(|n| flow.graph.nodes.get(n));
                if let (Some(node), row) = (node, self.selected_row.and_then(|r| flow.rows.get(r)))
                {
                    ui.label(RichText::new("ขั้นตอนที่เลือก").weak());
                    thai_text::label_with(
                        ui,
                        &node.label,
                        super::fonts::bold(crate::ui::style::size::SECTION),
                        None,
                    );
                    ui.separator();
                    match row {
                        Some(row) => {
                            if standards::row_detail(ui, row) {
                                self.view = View::Standards;
                                self.scroll_table_to_row = true;
                            }
                        }
                        None => {
                            thai_text::label_weak(ui, "ขั้นตอนนี้ไม่มีแถวในตารางมาตรฐานงาน");
                        }
                    }
                } else {
                    ui.add_space(8.0);
                    thai_text::label_weak(
                        ui,
                        "คลิกที่ขั้นตอนในผังเพื่อดูรายละเอียดงาน เวลาดำเนินงาน มาตรฐานคุณภาพงาน และผู้รับผิดชอบ",
                    );
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            super::legend::show(ui);
            let highlighted: Vec<usize> = self
                .selected_row
                .and_then(|r| flow.rows.get(r))
                .map(|r| {
                    r.nodes
                        .iter()
                        .filter_map(|id| flow.graph.index_of(id))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(clicked) = flowchart::show(
                ui,
                layout,
                &flow.graph,
                &mut self.chart,
                self.selected_node,
                &highlighted,
            ) {
                self.selected_node = Some(clicked);
                self.selected_row = flow
                    .graph
                    .nodes
                    .get(clicked)
                    .and_then(|n| flow.row_of_node(&n.id));
            }
        });
    }
}

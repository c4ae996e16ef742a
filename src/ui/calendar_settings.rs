//! ปฏิทินวันทำการ: a year of months with the holidays marked (weekends grey, holidays red,
//! today ringed), the year's holidays listed with their kind, adding a day (a cabinet extra
//! day, an office closure) and removing one, the office hours, and the note for a year whose
//! extra days are not announced yet. Every change recomputes open cases' due dates.

use crate::calendar::{Holiday, HolidayKind, OfficeHours};
use crate::thai::{date, digits};
use crate::ui::style::{self, Notice, color};
use crate::ui::workspace::Workspace;
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use egui::{RichText, Ui};

const KINDS: [HolidayKind; 6] = [
    HolidayKind::CabinetExtra,
    HolidayKind::Office,
    HolidayKind::Substitution,
    HolidayKind::RoyalPloughing,
    HolidayKind::Fixed,
    HolidayKind::Lunar,
];

pub struct CalendarSettings {
    /// The year shown (CE).
    pub year: Option<i32>,
    pub add_date: String,
    pub add_name: String,
    pub add_kind: HolidayKind,
    pub add_error: Option<String>,
    pub message: Option<Notice>,
    /// Office hours as typed: start, lunch start, lunch end, end.
    pub hours: Option<[String; 4]>,
    pub hours_message: Option<Notice>,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        CalendarSettings {
            year: None,
            add_date: String::new(),
            add_name: String::new(),
            add_kind: HolidayKind::CabinetExtra,
            add_error: None,
            message: None,
            hours: None,
            hours_message: None,
        }
    }
}

fn hm(t: NaiveTime) -> String {
    digits(t.format("%H:%M"))
}

fn month_name(m: u32) -> &'static str {
    date::MONTHS
        .get(m as usize - 1)
        .copied()
        .unwrap_or_default()
}

impl CalendarSettings {
    pub fn show(&mut self, ui: &mut Ui, ws: &mut Workspace) {
        let today = ws.clock.today();
        let year = *self.year.get_or_insert_with(|| today.year());
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("ปฏิทินวันทำการ").font(crate::ui::fonts::bold(style::size::PAGE_TITLE)),
            );
            ui.separator();
            if ui.button("◀").on_hover_text("ปีก่อน").clicked() {
                self.year = Some(year - 1);
            }
            ui.label(
                RichText::new(format!("ปี พ.ศ. {}", digits(year + date::BE_OFFSET)))
                    .font(crate::ui::fonts::bold(style::size::TITLE)),
            );
            if ui.button("▶").on_hover_text("ปีถัดไป").clicked() {
                self.year = Some(year + 1);
            }
        });
        thai_text_weak(
            ui,
            "วันทำการคือวันจันทร์ถึงศุกร์ที่ไม่ใช่วันหยุดในตารางนี้ วันครบกำหนดของทุกเรื่องนับจากตารางนี้ เพิ่มหรือยกเลิกวันหยุดแล้ว โปรแกรมคำนวณวันครบกำหนดของเรื่องที่ยังเปิดอยู่ใหม่ให้ทันที",
        );
        if ws.calendar.unannounced(year) {
            style::attention(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!(
                                "ปี {}: ยังไม่ประกาศวันหยุดพิเศษ ตารางมีวันหยุดประจำปีแล้ว เมื่อคณะรัฐมนตรีประกาศวันหยุดเพิ่มเติม ให้เพิ่มด้านขวา",
                                digits(year + date::BE_OFFSET)
                            ))
                            .color(color::ATTENTION_TEXT),
                        );
                        if ui
                            .add_enabled(ws.writable(), egui::Button::new("ตรวจประกาศและเพิ่มครบแล้ว"))
                            .clicked()
                        {
                            let shown = digits(year + date::BE_OFFSET);
                            let r = ws.calendar_do(move |s| {
                                s.mark_checked(year)
                                    .map(|()| format!("บันทึกแล้วว่าตรวจวันหยุดปี {shown} แล้ว"))
                            });
                            self.message = Some(said(r));
                        }
                    });
            });
        }
        ui.add_space(6.0);
        egui::Panel::right("calendar_side")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| self.side(ui, ws, year));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| self.months(ui, ws, year, today));
        });
    }

    fn months(&mut self, ui: &mut Ui, ws: &Workspace, year: i32, today: NaiveDate) {
        let cell = 30.0;
        let month_w = cell * 7.0 + 24.0;
        let per_row = ((ui.available_width() / month_w).floor() as usize).clamp(1, 4);
        for row in 0..12_usize.div_ceil(per_row) {
            ui.horizontal_top(|ui| {
                for m in (row * per_row + 1)..=((row + 1) * per_row).min(12) {
                    let Ok(m) = u32::try_from(m) else { continue };
                    ui.allocate_ui(egui::vec2(month_w, cell * 8.0), |ui| {
                        ui.vertical(|ui| {
                            ui.label(
                                RichText::new(month_name(m))
                                    .font(crate::ui::fonts::bold(style::size::HEADING)),
                            );
                            egui::Grid::new(("month", year, m))
                                .spacing([0.0, 0.0])
                                .min_col_width(cell)
                                .show(ui, |ui| {
                                    for d in ["จ", "อ", "พ", "พฤ", "ศ", "ส", "อา"]
                                    {
                                        ui.label(RichText::new(d).weak().size(style::size::SMALL));
                                    }
                                    ui.end_row();
                                    let Some(first) = NaiveDate::from_ymd_opt(year, m, 1) else {
                                        return;
                                    };
                                    for _ in 0..first.weekday().num_days_from_monday() {
                                        ui.label("");
                                    }
                                    let mut d = first;
                                    while d.month() == m {
                                        self.day(ui, ws, d, today, cell);
                                        if d.weekday() == Weekday::Sun {
                                            ui.end_row();
                                        }
                                        match d.succ_opt() {
                                            Some(x) => d = x,
                                            None => break,
                                        }
                                    }
                                });
                        });
                    });
                }
            });
            ui.add_space(8.0);
        }
    }

    fn day(&mut self, ui: &mut Ui, ws: &Workspace, d: NaiveDate, today: NaiveDate, cell: f32) {
        let holiday = ws.calendar.holiday(d);
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let mut text = RichText::new(digits(d.day())).size(style::size::LIST);
        if holiday.is_some() {
            text = text.color(color::ERROR).strong();
        } else if weekend {
            text = text.color(ui.visuals().weak_text_color());
        }
        let (rect, resp) =
            ui.allocate_exact_size(egui::vec2(cell, cell - 4.0), egui::Sense::click());
        if holiday.is_some() {
            ui.painter()
                .rect_filled(rect.shrink(2.0), 4.0, color::ERROR_FILL);
        }
        if d == today {
            ui.painter().rect_stroke(
                rect.shrink(1.5),
                4.0,
                egui::Stroke::new(1.5, ui.visuals().selection.bg_fill),
                egui::StrokeKind::Inside,
            );
        }
        let galley = egui::WidgetText::from(text).into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            cell,
            egui::TextStyle::Body,
        );
        let pos = rect.center() - galley.size() / 2.0;
        ui.painter().galley(pos, galley, ui.visuals().text_color());
        let spoken = match holiday {
            Some(h) => format!("{} {}", date::format_long(d), h.name),
            None => date::format_long(d),
        };
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &spoken));
        let resp = match holiday {
            Some(h) => resp.on_hover_text(format!("{} ({})", h.name, h.kind.thai())),
            None => resp,
        };
        if resp.clicked() {
            self.add_date = date::format_input(d);
            self.add_error = None;
        }
    }

    fn side(&mut self, ui: &mut Ui, ws: &mut Workspace, year: i32) {
        let writable = ws.writable();
        ui.label(RichText::new("วันหยุดเพิ่มเติม").font(crate::ui::fonts::bold(style::size::HEADING)));
        thai_text_weak(ui, "คลิกวันในปฏิทินเพื่อเลือกวันที่");
        let l = ui.label("วันที่");
        ui.add(
            egui::TextEdit::singleline(&mut self.add_date)
                .hint_text("วว/ดด/ปปปป")
                .desired_width(160.0),
        )
        .labelled_by(l.id);
        let l = ui.label("ชื่อวันหยุด");
        ui.add(
            egui::TextEdit::singleline(&mut self.add_name)
                .hint_text("เช่น วันหยุดพิเศษตามมติคณะรัฐมนตรี")
                .desired_width(f32::INFINITY)
                .char_limit(200),
        )
        .labelled_by(l.id);
        let l = ui.label("ประเภท");
        egui::ComboBox::from_id_salt("holiday_kind")
            .selected_text(self.add_kind.thai())
            .show_ui(ui, |ui| {
                for k in KINDS {
                    ui.selectable_value(&mut self.add_kind, k, k.thai());
                }
            })
            .response
            .labelled_by(l.id);
        if ui
            .add_enabled(
                writable,
                egui::Button::new(RichText::new("เพิ่มวันหยุด").strong()),
            )
            .clicked()
        {
            self.add(ws);
        }
        if let Some(e) = &self.add_error {
            ui.label(RichText::new(e.as_str()).color(color::ERROR));
        }
        style::notice(ui, &self.message);
        ui.separator();
        ui.label(
            RichText::new(format!("วันหยุดปี {}", digits(year + date::BE_OFFSET)))
                .font(crate::ui::fonts::bold(style::size::HEADING)),
        );
        let days: Vec<Holiday> = ws
            .calendar
            .holidays
            .values()
            .filter(|h| h.date.year() == year)
            .cloned()
            .collect();
        if days.is_empty() {
            thai_text_weak(ui, "ยังไม่มีวันหยุดของปีนี้ในตาราง");
        }
        for h in days {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(date::format_short(h.date)).strong());
                ui.label(RichText::new(&h.name).size(style::size::LIST));
                ui.label(RichText::new(h.kind.thai()).weak().size(style::size::SMALL));
                if ui
                    .add_enabled(writable, egui::Button::new("ยกเลิก").small())
                    .on_hover_text("ยกเลิกวันหยุดนี้ (สำนักงานเปิดทำการ)")
                    .clicked()
                {
                    let r = ws.calendar_do(move |s| {
                        s.remove_day_off(h.date).map(|(h, n)| {
                            format!(
                                "ยกเลิกวันหยุด {} แล้ว{}",
                                date::format_long(h.date),
                                recomputed(n)
                            )
                        })
                    });
                    self.message = Some(said(r));
                }
            });
        }
        ui.separator();
        self.hours(ui, ws);
    }

    fn add(&mut self, ws: &mut Workspace) {
        self.add_error = None;
        let d = match date::parse(&self.add_date) {
            Ok(d) => d,
            Err(e) => {
                self.add_error = Some(e.0);
                return;
            }
        };
        if self.add_name.trim().is_empty() {
            self.add_error = Some("กรุณาระบุชื่อวันหยุด".into());
            return;
        }
        let h = Holiday {
            date: d,
            name: self.add_name.trim().to_owned(),
            kind: self.add_kind,
            source: "เพิ่มโดยเจ้าหน้าที่".into(),
        };
        let name = h.name.clone();
        let r = ws.calendar_do(move |s| {
            s.add_day_off(&h).map(|n| {
                format!(
                    "เพิ่มวันหยุด {} {name} แล้ว{}",
                    date::format_long(d),
                    recomputed(n)
                )
            })
        });
        match r {
            Some(Err(e)) => self.add_error = Some(e),
            r => {
                self.message = Some(said(r));
                self.add_name.clear();
                self.year = Some(d.year());
            }
        }
    }

    fn hours(&mut self, ui: &mut Ui, ws: &mut Workspace) {
        ui.label(RichText::new("เวลาทำการ").font(crate::ui::fonts::bold(style::size::HEADING)));
        thai_text_weak(ui, "ใช้นับระยะเวลาที่เป็นชั่วโมงหรือนาที (ไม่นับเวลาพักกลางวัน)");
        let h = ws.calendar.hours;
        let fields = self
            .hours
            .get_or_insert_with(|| [hm(h.start), hm(h.lunch_start), hm(h.lunch_end), hm(h.end)]);
        egui::Grid::new("office_hours")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, s) in ["เริ่มงาน", "พักกลางวัน", "เข้างานบ่าย", "เลิกงาน"]
                    .iter()
                    .zip(fields.iter_mut())
                {
                    let l = ui.label(*label);
                    ui.add(egui::TextEdit::singleline(s).desired_width(70.0))
                        .labelled_by(l.id);
                    ui.end_row();
                }
            });
        if ui
            .add_enabled(ws.writable(), egui::Button::new("บันทึกเวลาทำการ"))
            .clicked()
        {
            let parsed: Vec<Option<NaiveTime>> = fields
                .iter()
                .map(|s| {
                    let t = crate::thai::numerals::to_arabic_digits(s.trim()).replace('.', ":");
                    NaiveTime::parse_from_str(&t, "%H:%M").ok()
                })
                .collect();
            self.hours_message = Some(match parsed.as_slice() {
                [Some(a), Some(b), Some(c), Some(d)] => {
                    let hours = OfficeHours {
                        start: *a,
                        lunch_start: *b,
                        lunch_end: *c,
                        end: *d,
                    };
                    said(ws.calendar_do(move |s| {
                        s.save_hours(&hours)
                            .map(|n| format!("บันทึกเวลาทำการแล้ว{}", recomputed(n)))
                    }))
                }
                _ => Notice::error("เวลาไม่ถูกต้อง ใช้ ชั่วโมง:นาที เช่น ๐๘:๓๐"),
            });
        }
        style::notice(ui, &self.hours_message);
    }
}

fn recomputed(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" · คำนวณวันครบกำหนดใหม่ {} เรื่อง", digits(n))
    }
}

fn thai_text_weak(ui: &mut Ui, text: &str) {
    crate::ui::thai_text::label_weak(ui, text);
}

/// What to tell after a calendar change: its outcome, or (on the shared server) that it was
/// sent and the answer will follow.
fn said(r: Option<Result<String, String>>) -> Notice {
    match r {
        Some(Ok(text)) => Notice::ok(text),
        Some(Err(e)) => Notice::error(e),
        None => Notice::ok("กำลังบันทึกที่ฐานข้อมูลกลาง…"),
    }
}

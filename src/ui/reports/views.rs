//! The reports on screen: tables and charts of a satisfaction report, the service
//! statistics and cases, and the KPIs (with the office's entry of a KPI measured by hand).

use super::charts::{Bar, columns, hbars};
use super::{KpiEdit, ReportKind};
use crate::pdf::compose::Digits;
use crate::reports::annual::Annual;
use crate::reports::services::{CaseRow, ServiceReport};
use crate::reports::stats::{Stat, percent_text, sd_text, two_decimals};
use crate::reports::{Period, Satisfaction};
use crate::ui::style;
use crate::ui::thai_text;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

fn mean_text(s: &Stat) -> String {
    s.hundredths().map_or_else(|| "-".into(), two_decimals)
}

fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(style::space::GROUP);
    ui.label(RichText::new(text).size(style::size::SECTION).strong());
}

/// The overall line the officer reads first, and a test looks for.
pub fn overall_text(s: &Satisfaction, d: Digits) -> String {
    match s.overall.hundredths() {
        Some(h) => d.apply(&format!(
            "ภาพรวม: ค่าเฉลี่ย {} S.D. {} ระดับ{}",
            two_decimals(h),
            sd_text(s.overall.sd()),
            s.bands.label(h)
        )),
        None => "ภาพรวม: ไม่มีข้อมูล".into(),
    }
}

pub fn satisfaction(ui: &mut Ui, s: &Satisfaction, d: Digits) {
    ui.label(RichText::new(&s.title).size(style::size::TITLE).strong());
    thai_text::label_weak(ui, d.apply(&s.filter.period.thai()));
    ui.label(d.apply(&format!("ผู้ตอบ {} คน", s.n)));
    ui.label(
        RichText::new(overall_text(s, d))
            .size(style::size::SECTION)
            .strong(),
    );
    if s.rated == 0 {
        return;
    }
    ui.label(d.apply(&format!(
        "พึงพอใจระดับ{}ขึ้นไป {} จาก {} คน (ร้อยละ {})",
        s.bands.labels[1],
        s.satisfied_now(),
        s.rated,
        percent_text(s.satisfied_now(), s.rated)
    )));
    heading(ui, "รายข้อ");
    let row_h = 22.0;
    TableBuilder::new(ui)
        .id_salt("sat_items")
        .striped(true)
        .vscroll(false)
        .column(Column::exact(28.0))
        .column(Column::remainder().at_least(200.0).clip(true))
        .columns(Column::exact(96.0), 5)
        .columns(Column::exact(48.0), 2)
        .column(Column::exact(80.0))
        .header(row_h * 2.0, |mut h| {
            for t in ["ที่", "รายการ"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
            for (i, l) in s.bands.labels.iter().enumerate() {
                h.col(|ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(d.apply(&format!("{l}\n({})", 5 - i))).strong(),
                        )
                        .wrap_mode(egui::TextWrapMode::Extend),
                    );
                });
            }
            for t in ["x̄", "S.D.", "ระดับ"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|mut body| {
            let mut group = None;
            for it in &s.items {
                if group != Some(&it.group) && !it.group.is_empty() {
                    body.row(row_h, |mut r| {
                        r.col(|_| {});
                        r.col(|ui| {
                            ui.strong(&it.group);
                        });
                        for _ in 0..8 {
                            r.col(|_| {});
                        }
                    });
                }
                group = Some(&it.group);
                body.row(row_h, |mut r| {
                    r.col(|ui| {
                        ui.label(d.apply(&it.number));
                    });
                    r.col(|ui| {
                        ui.label(&it.label).on_hover_text(&it.label);
                    });
                    for n in it.counts {
                        r.col(|ui| {
                            ui.label(d.apply(&format!(
                                "{n} ({}%)",
                                crate::reports::stats::percent1_text(n, it.stat.n)
                            )));
                        });
                    }
                    r.col(|ui| {
                        ui.label(d.apply(&mean_text(&it.stat)));
                    });
                    r.col(|ui| {
                        ui.label(d.apply(&sd_text(it.stat.sd())));
                    });
                    r.col(|ui| {
                        ui.label(s.level(&it.stat).unwrap_or("ไม่มีข้อมูล"));
                    });
                });
            }
        });
    heading(ui, "รายด้านและภาพรวม");
    egui::Grid::new("sat_groups").striped(true).show(ui, |ui| {
        for t in ["ด้าน", "x̄", "S.D.", "ระดับ"] {
            ui.strong(t);
        }
        ui.end_row();
        for g in s
            .groups
            .iter()
            .map(|g| (&g.label, &g.stat))
            .chain([(&"ภาพรวม".to_owned(), &s.overall)])
        {
            ui.label(g.0);
            ui.label(d.apply(&mean_text(g.1)));
            ui.label(d.apply(&sd_text(g.1.sd())));
            ui.label(s.level(g.1).unwrap_or("ไม่มีข้อมูล"));
            ui.end_row();
        }
    });
    thai_text::label_weak(ui, d.apply(&s.bands.legend().join(" · ")));
    thai_text::label_weak(ui, format!("ที่มา: {}", s.bands.set.source()));
    thai_text::label_weak(ui, crate::reports::satisfaction::GROUP_DEFINITION);
    heading(ui, "แผนภูมิค่าเฉลี่ยรายข้อ");
    let mut bars = Vec::new();
    for (k, it) in s.items.iter().enumerate() {
        if !it.group.is_empty() && (k == 0 || s.items[k - 1].group != it.group) {
            bars.push(Bar {
                label: it.group.clone(),
                value: None,
                heading: true,
            });
        }
        bars.push(Bar {
            label: format!("{}. {}", d.apply(&it.number), it.label),
            value: it.stat.hundredths().map(|h| f64::from(h) / 100.0),
            heading: false,
        });
    }
    let edges: Vec<f64> = s
        .bands
        .set
        .floors()
        .iter()
        .map(|f| f64::from(*f - 1) / 100.0 + 0.005)
        .collect();
    hbars(ui, &bars, 1.0, 5.0, &edges, &|v| {
        d.apply(&format!("{v:.2}"))
    });
    heading(ui, "ข้อมูลผู้ตอบ");
    for p in &s.profile {
        if p.answered == 0 {
            continue;
        }
        egui::CollapsingHeader::new(&p.label)
            .id_salt(("profile", &p.label))
            .default_open(true)
            .show(ui, |ui| {
                egui::Grid::new(("profile_grid", &p.label))
                    .striped(true)
                    .show(ui, |ui| {
                        for (l, n) in &p.rows {
                            ui.label(l);
                            ui.label(d.apply(&n.to_string()));
                            ui.label(d.apply(&format!("ร้อยละ {}", percent_text(*n, p.answered))));
                            ui.end_row();
                        }
                    });
                for (t, n) in &p.others {
                    ui.label(d.apply(&format!("อื่น ๆ: {t} ({n})")));
                }
            });
    }
    for o in &s.open {
        if o.answers.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(format!(
            "{} ({})",
            o.label,
            d.apply(&o.answers.len().to_string())
        ))
        .id_salt(("open", &o.label))
        .show(ui, |ui| {
            for (t, n) in o.answers.iter().take(500) {
                thai_text::label(
                    ui,
                    d.apply(&if *n > 1 {
                        format!("- {t} ({n} คน)")
                    } else {
                        format!("- {t}")
                    }),
                );
            }
        });
    }
}

pub fn services(
    ui: &mut Ui,
    services: &[ServiceReport],
    cases: &[CaseRow],
    period: &Period,
    d: Digits,
) {
    ui.label(
        RichText::new("สถิติการให้บริการ")
            .size(style::size::TITLE)
            .strong(),
    );
    thai_text::label_weak(ui, d.apply(&period.thai()));
    for s in services {
        heading(ui, &s.title);
        ui.label(d.apply(&format!("รวม {} รายการ", s.n)));
        if s.n == 0 {
            ui.label("ไม่มีข้อมูล");
            continue;
        }
        columns(ui, &s.monthly, &|v| d.apply(&v.to_string()));
        if let Some(du) = &s.duration {
            let f = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
            thai_text::label(
                ui,
                d.apply(&format!(
                    "ระยะเวลารับเรื่องถึงแล้วเสร็จ: มัธยฐาน {} วันทำการ ค่าเฉลี่ย {} วันทำการ · เสร็จภายในมาตรฐาน {} — {} จาก {} รายการ (ร้อยละ {})",
                    f(du.median),
                    f(du.mean),
                    du.standard_text,
                    du.within,
                    du.n,
                    percent_text(du.within, du.n)
                )),
            );
        }
        ui.horizontal_wrapped(|ui| {
            for t in s.tables.iter().chain(s.stages.iter()) {
                ui.group(|ui| {
                    ui.vertical(|ui| {
                        ui.strong(&t.label);
                        egui::Grid::new(("svc", &s.form_id, &t.label))
                            .striped(true)
                            .show(ui, |ui| {
                                for (l, n) in &t.rows {
                                    ui.label(thai_text::shorten(l, 40)).on_hover_text(l);
                                    ui.label(d.apply(&n.to_string()));
                                    ui.end_row();
                                }
                            });
                    });
                });
            }
        });
    }
    heading(ui, "เรื่องตามกระบวนงาน");
    if cases.is_empty() {
        ui.label("ไม่มีเรื่องในช่วงเวลานี้");
        return;
    }
    egui::Grid::new("case_rows").striped(true).show(ui, |ui| {
        for t in [
            "กระบวนงาน",
            "เปิด",
            "ปิด",
            "เกินกำหนด",
            "ขั้นที่เสร็จภายในกำหนด",
            "วันทำการเฉลี่ยต่อขั้น",
            "ตามมาตรฐาน",
        ] {
            ui.strong(t);
        }
        ui.end_row();
        let f = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        for c in cases {
            ui.label(thai_text::shorten(&c.process, 50))
                .on_hover_text(&c.process);
            ui.label(d.apply(&c.opened.to_string()));
            ui.label(d.apply(&c.closed.to_string()));
            ui.label(d.apply(&c.overdue.to_string()));
            ui.label(d.apply(&format!(
                "{}/{} ({}%)",
                c.steps_within,
                c.steps,
                percent_text(c.steps_within, c.steps)
            )));
            ui.label(d.apply(&f(c.avg_days)));
            ui.label(d.apply(&f(c.avg_standard)));
            ui.end_row();
        }
    });
}

/// "บันทึกผล…" of one KPI, named for its process to assistive technology; clicked?
fn kpi_entry_button(ui: &mut Ui, process_id: &str) -> bool {
    let r = ui
        .button("บันทึกผล…")
        .on_hover_text("บันทึกผลตัวชี้วัดที่วัดจากหลักฐาน");
    r.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("บันทึกผลตัวชี้วัดของ {process_id}"),
        )
    });
    r.clicked()
}

/// The KPIs (and, for the year's report, what it holds). Returns an entry to save.
pub fn year(
    ui: &mut Ui,
    a: &Annual,
    kind: ReportKind,
    edit: &mut Option<KpiEdit>,
    d: Digits,
) -> Option<KpiEdit> {
    let mut save = None;
    let title = match kind {
        ReportKind::Annual => "รายงานผลการดำเนินงานประจำปีงบประมาณ",
        _ => "ผลตามตัวชี้วัดของกระบวนงาน",
    };
    ui.label(RichText::new(title).size(style::size::TITLE).strong());
    thai_text::label_weak(ui, d.apply(&a.period.thai()));
    if kind == ReportKind::Annual {
        ui.label(d.apply(&format!(
            "ประกอบด้วย: ผลตามตัวชี้วัด {} กระบวนงาน · สถิติการให้บริการ {} ทะเบียน · เรื่องตามกระบวนงาน {} กระบวนงาน · ผลการประเมิน {} แบบ",
            a.kpis.len(),
            a.services.len(),
            a.cases.len(),
            a.satisfaction.iter().filter(|s| s.n > 0).count()
        )));
        thai_text::label_weak(
            ui,
            "กด “ดูตัวอย่างก่อนพิมพ์” เพื่อดูเล่มรายงานทั้งเล่ม (ปก สารบัญ บทสรุป และบทตามงาน)",
        );
    }
    let bars: Vec<Bar> = a
        .kpis
        .iter()
        .filter(|k| k.value.is_some())
        .map(|k| Bar {
            label: k.process.clone(),
            value: k.value,
            heading: false,
        })
        .collect();
    egui::Grid::new("kpi_rows")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for t in ["กระบวนงาน", "ผล", "เป้าหมาย", "บรรลุ", ""]
            {
                ui.strong(t);
            }
            ui.end_row();
            for k in &a.kpis {
                ui.label(thai_text::shorten(&k.process, 60))
                    .on_hover_text(format!("ตัวชี้วัด: {}\n{}", k.text, k.how));
                ui.label(d.apply(&k.result_text()));
                ui.label(
                    k.target
                        .map_or_else(|| "-".into(), |t| d.apply(&format!("ร้อยละ {t:.0}"))),
                );
                let met = k.met_text();
                let color = match k.met {
                    Some(true) => style::color::OK,
                    Some(false) => style::color::ERROR,
                    None => ui.visuals().weak_text_color(),
                };
                ui.colored_label(color, met);
                if k.computed {
                    ui.label(RichText::new("คำนวณจากบันทึก").weak());
                } else if kpi_entry_button(ui, &k.process_id) {
                    let e = k.entry.clone().unwrap_or_default();
                    *edit = Some(KpiEdit {
                        process_id: k.process_id.clone(),
                        result: e.result,
                        percent: e.percent.map(|p| format!("{p}")).unwrap_or_default(),
                        met: e.met,
                        evidence: e.evidence,
                        note: e.note,
                        message: None,
                    });
                }
                ui.end_row();
                if let Some(e) = edit.as_mut().filter(|e| e.process_id == k.process_id) {
                    ui.label("");
                    let mut close = false;
                    ui.vertical(|ui| {
                        style::attention(ui, |ui| {
                            thai_text::label(ui, &k.how);
                            ui.horizontal(|ui| {
                                let l = ui.label("ผลการดำเนินงาน");
                                ui.text_edit_singleline(&mut e.result).labelled_by(l.id);
                            });
                            ui.horizontal(|ui| {
                                let l = ui.label("ร้อยละ (ถ้ามี)");
                                ui.add(
                                    egui::TextEdit::singleline(&mut e.percent).desired_width(60.0),
                                )
                                .labelled_by(l.id);
                                ui.checkbox(&mut e.met, "บรรลุเป้าหมาย");
                            });
                            ui.horizontal(|ui| {
                                let l = ui.label("หลักฐาน");
                                ui.text_edit_singleline(&mut e.evidence).labelled_by(l.id);
                            });
                            ui.horizontal(|ui| {
                                let l = ui.label("หมายเหตุ");
                                ui.text_edit_singleline(&mut e.note).labelled_by(l.id);
                            });
                            style::notice(ui, &e.message);
                            ui.horizontal(|ui| {
                                if ui.button("บันทึก").clicked() {
                                    save = Some(e.clone());
                                }
                                if ui.button("ยกเลิก").clicked() {
                                    close = true;
                                }
                            });
                        });
                    });
                    ui.end_row();
                    if close {
                        *edit = None;
                    }
                }
            }
        });
    if !bars.is_empty() {
        heading(ui, "แผนภูมิผลตามตัวชี้วัด (ร้อยละ)");
        let target = a.kpis.iter().find_map(|k| k.target).unwrap_or(80.0);
        hbars(ui, &bars, 0.0, 100.0, &[target], &|v| {
            d.apply(&format!("{v:.0}"))
        });
    }
    save
}

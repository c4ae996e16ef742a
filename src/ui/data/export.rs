//! ส่งออกข้อมูล: which records (form, dates, state), which format, whether citizen ids go
//! out in full (ticked and confirmed, then logged), and where.

use super::{DataArea, date_range, message, n};
use crate::catalog::Catalog;
use crate::store::{RecordFilter, StatusFilter};
use crate::transfer::{self, DateStyle, ExportFormat, ExportOptions};
use crate::ui::action::Actions;
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::thai_text;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};

#[derive(Default)]
pub struct ExportView {
    pub format: ExportFormat,
    /// `None`: every form.
    pub form: Option<String>,
    pub from: String,
    pub to: String,
    pub status: StatusFilter,
    pub date_style: DateStyle,
    pub include_citizen_id: bool,
    /// The confirmation for full citizen ids is open.
    pub confirming: bool,
    pub include_audit: bool,
    pub include_processes: bool,
    pub message: Option<Notice>,
    pub last_files: Vec<std::path::PathBuf>,
}

pub fn show(
    area: &mut DataArea,
    ui: &mut Ui,
    ws: &mut Workspace,
    catalog: &Catalog,
    dialogs: &mut Dialogs,
    _out: &mut Actions,
) {
    let v = &mut area.export;
    ui.label(
        RichText::new("ส่งออกข้อมูล").font(crate::ui::fonts::bold(crate::ui::style::size::TITLE)),
    );
    thai_text::label_weak(
        ui,
        "ส่งบันทึกของแบบฟอร์มออกเป็นไฟล์ Excel/CSV เพื่อรายงานผู้บริหารหรือส่งหน่วยงานอื่น หรือเป็น JSON เพื่อสำรองและย้ายเครื่อง",
    );
    ui.add_space(6.0);
    egui::Grid::new("export-grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let form_label = ui.label("แบบฟอร์ม");
            let current = match &v.form {
                None => "ทุกแบบฟอร์มที่มีบันทึก".to_owned(),
                Some(id) => ws
                    .template(id)
                    .map(|t| thai_text::shorten(&t.title, 60))
                    .unwrap_or_else(|| id.clone()),
            };
            egui::ComboBox::from_id_salt("export-form")
                .selected_text(current)
                .width(420.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut v.form, None, "ทุกแบบฟอร์มที่มีบันทึก");
                    for t in &ws.templates {
                        let count = ws.counts.get(&t.id).copied().unwrap_or(0);
                        ui.selectable_value(
                            &mut v.form,
                            Some(t.id.clone()),
                            format!("{} ({})", thai_text::shorten(&t.title, 55), n(count)),
                        );
                    }
                })
                .response
                .labelled_by(form_label.id);
            ui.end_row();

            ui.label("รูปแบบไฟล์");
            ui.horizontal(|ui| {
                for f in [ExportFormat::Xlsx, ExportFormat::Csv, ExportFormat::Json] {
                    ui.radio_value(&mut v.format, f, f.thai());
                }
            });
            ui.end_row();

            let status_label = ui.label("สถานะ");
            egui::ComboBox::from_id_salt("export-status")
                .selected_text(v.status.thai())
                .show_ui(ui, |ui| {
                    for s in StatusFilter::ALL {
                        ui.selectable_value(&mut v.status, s, s.thai());
                    }
                })
                .response
                .labelled_by(status_label.id);
            ui.end_row();
        });
    ui.add_space(4.0);
    let mut range = None;
    ui.horizontal_wrapped(|ui| {
        range = Some(date_range(ui, ("ตั้งแต่วันที่", "ถึงวันที่"), &mut v.from, &mut v.to));
        let today = chrono::Local::now().date_naive();
        let fy = crate::thai::date::fiscal_year_be(today);
        if ui
            .button(format!("ปีงบประมาณ {}", n(fy as usize)))
            .on_hover_text("๑ ตุลาคม – ๓๐ กันยายน")
            .clicked()
        {
            v.from = format!("1/10/{}", fy - 1);
            v.to = format!("30/9/{fy}");
        }
        if ui.button("ล้างช่วงวันที่").clicked() {
            v.from.clear();
            v.to.clear();
        }
    });
    let (from, to, date_error) = match range {
        Some(r) => (r.from, r.to, r.error),
        None => (None, None, None),
    };
    if let Some(e) = &date_error {
        message(ui, &Some(Notice::error(e.clone())));
    }
    if v.format == ExportFormat::Csv {
        ui.horizontal(|ui| {
            ui.label("วันที่ในไฟล์ CSV:");
            for d in [DateStyle::Iso, DateStyle::ThaiBe] {
                ui.radio_value(&mut v.date_style, d, d.thai());
            }
        });
    }
    if v.form.is_none() && v.format != ExportFormat::Json {
        ui.checkbox(&mut v.include_audit, "รวมบันทึกการใช้งาน (ช่วงวันที่เดียวกัน)");
        ui.checkbox(&mut v.include_processes, "รวมตารางมาตรฐานกระบวนงาน");
    }
    let mut cid = v.include_citizen_id;
    if ui
        .checkbox(&mut cid, "รวมเลขประจำตัวประชาชน")
        .on_hover_text("ปกติจะปิดบังเป็น x-xxxx-xxxxx-12-3 ตาม พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล")
        .changed()
    {
        if cid {
            v.confirming = true;
        } else {
            v.include_citizen_id = false;
        }
    }
    if v.confirming {
        crate::ui::style::attention(ui, |ui| {
            thai_text::label(
                ui,
                "เลขประจำตัวประชาชนเป็นข้อมูลส่วนบุคคล ไฟล์ที่ส่งออกจะมีเลขเต็ม กรุณาเก็บรักษาไฟล์ให้ปลอดภัย การส่งออกครั้งนี้จะถูกบันทึกไว้ในบันทึกการใช้งาน",
            );
            ui.horizontal(|ui| {
                if ui.button("ยืนยัน รวมเลขประจำตัวประชาชน").clicked()
                {
                    v.include_citizen_id = true;
                    v.confirming = false;
                }
                if ui.button("ไม่รวม").clicked() {
                    v.include_citizen_id = false;
                    v.confirming = false;
                }
            });
        });
    } else if v.include_citizen_id {
        ui.label(
            RichText::new("จะส่งออกเลขประจำตัวประชาชนแบบเต็ม (บันทึกในบันทึกการใช้งาน)")
                .color(crate::ui::style::color::ERROR),
        );
    }
    ui.add_space(8.0);
    let writable = ws.writable();
    let ready = date_error.is_none() && !v.confirming;
    let clicked = ui
        .add_enabled(
            ready,
            egui::Button::new(RichText::new("ส่งออก…").size(crate::ui::style::size::NAV)),
        )
        .clicked();
    if !writable {
        thai_text::label_weak(
            ui,
            "หน้าต่างนี้เปิดฐานข้อมูลแบบอ่านอย่างเดียว ส่งออกได้แต่จะไม่ถูกบันทึกในบันทึกการใช้งาน",
        );
    }
    message(ui, &v.message);
    if !v.last_files.is_empty()
        && ui.button("เปิดโฟลเดอร์ที่บันทึก").clicked()
        && let Some(dir) = v.last_files[0].parent()
        && let Err(e) = crate::ui::print::open_with_system(dir)
    {
        v.message = Some(Notice::error(format!("เปิดโฟลเดอร์ไม่ได้: {e}")));
    }
    if !clicked {
        return;
    }
    let opts = ExportOptions {
        format: v.format,
        filter: RecordFilter {
            form: v.form.clone(),
            from,
            to,
            status: v.status,
        },
        date_style: v.date_style,
        include_citizen_id: v.include_citizen_id,
        include_audit: v.form.is_none() && v.include_audit && v.format != ExportFormat::Json,
        include_processes: v.form.is_none()
            && v.include_processes
            && v.format != ExportFormat::Json,
        skip_records: false,
        audit_query: None,
    };
    let stamp = chrono::Local::now().format("%Y%m%d").to_string();
    let many_csv = opts.format == ExportFormat::Csv
        && (opts.filter.form.is_none() || opts.include_audit || opts.include_processes);
    let dialog = if many_csv {
        Dialog::PickFolder
    } else {
        Dialog::SaveFile(opts.format.extension())
    };
    let name = format!(
        "{}-{stamp}.{}",
        opts.filter.form.as_deref().unwrap_or("dlict-ข้อมูล"),
        opts.format.extension()
    );
    let Some(target) = dialogs.choose(dialog, &name) else {
        return;
    };
    let v = &mut area.export;
    let Some(store) = ws.store.as_mut() else {
        return;
    };
    let result = transfer::export(store, Some(catalog), &ws.builtin, &opts, &target);
    v.message = Some(match result {
        Ok(r) => {
            v.last_files = r.files.clone();
            if r.files.is_empty() {
                Notice::error("ไม่มีบันทึกที่ตรงกับเงื่อนไขที่เลือก")
            } else {
                Notice::ok(format!(
                    "ส่งออกแล้ว {} → {}",
                    r.describe(opts.include_audit),
                    r.files
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        Err(e) => Notice::error(e.to_string()),
    });
}

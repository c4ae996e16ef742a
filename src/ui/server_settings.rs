//! ตั้งค่าสำนักงาน › ฐานข้อมูลกลาง: where the office's PostgreSQL server is, "ทดสอบการเชื่อมต่อ",
//! moving this PC's database to the server and a backup of the server into a file. Every
//! talk with the server runs on a worker thread; a frame only looks whether it has answered.
//! The address (without the password) is kept in the database's settings; the password in
//! Windows Credential Manager when the officer asks (`server::credential`), else only for
//! this session.

use super::thai_text;
use crate::store::backup::Publish;
use crate::store::server::{Server, migrate};
use crate::thai::digits;
use crate::ui::dialogs::{Dialog, Dialogs};
use crate::ui::style::Notice;
use crate::ui::workspace::Workspace;
use egui::{RichText, Ui};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::mpsc;

/// Where the server is, as kept in the settings table (never the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerAddress {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    /// Encrypt the connection (`sslmode=require`), trusting the certificate in `root_cert`.
    pub encrypt: bool,
    pub root_cert: String,
    /// The window opens on the server every time (records kept there).
    pub open_on_start: bool,
}

impl Default for ServerAddress {
    fn default() -> Self {
        ServerAddress {
            host: String::new(),
            port: "5432".into(),
            database: "dlict".into(),
            user: "dlict".into(),
            encrypt: false,
            root_cert: String::new(),
            open_on_start: false,
        }
    }
}

impl ServerAddress {
    pub const KEY: &'static str = "server";

    /// The server the window opens on, when the office asked for it ("เปิดโปรแกรมบน
    /// ฐานข้อมูลกลางทุกครั้ง"), or why it cannot (no password kept, a bad address).
    pub fn on_start(store: &crate::store::Store) -> Option<Result<Server, String>> {
        let a = store.setting::<ServerAddress>(Self::KEY).ok()?;
        if !a.open_on_start {
            return None;
        }
        Some(
            a.address()
                .map_err(|(_, e)| e)
                .and_then(|address| Server::from_env(&address).map_err(|e| e.to_string()))
                .map(|s| {
                    if a.root_cert.trim().is_empty() {
                        s
                    } else {
                        s.with_root_cert(std::path::Path::new(a.root_cert.trim()))
                    }
                }),
        )
    }

    /// `postgres://user@host:port/database`, or the field to fix and why.
    /// The fields of the server a window works on ("user@host:port/db", as messages show it):
    /// what the page shows when no address was remembered (a window started with `--db`).
    pub fn of_server(server: &Server) -> Option<ServerAddress> {
        let (user, rest) = server.shown().split_once('@')?;
        let (host_port, database) = rest.split_once('/')?;
        let (host, port) = host_port.rsplit_once(':')?;
        Some(ServerAddress {
            host: host.to_owned(),
            port: port.to_owned(),
            database: database.to_owned(),
            user: user.to_owned(),
            encrypt: server.encrypted(),
            ..ServerAddress::default()
        })
    }

    pub fn address(&self) -> Result<String, (&'static str, String)> {
        let host = self.host.trim();
        if host.is_empty() {
            return Err((
                "เครื่องแม่ข่าย",
                "กรุณากรอกชื่อหรือเลขที่อยู่ของเครื่องแม่ข่าย เช่น 192.168.1.10".into(),
            ));
        }
        if host.contains(['/', '@', ' ', ':']) {
            return Err((
                "เครื่องแม่ข่าย",
                "ชื่อเครื่องแม่ข่ายมีอักขระที่ใช้ไม่ได้ (/ @ : หรือช่องว่าง)".into(),
            ));
        }
        let port: u16 = match crate::thai::numerals::to_arabic_digits(self.port.trim()).parse() {
            Ok(p) if p > 0 => p,
            _ => return Err(("พอร์ต", "พอร์ตต้องเป็นตัวเลข ๑–๖๕๕๓๕ (ปกติ ๕๔๓๒)".into())),
        };
        let name_ok = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        };
        if !name_ok(self.database.trim()) {
            return Err((
                "ชื่อฐานข้อมูล",
                "ชื่อฐานข้อมูลใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข _ - .".into(),
            ));
        }
        if !name_ok(self.user.trim()) {
            return Err(("ชื่อผู้ใช้", "ชื่อผู้ใช้ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข _ - .".into()));
        }
        if self.encrypt && self.root_cert.trim().is_empty() {
            return Err((
                "ไฟล์ใบรับรองของเครื่องแม่ข่าย",
                "การเข้ารหัสต้องใช้ไฟล์ใบรับรองของเครื่องแม่ข่าย (.crt หรือ .pem จากผู้ดูแลระบบ)".into(),
            ));
        }
        Ok(format!(
            "postgres://{}@{host}:{port}/{}{}",
            self.user.trim(),
            self.database.trim(),
            if self.encrypt { "?sslmode=require" } else { "" }
        ))
    }
}

/// A job with the server on its own thread.
struct Running {
    what: &'static str,
    answer: mpsc::Receiver<Notice>,
}

#[derive(Default)]
pub struct ServerSettings {
    pub fields: ServerAddress,
    /// Typed for this session only (never written anywhere by the program).
    password: String,
    /// The field a message belongs to, and the message.
    field_error: Option<(&'static str, String)>,
    pub message: Option<Notice>,
    running: Option<Running>,
    /// The fields were read from the database once.
    loaded: bool,
    /// "จำรหัสผ่านในเครื่องนี้": keep the password in Windows Credential Manager.
    keep_password: bool,
}

impl ServerSettings {
    /// Whether a job with the server is still running (the window repaints until it ends).
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    fn start(&mut self, what: &'static str, job: impl FnOnce() -> Notice + Send + 'static) {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(job());
        });
        self.message = None;
        self.running = Some(Running { what, answer: rx });
    }

    fn poll(&mut self) {
        if let Some(r) = &self.running {
            match r.answer.try_recv() {
                Ok(n) => {
                    self.message = Some(n);
                    self.running = None;
                }
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.message = Some(Notice::error(format!(
                        "{}ไม่สำเร็จ: งานหยุดกลางคันโดยไม่มีผล กรุณาลองใหม่",
                        r.what
                    )));
                    self.running = None;
                }
            }
        }
    }

    /// The server to talk to, or the field to fix (shown next to it).
    pub fn server(&mut self) -> Option<Server> {
        let address = match self.fields.address() {
            Ok(a) => a,
            Err(e) => {
                self.field_error = Some(e);
                return None;
            }
        };
        self.field_error = None;
        let server = if self.password.is_empty() {
            // PGPASSWORD, else the password kept in the system's credential store.
            Server::from_env(&address)
        } else {
            Server::parse(&address).map(|s| s.with_password(&self.password))
        };
        let cert = self.fields.root_cert.trim().to_owned();
        let server = server.map(|s| {
            if cert.is_empty() {
                s
            } else {
                s.with_root_cert(std::path::Path::new(&cert))
            }
        });
        match server {
            Ok(s) => Some(s),
            Err(e) => {
                self.field_error = Some(("เครื่องแม่ข่าย", e.to_string()));
                None
            }
        }
    }

    /// "จำที่อยู่นี้": the address (not the password) into the database's settings.
    fn remember(&mut self, ws: &mut Workspace) {
        if let Err(e) = self.fields.address() {
            self.field_error = Some(e);
            return;
        }
        self.field_error = None;
        let fields = self.fields.clone();
        let kept = match Server::parse(&self.fields.address().unwrap_or_default()) {
            Ok(s) if self.keep_password && !self.password.is_empty() => {
                crate::store::server::credential::save(s.shown(), &self.password).map(|()| true)
            }
            Ok(s) if !self.keep_password => {
                crate::store::server::credential::forget(s.shown());
                Ok(false)
            }
            _ => Ok(false),
        };
        let saved = ws.store_mut().and_then(|s| {
            let actor = s.actor().to_owned();
            s.save_setting(ServerAddress::KEY, &fields, &actor)
                .map_err(|e| e.to_string())
        });
        self.message = Some(match (saved, kept) {
            (Ok(()), Ok(true)) => Notice::ok(
                "บันทึกที่อยู่ฐานข้อมูลกลางแล้ว รหัสผ่านเก็บไว้ใน Windows Credential Manager ของเครื่องนี้ (ไม่อยู่ในไฟล์ใด)",
            ),
            (Ok(()), Ok(false)) => Notice::ok("บันทึกที่อยู่ฐานข้อมูลกลางแล้ว (ไม่บันทึกรหัสผ่าน)"),
            (Ok(()), Err(e)) => Notice::error(format!("บันทึกที่อยู่ฐานข้อมูลกลางแล้ว แต่{e}")),
            (Err(e), _) => Notice::error(e),
        });
    }

    /// `out`: "ใช้ฐานข้อมูลกลางในหน้าต่างนี้" and its undoing go to the app.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        ws: &mut Workspace,
        dialogs: &mut Dialogs,
        out: &mut crate::ui::action::Actions,
    ) {
        if !self.loaded {
            self.loaded = true;
            if let Some(store) = &ws.store
                && let Ok(a) = store.setting::<ServerAddress>(ServerAddress::KEY)
            {
                self.fields = a;
            }
            // The window on a server no address was remembered for: that server's.
            if self.fields.host.trim().is_empty()
                && let Some(a) = ws
                    .server
                    .as_ref()
                    .and_then(|l| ServerAddress::of_server(l.server()))
            {
                self.fields = a;
            }
            if let Ok(address) = self.fields.address()
                && let Ok(s) = Server::parse(&address)
                && let Some(pw) = crate::store::server::credential::load(s.shown())
            {
                self.password = pw;
                self.keep_password = true;
            }
        }
        self.poll();
        if self.busy() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        ui.label(
            RichText::new("ฐานข้อมูลกลาง (PostgreSQL)")
                .font(super::fonts::bold(crate::ui::style::size::PAGE_TITLE)),
        );
        thai_text::label_weak(
            ui,
            "สำหรับสำนักงานที่เจ้าหน้าที่หลายคนใช้ข้อมูลร่วมกันจากหลายเครื่อง: ข้อมูลเก็บบนเครื่องแม่ข่าย PostgreSQL ของสำนักงาน (ห้ามวางไฟล์ฐานข้อมูล SQLite ไว้ในโฟลเดอร์แชร์ เพราะจะเสียหายได้) ย้ายข้อมูลเข้าเครื่องแม่ข่าย สำรองกลับเป็นไฟล์ แล้วกด “ใช้ฐานข้อมูลกลางในหน้าต่างนี้” ทุกหน้าของหน้าต่างจะทำงานบนฐานข้อมูลกลาง (งาน/เรื่อง แบบฟอร์มและบันทึก รายงาน นำเข้า ส่งออก สำรองและกู้คืน)",
        );
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(760.0);
                let error = self.field_error.clone();
                let row = |ui: &mut Ui, name: &'static str, s: &mut String, hint: &str, secret: bool| {
                    let l = ui.label(RichText::new(name).strong());
                    ui.add(
                        egui::TextEdit::singleline(s)
                            .hint_text(hint)
                            .password(secret)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                    if let Some((field, e)) = &error
                        && *field == name
                    {
                        ui.label(RichText::new(e.as_str()).color(crate::ui::style::color::ERROR));
                    }
                    ui.add_space(4.0);
                };
                row(ui, "เครื่องแม่ข่าย", &mut self.fields.host, "เช่น 192.168.1.10 หรือ nas.office.local", false);
                row(ui, "พอร์ต", &mut self.fields.port, "5432", false);
                row(ui, "ชื่อฐานข้อมูล", &mut self.fields.database, "dlict", false);
                row(ui, "ชื่อผู้ใช้", &mut self.fields.user, "dlict", false);
                row(ui, "รหัสผ่าน", &mut self.password, "ไม่บันทึกลงไฟล์ใด", true);
                ui.checkbox(
                    &mut self.fields.encrypt,
                    "เข้ารหัสการเชื่อมต่อ (SSL) ตรวจใบรับรองของเครื่องแม่ข่าย",
                );
                if self.fields.encrypt {
                    ui.horizontal(|ui| {
                        let l = ui.label(RichText::new("ไฟล์ใบรับรองของเครื่องแม่ข่าย").strong());
                        ui.add(
                            egui::TextEdit::singleline(&mut self.fields.root_cert)
                                .hint_text(".crt หรือ .pem จากผู้ดูแลระบบ")
                                .desired_width(420.0),
                        )
                        .labelled_by(l.id);
                        if ui.button("เลือกไฟล์…").clicked()
                            && let Some(p) = dialogs.choose(
                                Dialog::OpenFile(&["crt", "pem", "cer", "CRT", "PEM", "CER"]),
                                "",
                            )
                        {
                            self.fields.root_cert = p.display().to_string();
                        }
                    });
                    if let Some((field, e)) = &self.field_error
                        && *field == "ไฟล์ใบรับรองของเครื่องแม่ข่าย"
                    {
                        ui.label(RichText::new(e.as_str()).color(crate::ui::style::color::ERROR));
                    }
                }
                ui.checkbox(
                    &mut self.fields.open_on_start,
                    "เปิดโปรแกรมบนฐานข้อมูลกลางทุกครั้ง (เมื่อกด “จำที่อยู่นี้”)",
                );
                if crate::store::server::credential::AVAILABLE {
                    ui.checkbox(
                        &mut self.keep_password,
                        "จำรหัสผ่านในเครื่องนี้ (Windows Credential Manager เมื่อกด “จำที่อยู่นี้”)",
                    );
                }
                ui.add_space(6.0);
                let idle = !self.busy();
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .add_enabled(idle, egui::Button::new("ทดสอบการเชื่อมต่อ"))
                        .clicked()
                        && let Some(server) = self.server()
                    {
                        self.start("ทดสอบการเชื่อมต่อ", move || test_connection(&server));
                    }
                    let can_move = idle && ws.store.is_some();
                    if ui
                        .add_enabled(can_move, egui::Button::new("ย้ายข้อมูลจากเครื่องนี้ไปฐานข้อมูลกลาง"))
                        .clicked()
                        && let Some(server) = self.server()
                        && let Some(store) = &ws.store
                    {
                        let file = store.path().to_path_buf();
                        self.start("ย้ายข้อมูล", move || move_in(&file, &server));
                    }
                    if ui
                        .add_enabled(idle, egui::Button::new("สำรองฐานข้อมูลกลางเป็นไฟล์…"))
                        .clicked()
                        && let Some(server) = self.server()
                        && let Some(out) = dialogs.choose(
                            Dialog::SaveFile("sqlite3"),
                            &format!(
                                "dlict-server-{}.sqlite3",
                                chrono::Local::now().format("%Y%m%d-%H%M")
                            ),
                        )
                    {
                        self.start("สำรองฐานข้อมูลกลาง", move || back_up(&server, out));
                    }
                    if ui
                        .add_enabled(ws.writable(), egui::Button::new("จำที่อยู่นี้"))
                        .clicked()
                    {
                        self.remember(ws);
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    if ws.server.is_none() {
                        if ui
                            .add_enabled(idle, egui::Button::new("ใช้ฐานข้อมูลกลางในหน้าต่างนี้"))
                            .on_hover_text("บันทึกของแบบฟอร์มจะอ่านและเขียนที่ฐานข้อมูลกลาง สิ่งที่กรอกค้างไว้เก็บในเครื่องนี้จนกว่าจะบันทึกสำเร็จ")
                            .clicked()
                            && let Some(server) = self.server()
                        {
                            out.push(crate::ui::action::AppAction::UseServer(Box::new(server)));
                        }
                    } else if ui
                        .button("เลิกใช้ฐานข้อมูลกลาง (กลับไปใช้ฐานข้อมูลในเครื่องนี้)")
                        .clicked()
                    {
                        out.push(crate::ui::action::AppAction::LeaveServer);
                    }
                });
                if let Some(r) = &self.running {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("กำลัง{}… (ทำงานต่อได้ระหว่างรอ)", r.what));
                    });
                }
                crate::ui::style::notice(ui, &self.message);
                ui.add_space(8.0);
                thai_text::label_weak(
                    ui,
                    "การย้ายข้อมูลทำในรายการเดียว: นับแถวทุกตารางให้ตรงกันก่อนยืนยัน ถ้าขัดข้องกลางคันจะไม่มีข้อมูลใดค้างบนเครื่องแม่ข่าย และไฟล์ในเครื่องนี้ไม่ถูกแก้ไข ฐานข้อมูลกลางต้องว่าง (ผู้ดูแลระบบสร้างฐานข้อมูลและผู้ใช้ไว้ก่อน)",
                );
            });
    }
}

fn test_connection(server: &Server) -> Notice {
    match server.probe() {
        Ok(Some((version, records))) => Notice::ok(format!(
            "เชื่อมต่อได้: ฐานข้อมูลกลาง {} มีบันทึก {} รายการ (โครงสร้างรุ่น {})",
            server.shown(),
            digits(records as usize),
            digits(version)
        )),
        Ok(None) => Notice::ok(format!(
            "เชื่อมต่อได้: ฐานข้อมูลกลาง {} ยังไม่มีข้อมูลของโปรแกรม ย้ายข้อมูลจากเครื่องนี้เข้าไปได้",
            server.shown()
        )),
        Err(e) => Notice::error(e.to_string()),
    }
}

fn move_in(file: &std::path::Path, server: &Server) -> Notice {
    match migrate::file_to_server(file, server) {
        Ok(m) => Notice::ok(format!(
            "ย้ายข้อมูลไปฐานข้อมูลกลาง {} แล้ว: บันทึก {} รายการ เรื่อง {} เรื่อง (ทุกตาราง {} ตาราง จำนวนแถวตรงกัน) ไฟล์ในเครื่องนี้ยังอยู่ครบ",
            server.shown(),
            digits(m.rows("records") as usize),
            digits(m.rows("cases") as usize),
            digits(m.tables.len())
        )),
        Err(e) => Notice::error(e.to_string()),
    }
}

fn back_up(server: &Server, out: PathBuf) -> Notice {
    match migrate::server_to_file(server, &out, Publish::Replace) {
        Ok((path, m)) => Notice::ok(format!(
            "สำรองฐานข้อมูลกลางไว้ที่ {} แล้ว: บันทึก {} รายการ",
            path.display(),
            digits(m.rows("records") as usize)
        )),
        Err(e) => Notice::error(e.to_string()),
    }
}

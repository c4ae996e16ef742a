//! The server password kept in the operating system's credential store: Windows Credential
//! Manager, under "dlict" and the server's `user@host:port/database`. Other systems have no
//! store the program uses: there the password comes from `PGPASSWORD` or is typed for the
//! session.

/// Whether this system has a credential store the program uses.
pub const AVAILABLE: bool = cfg!(windows);

/// Keeps `password` for the server named `shown`.
#[cfg(windows)]
pub fn save(shown: &str, password: &str) -> Result<(), String> {
    keyring::Entry::new("dlict", shown)
        .and_then(|e| e.set_password(password))
        .map_err(|e| {
            format!(
                "เก็บรหัสผ่านใน Windows Credential Manager ไม่ได้ ({e}) รหัสผ่านใช้ได้เฉพาะขณะเปิดโปรแกรมนี้"
            )
        })
}

/// The password kept for the server named `shown`, if any.
#[cfg(windows)]
pub fn load(shown: &str) -> Option<String> {
    keyring::Entry::new("dlict", shown)
        .and_then(|e| e.get_password())
        .ok()
}

/// Forgets the password kept for the server named `shown`.
#[cfg(windows)]
pub fn forget(shown: &str) {
    if let Ok(e) = keyring::Entry::new("dlict", shown) {
        let _ = e.delete_credential();
    }
}

#[cfg(not(windows))]
pub fn save(_shown: &str, _password: &str) -> Result<(), String> {
    Err("ระบบนี้ไม่มีที่เก็บรหัสผ่านที่โปรแกรมใช้ได้ (มีเฉพาะบน Windows) กรุณาตั้งรหัสผ่านในตัวแปร PGPASSWORD หรือกรอกทุกครั้งที่เปิดโปรแกรม".into())
}

#[cfg(not(windows))]
pub fn load(_shown: &str) -> Option<String> {
    None
}

#[cfg(not(windows))]
pub fn forget(_shown: &str) {}

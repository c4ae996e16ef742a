//! Files and folders that hold personal data (the database, backups, exports, print
//! temporaries) are created owner-only on Unix: files 0600, folders 0700, whatever the umask.
//! On Windows they live in the per-user data folder (`%APPDATA%`) or where the officer chose,
//! whose ACL already keeps other users out, so nothing more is done there.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and any missing parents; the folders created here are owner-only.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Creates a new file that must not exist yet (never follows or replaces an existing one),
/// owner-only.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).read(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Takes group and other permissions away from an existing file or folder of ours (a
/// database made by an earlier version under a permissive umask).
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path)?;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            let owner = mode & 0o700;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(owner))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The permission bits of a path (Unix), for tests and checks.
#[cfg(unix)]
pub fn mode(path: &Path) -> io::Result<u32> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

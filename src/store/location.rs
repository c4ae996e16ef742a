//! Where a database file lives: on this PC's own disk, or on a network share. SQLite's
//! locking and its write-ahead log do not work over a network file system ("WAL does not work
//! over a network filesystem", SQLite's own documentation), so a database file shared by
//! several PCs through a network folder gets corrupted: the store refuses such a path.

use std::path::{Component, Path, PathBuf};

/// Why a path is on a network share, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Share {
    /// A Windows UNC path (`\\server\share\…`).
    Unc,
    /// A Windows drive letter mapped to a network share.
    MappedDrive(char),
    /// A mount of a network file system (the type as the system names it: nfs4, cifs…).
    Mount(String),
}

impl Share {
    /// In Thai, for the message.
    pub fn thai(&self) -> String {
        match self {
            Share::Unc => "โฟลเดอร์ที่แชร์ทางเครือข่าย (\\\\เครื่อง\\โฟลเดอร์)".to_owned(),
            Share::MappedDrive(d) => format!("ไดรฟ์ {d}: ซึ่งเป็นไดรฟ์เครือข่าย"),
            Share::Mount(t) => format!("ระบบไฟล์เครือข่าย ({t})"),
        }
    }
}

/// File system types (as Linux's mount table names them) that live on another machine.
pub fn is_network_fs(fstype: &str) -> bool {
    const NETWORK: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "smb2",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "davfs",
        "coda",
    ];
    let t = fstype.to_ascii_lowercase();
    let base = t.strip_prefix("fuse.").unwrap_or(&t);
    NETWORK.contains(&base) || matches!(base, "sshfs" | "davfs2" | "rclone" | "s3fs" | "gcsfuse")
}

/// The type of the file system mounted where `path` (absolute) lies, from the text of a
/// Linux `/proc/self/mountinfo`: the mount with the longest mount point above the path.
pub fn mount_type(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let Some(point) = left.split(' ').nth(4) else {
            continue;
        };
        let Some(fstype) = right.split(' ').next() else {
            continue;
        };
        let point = PathBuf::from(unescape(point));
        if path.starts_with(&point) {
            let depth = point.components().count();
            if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
                best = Some((depth, fstype.to_owned()));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// Mount points in the mount table escape space, tab, newline and backslash as octal.
fn unescape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 4], 8)
        {
            out.push(v);
            i += 4;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path made absolute through its nearest existing folder (the file may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (at.file_name(), at.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
        }
    }
}

/// The network share `path` lies on, or `None` for this PC's own disks.
pub fn network_share(path: &Path) -> Option<Share> {
    if is_unc(path) {
        return Some(Share::Unc);
    }
    // On Windows a mapped network drive resolves to the share behind it
    // (`Z:\…` → `\\?\UNC\server\share\…`), as the system's final path of the folder.
    let real = absolute(path);
    if is_unc(&real) {
        return Some(drive_letter(path).map_or(Share::Unc, Share::MappedDrive));
    }
    mounted_share(&real)
}

/// `\\server\share\…` (or its verbatim form), however it is written.
fn is_unc(path: &Path) -> bool {
    use std::path::Prefix;
    if let Some(Component::Prefix(p)) = path.components().next()
        && matches!(p.kind(), Prefix::UNC(..) | Prefix::VerbatimUNC(..))
    {
        return true;
    }
    path.to_str()
        .is_some_and(|s| s.starts_with("\\\\") || s.starts_with("//"))
}

/// The drive letter a Windows path starts with.
fn drive_letter(path: &Path) -> Option<char> {
    use std::path::Prefix;
    match path.components().next() {
        Some(Component::Prefix(p)) => match p.kind() {
            Prefix::Disk(d) | Prefix::VerbatimDisk(d) => Some(char::from(d).to_ascii_uppercase()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(target_os = "linux")]
fn mounted_share(path: &Path) -> Option<Share> {
    let table = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    mount_type(&table, path)
        .filter(|t| is_network_fs(t))
        .map(Share::Mount)
}

#[cfg(not(target_os = "linux"))]
fn mounted_share(_path: &Path) -> Option<Share> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /mnt/office rw,relatime shared:20 - cifs //nas/office rw,vers=3.0
41 40 0:36 / /mnt/office/local\\040copy rw shared:21 - ext4 /dev/sdb1 rw
42 22 0:37 / /home/officer/nfs rw - nfs4 nas:/export rw
43 22 0:38 / /media/usb rw - vfat /dev/sdc1 rw
44 22 0:39 / /net/ssh rw - fuse.sshfs officer@nas: rw
";

    fn at(p: &str) -> Option<String> {
        mount_type(TABLE, Path::new(p))
    }

    #[test]
    fn a_path_takes_the_type_of_the_deepest_mount_above_it() {
        assert_eq!(at("/home/officer/dlict.sqlite3").as_deref(), Some("ext4"));
        assert_eq!(
            at("/mnt/office/dlict/dlict.sqlite3").as_deref(),
            Some("cifs")
        );
        assert_eq!(
            at("/mnt/office/local copy/dlict.sqlite3").as_deref(),
            Some("ext4"),
            "a local disk mounted inside a share (its name escaped in the table)"
        );
        assert_eq!(at("/home/officer/nfs/db").as_deref(), Some("nfs4"));
        // A name that only begins like a mount point is not under it.
        assert_eq!(at("/mnt/officeX/db").as_deref(), Some("ext4"));
    }

    #[test]
    fn network_file_systems_are_told_from_local_ones() {
        for t in ["cifs", "smb3", "nfs", "nfs4", "fuse.sshfs", "9p", "CIFS"] {
            assert!(is_network_fs(t), "{t}");
        }
        for t in [
            "ext4",
            "xfs",
            "btrfs",
            "vfat",
            "ntfs",
            "tmpfs",
            "overlay",
            "fuse.gvfsd-fuse",
        ] {
            assert!(!is_network_fs(t), "{t}");
        }
        let share = |p: &str| at(p).filter(|t| is_network_fs(t));
        assert!(share("/mnt/office/dlict.sqlite3").is_some());
        assert!(share("/net/ssh/dlict.sqlite3").is_some());
        assert!(share("/media/usb/dlict.sqlite3").is_none());
    }

    #[test]
    fn unc_paths_are_shares_wherever_they_are_written() {
        assert_eq!(
            network_share(Path::new("//nas/office/dlict.sqlite3")),
            Some(Share::Unc)
        );
        assert_eq!(
            network_share(Path::new(r"\\nas\office\dlict.sqlite3")),
            Some(Share::Unc)
        );
        let local = std::env::temp_dir().join("dlict-location-test.sqlite3");
        // The machine's temporary folder is not a network share (CI's is local).
        assert_eq!(network_share(&local), None);
    }
}

//! SQLite's failures in words a clerk can act on, and how a writer waits for another.
//!
//! Every SQLite error reaches the clerk as one Chinese line saying what is wrong and what
//! to do (free disk space, close the other program, restore a backup, ask IT), with
//! SQLite's own English after it in parentheses for IT. A writer that finds the database
//! busy (another counter importing, a backup running) waits its turn for up to
//! [`BUSY_WAIT`], saying so on stderr after a second, instead of failing at once.

use rusqlite::ErrorCode;
use std::time::Duration;

/// How long a writer waits for the database before giving up.
pub const BUSY_WAIT: Duration = Duration::from_mins(1);

/// How long a waiting writer sleeps between tries.
pub const BUSY_STEP: Duration = Duration::from_millis(20);

/// Tries after which the wait is said on stderr: one second.
const SAY_AFTER_TRIES: i32 = 50;

/// SQLite's busy handler: sleep a step and try again, until [`BUSY_WAIT`] has passed.
/// `tries` counts the calls of this wait (SQLite starts it at 0 for each).
pub(super) fn wait_for_writer(tries: i32) -> bool {
    let waited = BUSY_STEP * u32::try_from(tries).unwrap_or(u32::MAX / 64);
    if waited >= BUSY_WAIT {
        return false;
    }
    if tries == SAY_AFTER_TRIES {
        eprintln!(
            "kaidan: 数据库正被另一个柜台或程序写入，正在排队等待（最多 {} 秒）…",
            BUSY_WAIT.as_secs()
        );
    }
    std::thread::sleep(BUSY_STEP);
    true
}

/// Whether an error means another connection holds the lock.
pub(super) fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// The Chinese line for a database error, the database's English in parentheses.
pub(super) fn message(error: &super::sql::Error) -> String {
    use super::sql::ErrorKind as K;
    if let Some(lite) = error.sqlite() {
        return sqlite_message(lite);
    }
    let what = match error.kind() {
        K::CannotOpen => {
            "无法连接数据库服务器：请检查 --db 中的地址和端口、服务器是否开着、网络是否通；仍不行请联系 IT"
        }
        K::Login => {
            "数据库服务器拒绝了登录：请检查 --db 中的用户名和密码，或请 IT 为 kaidan 建好数据库用户"
        }
        K::NoDatabase => {
            "服务器上没有 --db 里写的这个数据库：请检查库名，或请 IT 先建好（见 README 的站点设置）"
        }
        K::BadUrl => "--db 的服务器地址格式不对：应如 postgresql://kaidan@192.168.1.10:5432/kaidan",
        K::Lost => {
            "与数据库服务器的连接断开了：本次操作没有保存。请检查网络后重试；若一直如此，请联系 IT"
        }
        K::Busy => "数据库服务器正忙（等待超时）：本次操作没有保存，请稍后再试",
        K::Retry => "与另一个柜台同时写入，多次重试仍未成功：本次操作没有保存，请再试一次",
        K::Full => "数据库服务器的磁盘已满：本次操作没有保存。请联系 IT 清理服务器磁盘",
        K::ReadOnly => "数据库服务器不允许 kaidan 的用户写入：请联系 IT 检查数据库用户的权限",
        K::Damaged => "数据库服务器报告数据损坏：请停止使用，联系 IT 从备份恢复",
        K::Unique | K::Constraint | K::Refused => {
            "数据库拒绝了这次写入（与已有记录冲突）：本次操作没有保存"
        }
        K::NoRows | K::Conversion | K::Other => {
            "数据库出错：本次操作没有保存，请重试；若再次出现，请联系 IT"
        }
    };
    format!("{what}（PostgreSQL：{}）", error.detail())
}

/// The Chinese line for an SQLite error, SQLite's English in parentheses.
pub(super) fn sqlite_message(error: &rusqlite::Error) -> String {
    let what = match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => format!(
            "数据库被另一个程序占用，等了 {} 秒仍未轮到：本次操作没有保存。请稍后再试；若一直如此，请关闭其他正在导入或备份的 kaidan",
            BUSY_WAIT.as_secs()
        ),
        Some(ErrorCode::DiskFull) => {
            "磁盘已满，写入失败：本次操作没有保存任何内容。请清理磁盘空间后再试".to_owned()
        }
        Some(ErrorCode::NotADatabase) => {
            "这个文件不是数据库，或已经损坏：请检查 --db 的路径；若是 kaidan 的数据库，请从备份恢复"
                .to_owned()
        }
        Some(ErrorCode::ReadOnly) => {
            "数据库文件是只读的，无法写入：请检查文件和文件夹的权限，或把它放到可写的位置"
                .to_owned()
        }
        Some(ErrorCode::DatabaseCorrupt) => {
            "数据库文件已损坏：请停止使用，从备份恢复，并联系 IT".to_owned()
        }
        Some(ErrorCode::CannotOpen) => {
            "无法打开数据库文件：请检查路径是否存在、是否有读写权限".to_owned()
        }
        Some(ErrorCode::SystemIoFailure) => {
            "读写磁盘出错：请检查磁盘或 U 盘是否已拔出、是否已满，然后重试".to_owned()
        }
        Some(ErrorCode::PermissionDenied | ErrorCode::AuthorizationForStatementDenied) => {
            "没有访问数据库文件的权限：请联系 IT".to_owned()
        }
        Some(ErrorCode::ConstraintViolation) => {
            "数据库拒绝了这次写入（与已有记录冲突）：本次操作没有保存".to_owned()
        }
        _ => "数据库出错：本次操作没有保存，请重试；若再次出现，请联系 IT".to_owned(),
    };
    format!("{what}（SQLite：{error}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32, text: &str) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(text.to_owned()))
    }

    #[test]
    fn every_common_failure_says_what_to_do_in_chinese() {
        for (code, english, chinese) in [
            (
                rusqlite::ffi::SQLITE_FULL,
                "database or disk is full",
                "清理磁盘空间",
            ),
            (
                rusqlite::ffi::SQLITE_BUSY,
                "database is locked",
                "关闭其他正在导入或备份的 kaidan",
            ),
            (
                rusqlite::ffi::SQLITE_NOTADB,
                "file is not a database",
                "从备份恢复",
            ),
            (
                rusqlite::ffi::SQLITE_READONLY,
                "attempt to write a readonly database",
                "权限",
            ),
            (
                rusqlite::ffi::SQLITE_CORRUPT,
                "database disk image is malformed",
                "联系 IT",
            ),
            (
                rusqlite::ffi::SQLITE_CANTOPEN,
                "unable to open database file",
                "路径是否存在",
            ),
        ] {
            let message = sqlite_message(&failure(code, english));
            assert!(message.contains(chinese), "{message}");
            assert!(
                message.ends_with(&format!("（SQLite：{english}）")),
                "{message}"
            );
        }
    }

    #[test]
    fn a_waiting_writer_gives_up_after_the_bound() {
        let last = i32::try_from(BUSY_WAIT.as_millis() / BUSY_STEP.as_millis()).unwrap();
        assert!(!wait_for_writer(last));
        assert!(!wait_for_writer(i32::MAX));
    }
}

//! What the operating system's failures mean to a clerk: the one Chinese reading of an
//! `io::ErrorKind`, used wherever a file is read or written (imports, backups, PDFs).
//! Pure: it reads an error's kind and touches no file.

/// The Chinese reason for an operating-system error on a file.
#[must_use]
pub fn io_reason(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => "文件或文件夹不存在，请检查路径和文件名",
        std::io::ErrorKind::PermissionDenied => "没有权限读写这个文件",
        std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        std::io::ErrorKind::StorageFull => "磁盘已满，请清理磁盘空间后再试",
        std::io::ErrorKind::ReadOnlyFilesystem => "磁盘是只读的，请换一个位置",
        _ => "读写失败，请确认文件没有被其他程序占用、U 盘没有拔出",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_failures_read_in_chinese() {
        let missing = std::fs::read("/no/such/file").unwrap_err();
        assert_eq!(
            io_reason(&missing),
            "文件或文件夹不存在，请检查路径和文件名"
        );
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(io_reason(&full).contains("磁盘已满"));
    }
}

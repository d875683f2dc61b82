//! Sending PDFs to a printer, behind one small interface so that the rest of the program
//! never knows which operating system it runs on. Linux prints through CUPS (`lp`,
//! printers listed by `lpstat`); Windows through the system's PDF handler (`PrintTo`).
//! When no printer is available the caller opens the PDF instead, so nothing is lost.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Why a document did not reach a printer.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No printer is installed or reachable.
    #[error("没有可用的打印机：已改为打开 PDF，请从阅读器打印，或在「设置 → 打印」中选择打印机")]
    NoPrinter,
    /// The print command failed.
    #[error("打印失败（{printer}）：{message}")]
    Failed {
        /// Which printer.
        printer: String,
        /// What the system said.
        message: String,
    },
    /// The PDF could not be written to a temporary file.
    #[error("无法写入临时文件 {path}：{source}")]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Opening the PDF in a viewer failed too; the file is kept where it was written.
    #[error("PDF 已保存在 {path}，但无法自动打开（{message}），请手动打开该文件打印")]
    Open {
        /// Which file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

/// What the program needs of a printing system.
pub trait PrintBackend: Send {
    /// The printers the system knows, default first.
    fn printers(&self) -> Vec<String>;
    /// Prints a PDF file on a printer (`None`: the system default).
    fn print(&self, pdf: &Path, printer: Option<&str>, title: &str) -> Result<(), PrintError>;
    /// Opens a PDF in the system's viewer.
    fn open(&self, pdf: &Path) -> Result<(), PrintError>;
}

/// The operating system's printing.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemPrinting;

impl PrintBackend for SystemPrinting {
    fn printers(&self) -> Vec<String> {
        system::printers()
    }

    fn print(&self, pdf: &Path, printer: Option<&str>, title: &str) -> Result<(), PrintError> {
        if self.printers().is_empty() {
            return Err(PrintError::NoPrinter);
        }
        system::print(pdf, printer.filter(|p| !p.is_empty()), title)
    }

    fn open(&self, pdf: &Path) -> Result<(), PrintError> {
        system::open(pdf)
    }
}

/// Writes a PDF to the temporary folder under a readable name and returns its path.
pub fn temp_pdf(name: &str, bytes: &[u8]) -> Result<PathBuf, PrintError> {
    let dir = std::env::temp_dir().join("kaidan-print");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::create_dir_all(&dir)
        .and_then(|()| crate::files::write_whole(&path, bytes))
        .map_err(|source| PrintError::Write {
            path: path.clone(),
            source,
        })?;
    Ok(path)
}

/// Prints, or when there is no printer opens the PDF and says so. Returns the message
/// for the status bar.
pub fn print_or_open(
    backend: &dyn PrintBackend,
    pdf: &Path,
    printer: &str,
    title: &str,
) -> Result<String, PrintError> {
    match backend.print(pdf, Some(printer), title) {
        Ok(()) => Ok(if printer.is_empty() {
            format!("已发送到默认打印机：{title}")
        } else {
            format!("已发送到打印机 {printer}：{title}")
        }),
        Err(PrintError::NoPrinter) => {
            backend.open(pdf)?;
            Err(PrintError::NoPrinter)
        }
        Err(e) => Err(e),
    }
}

fn run(command: &mut Command) -> Result<String, String> {
    match command.output() {
        Ok(out) if out.status.success() => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(not(windows))]
mod system {
    use super::{Command, Path, PrintError, run};

    pub(super) fn printers() -> Vec<String> {
        let default = run(Command::new("lpstat").arg("-d"))
            .ok()
            .and_then(|out| out.split(':').nth(1).map(|p| p.trim().to_owned()))
            .filter(|p| !p.is_empty() && !p.contains(' '));
        let mut all: Vec<String> = run(Command::new("lpstat").arg("-e"))
            .map(|out| {
                out.lines()
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if let Some(default) = default {
            all.retain(|p| *p != default);
            all.insert(0, default);
        }
        all
    }

    pub(super) fn print(pdf: &Path, printer: Option<&str>, title: &str) -> Result<(), PrintError> {
        let mut command = Command::new("lp");
        if let Some(printer) = printer {
            command.arg("-d").arg(printer);
        }
        command.arg("-t").arg(title).arg("--").arg(pdf);
        run(&mut command)
            .map(|_| ())
            .map_err(|message| PrintError::Failed {
                printer: printer.unwrap_or("默认").to_owned(),
                message,
            })
    }

    pub(super) fn open(pdf: &Path) -> Result<(), PrintError> {
        Command::new("xdg-open")
            .arg(pdf)
            .spawn()
            .map(|_| ())
            .map_err(|e| PrintError::Open {
                path: pdf.to_owned(),
                message: if e.kind() == std::io::ErrorKind::NotFound {
                    "系统没有 xdg-open 打开程序".to_owned()
                } else {
                    e.to_string()
                },
            })
    }
}

#[cfg(windows)]
mod system {
    use super::{Command, Path, PrintError, run};
    use std::os::windows::process::CommandExt;

    /// Windows' CREATE_NO_WINDOW: the helper runs without a console window flashing up
    /// (the release build is a window program, which has no console to lend it).
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;

    fn powershell(script: &str) -> Command {
        let mut command = Command::new("powershell");
        command.args(["-NoProfile", "-NonInteractive", "-Command", script]);
        command.creation_flags(CREATE_NO_WINDOW);
        command
    }

    pub(super) fn printers() -> Vec<String> {
        run(&mut powershell(
            "Get-CimInstance Win32_Printer | Sort-Object -Property Default -Descending | ForEach-Object { $_.Name }",
        ))
        .map(|out| out.lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default()
    }

    pub(super) fn print(pdf: &Path, printer: Option<&str>, _title: &str) -> Result<(), PrintError> {
        // The registered PDF application prints through its PrintTo verb.
        let path = pdf.display().to_string().replace('\'', "''");
        let script = match printer {
            Some(p) => format!(
                "Start-Process -FilePath '{path}' -Verb PrintTo -ArgumentList '\"{}\"' -WindowStyle Hidden",
                p.replace('\'', "''")
            ),
            None => format!("Start-Process -FilePath '{path}' -Verb Print -WindowStyle Hidden"),
        };
        run(&mut powershell(&script))
            .map(|_| ())
            .map_err(|message| PrintError::Failed {
                printer: printer.unwrap_or("默认").to_owned(),
                message,
            })
    }

    pub(super) fn open(pdf: &Path) -> Result<(), PrintError> {
        Command::new("cmd")
            .args(["/C", "start", ""])
            .arg(pdf)
            .creation_flags(CREATE_NO_WINDOW)
            .spawn()
            .map(|_| ())
            .map_err(|e| PrintError::Open {
                path: pdf.to_owned(),
                message: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A printing system for tests: remembers what it was asked.
    #[derive(Default)]
    struct Recorder {
        printers: Vec<String>,
        printed: RefCell<Vec<(PathBuf, Option<String>)>>,
        opened: RefCell<Vec<PathBuf>>,
    }

    impl PrintBackend for Recorder {
        fn printers(&self) -> Vec<String> {
            self.printers.clone()
        }
        fn print(&self, pdf: &Path, printer: Option<&str>, _title: &str) -> Result<(), PrintError> {
            if self.printers.is_empty() {
                return Err(PrintError::NoPrinter);
            }
            self.printed
                .borrow_mut()
                .push((pdf.to_owned(), printer.map(str::to_owned)));
            Ok(())
        }
        fn open(&self, pdf: &Path) -> Result<(), PrintError> {
            self.opened.borrow_mut().push(pdf.to_owned());
            Ok(())
        }
    }

    #[test]
    fn prints_when_a_printer_exists() {
        let backend = Recorder {
            printers: vec!["label".into()],
            ..Recorder::default()
        };
        let message = print_or_open(&backend, Path::new("/tmp/x.pdf"), "label", "运单").unwrap();
        assert!(message.contains("label"));
        assert_eq!(backend.printed.borrow().len(), 1);
        assert!(backend.opened.borrow().is_empty());
    }

    #[test]
    fn opens_the_pdf_when_there_is_no_printer() {
        let backend = Recorder::default();
        let result = print_or_open(&backend, Path::new("/tmp/x.pdf"), "", "运单");
        assert!(matches!(result, Err(PrintError::NoPrinter)));
        assert_eq!(
            backend.opened.borrow().as_slice(),
            [PathBuf::from("/tmp/x.pdf")]
        );
    }

    #[test]
    fn temp_pdf_is_written() {
        let path = temp_pdf("kaidan-test-温度", b"%PDF-1.7").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7");
    }
}

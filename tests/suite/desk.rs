//! The real binary run on a database in a temporary folder, as scripts run it: one
//! `Desk` for every module that drives the command line (`cli`, `cli_people`,
//! `review_docs`, `concurrency`). A module adds the helpers only it needs in an
//! `impl Desk` of its own.

use crate::common::{EVENTS, FULL_WAYBILL, PUNCHES, RATES, SHORT_WAYBILL, STAFF, WAYBILLS_HEADER};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// What one run of the program left behind.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Insists the import of `file` was refused naming each (line, column), as
    /// `kaidan: FILE 第 N 行「列」：…` on stderr.
    pub fn names_rows(&self, file: &Path, rows: &[(usize, &str)]) {
        assert_eq!(self.status, 1, "{}", self.stderr);
        let name = file.display();
        for (line, column) in rows {
            let expected = format!("kaidan: {name} 第 {line} 行「{column}」：");
            assert!(
                self.stderr.contains(&expected),
                "{expected} in {}",
                self.stderr
            );
        }
    }
}

/// A temporary folder with a database file in it (`kaidan.sqlite3`), or for
/// [`Desk::on_server`] a schema of its own on the test PostgreSQL server.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub server: Option<kaidan::storage::test_server::PgSchema>,
}

/// `kaidan --db <db> args…` as a command, with this PC's anchors (`check`) in `anchors`
/// rather than in the home folder.
fn kaidan(db: &std::ffi::OsStr, anchors: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kaidan"));
    command
        .env("KAIDAN_ANCHORS", anchors)
        .env_remove("KAIDAN_DB")
        .arg("--db")
        .arg(db)
        .args(args);
    command
}

/// Runs `kaidan --db <db> args…` to its end.
pub fn run_on(db: &Path, args: &[&str]) -> Run {
    finish(kaidan(
        db.as_os_str(),
        &db.with_file_name("anchors.json"),
        args,
    ))
}

/// Runs `kaidan --db <url> args…` to its end, this desk's folder keeping the anchors.
pub fn run_url(desk: &Desk, url: &str, args: &[&str]) -> Run {
    finish(kaidan(url.as_ref(), &desk.path("anchors.json"), args))
}

fn finish(mut command: Command) -> Run {
    let output = command.output().unwrap();
    Run {
        status: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

impl Desk {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            server: None,
        }
    }

    /// A desk whose database is a fresh schema on the test server, when there is one
    /// (`KAIDAN_TEST_POSTGRES`; in CI there must be).
    pub fn on_server() -> Option<Self> {
        let server = kaidan::storage::test_server::server()?;
        Some(Self {
            dir: tempfile::tempdir().unwrap(),
            server: Some(kaidan::storage::test_server::PgSchema::new(&server)),
        })
    }

    /// What `--db` says: the file, or the server's URL.
    pub fn db_arg(&self) -> std::ffi::OsString {
        self.server
            .as_ref()
            .map_or_else(|| self.db().into_os_string(), |s| s.url().into())
    }

    fn command(&self, args: &[&str]) -> Command {
        kaidan(&self.db_arg(), &self.path("anchors.json"), args)
    }

    pub fn db(&self) -> PathBuf {
        self.path("kaidan.sqlite3")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Runs `kaidan --db <db> args…`.
    pub fn run(&self, args: &[&str]) -> Run {
        finish(self.command(args))
    }

    pub fn run_ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(
            run.status, 0,
            "{args:?}\nstdout: {}\nstderr: {}",
            run.stdout, run.stderr
        );
        run
    }

    /// Starts `kaidan --db <db> args…` without waiting for it (stderr kept).
    pub fn start(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    pub fn import(&self, what: &str, file: &Path) -> Run {
        self.run(&["import", what, file.to_str().unwrap()])
    }

    pub fn import_ok(&self, what: &str, file: &Path) -> Run {
        self.run_ok(&["import", what, file.to_str().unwrap()])
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).unwrap()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.sql()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// The people files of `common` imported: staff (as Excel on a Chinese Windows saves
    /// a CSV: GBK, CRLF), rates, waybills, clock-in records (UTF-8 with BOM) and events.
    pub fn loaded() -> Self {
        let desk = Self::new();
        let crlf = STAFF.replace('\n', "\r\n");
        let (staff, _, unmappable) = encoding_rs::GBK.encode(&crlf);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&staff).is_err(), "really GBK");
        let run = desk.import_ok("staff", &desk.write("员工.csv", &staff));
        assert!(
            run.stderr.contains("已导入员工：新增 5 人，更新 0 人"),
            "{}",
            run.stderr
        );
        desk.import_ok("rates", &desk.write("报价表.csv", RATES));
        let waybills = format!("{WAYBILLS_HEADER}\n{SHORT_WAYBILL}\n{FULL_WAYBILL}\n");
        let run = desk.import_ok("waybills", &desk.write("运单.csv", waybills));
        assert!(run.stderr.contains("1 张运费低于报价表"), "{}", run.stderr);
        let run = desk.import_ok(
            "punches",
            &desk.write("打卡.csv", format!("\u{feff}{PUNCHES}")),
        );
        assert!(
            run.stderr
                .contains("已导入打卡记录：新增 22 条，更新 0 条，未变 0 条"),
            "{}",
            run.stderr
        );
        let run = desk.import_ok("events", &desk.write("事件.csv", EVENTS));
        assert!(run.stderr.contains("已导入扣分事件 4 条"), "{}", run.stderr);
        desk
    }
}

//! The command line (FORMATS.md "Command line"): batch imports, quotes, reports, backup
//! and checks on the same database the window uses.
//!
//! This is a thin layer: files are parsed in [`crate::documents`], rules live in
//! [`crate::domain`], SQL in [`crate::storage`]. What it owns is the contract with scripts:
//! exit status 0 done, 1 bad input or refused, 2 wrong usage; human messages in Chinese
//! on stderr, results (a quote, `--json`) on stdout.

#![allow(
    clippy::print_stdout,
    reason = "the command line prints its results on stdout"
)]

mod customers;
mod quote;
mod review;

use quote::quote_command;
use review::review_command;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::documents::desk::rates_import::{RATE_COLUMNS, parse_rates};
use crate::documents::desk::waybills_import::{WAYBILL_COLUMNS, parse_waybills};
use crate::documents::tabular::{RowErrors, TableError, read_table};
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::waybill::ValidationContext;
use crate::storage::{Db, Location, StorageError};

/// kaidan（开单）：零担货运站的开单台。不带命令时打开窗口。
#[derive(Debug, Parser)]
#[command(name = "kaidan", version = crate::VERSION_LINE)]
struct Cli {
    /// The database: an SQLite file, or a PostgreSQL server's URL.
    #[arg(
        long,
        value_name = "FILE|URL",
        global = true,
        help = "数据库：SQLite 文件路径，或 PostgreSQL 服务器地址 postgresql://用户@主机/库名（未写时用环境变量 KAIDAN_DB，再没有则用窗口里上次选的，最后是默认文件）"
    )]
    db: Option<std::ffi::OsString>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 从 .csv 或 .xlsx 文件导入（全部成功才写入）
    #[command(subcommand)]
    Import(Import),
    /// 按报价表计算运费、保价费、送货费
    Quote(QuoteArgs),
    /// 月度考勤与扣分考核、应发工资
    Review(ReviewArgs),
    /// 导出数据（可再导入）
    #[command(subcommand)]
    Export(Export),
    /// 把整个数据库复制到另一个空的数据库（如从单机文件升级到站点的 PostgreSQL 服务器），复制后核对
    Copy {
        /// 目标：SQLite 文件路径，或 postgresql://… 服务器地址（必须是空的）
        target: String,
    },
    /// 在使用中也能做一致的数据库备份
    Backup {
        /// 备份文件（不能已存在）
        file: PathBuf,
    },
    /// 检查数据库和运单修改记录是否完好
    Check {
        /// 交接单上抄下的校验码（如 336-1a2b3c4d）：证明到那时为止的记录没有被改动
        #[arg(long, value_name = "CODE")]
        anchor: Option<String>,
    },
    /// 从备份恢复数据库（当前数据库先另存为一份备份，不会被覆盖）
    Restore {
        /// 备份文件（须通过完整性检查）
        file: PathBuf,
    },
    /// 在空白数据库中载入演示数据（员工、报价表、一周的运单）
    Demo,
    /// 生成运单或货签的 PDF
    #[command(subcommand)]
    Print(Print),
    /// 生成报表
    #[command(subcommand)]
    Report(Report),
}

#[derive(Debug, Subcommand)]
enum Report {
    /// 客户月度统计表：本月有运单的每位客户一份 PDF（以客户命名），打印生成的份数
    Customers {
        /// 月份，如 2026-11
        #[arg(value_name = "YYYY-MM")]
        month: crate::domain::people::Month,
        /// 输出文件夹（没有则新建）
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum Print {
    /// 运单：按设置中的纸张和联数，每联一页
    Waybill {
        /// 单号
        number: String,
        /// 输出的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 货签：每件一页
    Labels {
        /// 单号
        number: String,
        /// 输出的 PDF 文件
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// 只打印其中几件，如 3 或 3-5（补打撕坏的货签）
        #[arg(long, value_name = "K[-M]")]
        pieces: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum Export {
    /// 运单：与「导入运单」完全相同的列，按单号排序（不含作废的运单）
    Waybills {
        /// .csv（带 BOM 的 UTF-8）或 .xlsx 文件（不能已存在）
        file: PathBuf,
        /// 只导出这天及以后开单的（YYYY-MM-DD）
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// 只导出这天及以前开单的（YYYY-MM-DD）
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum Import {
    /// 报价表：替换整张报价表
    Rates {
        /// .csv 或 .xlsx 文件
        file: PathBuf,
    },
    /// 运单：从旧系统或表格导入运单
    Waybills {
        /// .csv 或 .xlsx 文件
        file: PathBuf,
    },
    /// 员工：按工号新增或更新
    Staff {
        /// .csv 或 .xlsx 文件
        file: PathBuf,
    },
    /// 打卡记录：按工号、日期、班次新增或更新（重复导入相同记录不变）
    Punches {
        /// .csv 或 .xlsx 文件
        file: PathBuf,
    },
    /// 扣分/奖励事件（此前已导入的相同记录不重复添加）
    Events {
        /// .csv 或 .xlsx 文件
        file: PathBuf,
    },
    /// 请假/外出/加班申请及审批结果（此前已导入的相同申请不重复添加）
    Requests {
        /// .csv 或 .xlsx 文件
        file: PathBuf,
    },
}

/// `review YYYY-MM [--json | --pdf FILE | --xlsx FILE]`: at most one output form.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("output").args(["json", "pdf", "xlsx"]).multiple(false)))]
struct ReviewArgs {
    /// 考核月份，如 2026-11
    #[arg(value_name = "YYYY-MM")]
    month: crate::domain::people::Month,
    /// 以 JSON 输出到 stdout
    #[arg(long)]
    json: bool,
    /// 生成考核表 PDF（A4，每人一页，供员工和主管签字）
    #[arg(long, value_name = "FILE")]
    pdf: Option<PathBuf>,
    /// 生成工资汇总 Excel（供财务：工资汇总、扣分明细两张表）
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct QuoteArgs {
    /// 到站：6 位县级区划代码或名称
    #[arg(long, value_name = "DEST")]
    to: String,
    /// 重量（公斤）
    #[arg(long, value_name = "KG", allow_negative_numbers = true)]
    weight: String,
    /// 体积（立方米）
    #[arg(long, value_name = "M3", allow_negative_numbers = true)]
    volume: String,
    /// 保价金额（元）
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    declared: Option<String>,
    /// 送货上门（加收送货费）
    #[arg(long)]
    delivery: bool,
    /// 以 JSON 输出到 stdout
    #[arg(long)]
    json: bool,
}

/// Why a command did not do its work: the complete text for stderr, every line already
/// starting with `kaidan: `. It always means exit status 1.
#[derive(Debug)]
struct Failure(String);

impl Failure {
    fn new(message: impl std::fmt::Display) -> Self {
        Self(format!("kaidan: {message}"))
    }
}

impl From<StorageError> for Failure {
    fn from(error: StorageError) -> Self {
        Self::new(error)
    }
}

impl From<TableError> for Failure {
    fn from(error: TableError) -> Self {
        // TableError's messages already name the program and the file.
        Self(error.to_string())
    }
}

impl From<RowErrors> for Failure {
    fn from(errors: RowErrors) -> Self {
        Self(format!(
            "{}\nkaidan: 未导入任何内容（共 {} 处错误）",
            errors.report(),
            errors.total()
        ))
    }
}

/// What a usage error means, in Chinese, and what to do.
fn usage_words(kind: clap::error::ErrorKind) -> &'static str {
    use clap::error::ErrorKind;
    match kind {
        ErrorKind::InvalidSubcommand => "没有这个命令：用 kaidan --help 查看全部命令",
        ErrorKind::UnknownArgument => "有不认识的参数：用 kaidan 命令 --help 查看这个命令的用法",
        ErrorKind::MissingRequiredArgument | ErrorKind::MissingSubcommand => {
            "缺少必须填写的参数：用 kaidan 命令 --help 查看这个命令的用法"
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            "参数的值不对：用 kaidan 命令 --help 查看可以填写的值"
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请写出要做什么：用 kaidan --help 查看全部命令"
        }
        _ => "命令的写法不对：用 kaidan --help 查看用法",
    }
}

/// Runs the program with the process's arguments.
#[must_use]
pub fn main() -> ExitCode {
    crate::app::note_launch();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2,
            // said in one Chinese line first, clap's English after it.
            if error.use_stderr() {
                eprintln!("kaidan: {}", usage_words(error.kind()));
            }
            error.print().ok();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let location = Location::from_arg(cli.db.as_deref());
    let Some(command) = cli.command else {
        return match crate::app::run_window(&location) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("kaidan: {error:#}");
                ExitCode::FAILURE
            }
        };
    };
    match run(&location, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(text)) => {
            eprintln!("{text}");
            ExitCode::FAILURE
        }
    }
}

fn run(db_path: &Location, command: Command) -> Result<(), Failure> {
    match command {
        Command::Import(Import::Rates { file }) => import_rates(db_path, &file),
        Command::Import(Import::Waybills { file }) => import_waybills(db_path, &file),
        Command::Import(Import::Staff { file }) => {
            import_people(db_path, &file, crate::imports::PeopleFile::Staff)
        }
        Command::Import(Import::Punches { file }) => {
            import_people(db_path, &file, crate::imports::PeopleFile::Punches)
        }
        Command::Import(Import::Requests { file }) => {
            import_people(db_path, &file, crate::imports::PeopleFile::Requests)
        }
        Command::Import(Import::Events { file }) => {
            import_people(db_path, &file, crate::imports::PeopleFile::Events)
        }
        Command::Review(args) => review_command(db_path, &args),
        Command::Report(Report::Customers { month, out }) => {
            customers::report_customers(db_path, month, &out)
        }
        Command::Quote(args) => quote_command(db_path, &args),
        Command::Backup { file } => {
            Db::open_existing_at(db_path)?.backup_to(&file)?;
            eprintln!("已备份到 {}", file.display());
            Ok(())
        }
        Command::Check { anchor } => check(db_path, anchor.as_deref()),
        Command::Copy { target } => copy_database(db_path, &target),
        Command::Export(Export::Waybills { file, from, to }) => {
            export_waybills(db_path, &file, from.as_deref(), to.as_deref())
        }
        Command::Restore { file } => {
            let mut db = Db::open_at(db_path)?;
            let aside = db.restore_from(&file, chrono::Local::now().naive_local())?;
            eprintln!(
                "已从 {} 恢复数据库；恢复前的数据已另存为 {}",
                file.display(),
                aside.display()
            );
            Ok(())
        }
        Command::Print(print) => print_command(db_path, print),
        Command::Demo => {
            let mut db = Db::open_at(db_path)?;
            let summary = crate::demo::load_demo(&mut db, chrono::Local::now().date_naive())?;
            eprintln!("{summary}");
            Ok(())
        }
    }
}

fn print_command(db_path: &Location, print: Print) -> Result<(), Failure> {
    let mut db = Db::open_existing_at(db_path)?;
    let desk = db.desk_settings()?;
    let settings = db.print_settings()?;
    let mut labelled = None;
    let (bytes, out, what) = match print {
        Print::Waybill { number, out } => {
            let issued = db.waybill(&number)?;
            let figures = db.term_figures()?;
            let bytes = crate::documents::desk::waybill_pdf::waybill_pdf(
                &issued, &desk, &settings, &figures,
            )
            .map_err(Failure::new)?;
            (
                bytes,
                out,
                format!("运单 {number}（{} 联）", settings.copies.len()),
            )
        }
        Print::Labels {
            number,
            out,
            pieces,
        } => {
            let issued = db.waybill(&number)?;
            let all = issued.waybill.pieces;
            let (from, to) = match pieces.as_deref() {
                None => (1, all),
                Some(text) => parse_piece_range(text, all).map_err(Failure::new)?,
            };
            let bytes =
                crate::documents::desk::labels::labels_pdf(&issued, &desk, &settings, from..=to)
                    .map_err(Failure::new)?;
            labelled = Some((issued.number.clone(), from, to));
            (bytes, out, format!("货签 {number} 第 {from}–{to} 件"))
        }
    };
    write_output(&out, &bytes)?;
    // Labels made for printing are the evidence that the pieces were labelled (P11).
    if let Some((number, from, to)) = labelled {
        db.record_label_print(&number, from..=to, "", chrono::Local::now().naive_local())?;
    }
    eprintln!("已生成{what}：{}", out.display());
    Ok(())
}

/// Reads `3` or `3-5` as a range of pieces within 1..=all.
fn parse_piece_range(text: &str, all: u32) -> Result<(u32, u32), String> {
    let bad = || format!("--pieces「{text}」应为 1–{all} 之间的件号，如 3 或 3-5");
    let (a, b) = match text.split_once(['-', '–']) {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (text.trim(), text.trim()),
    };
    let a: u32 = a.parse().map_err(|_| bad())?;
    let b: u32 = b.parse().map_err(|_| bad())?;
    if a == 0 || a > b || b > all {
        return Err(bad());
    }
    Ok((a, b))
}

fn import_rates(db_path: &Location, file: &std::path::Path) -> Result<(), Failure> {
    // The file is read and checked before the database is touched.
    let table = read_table(file, &RATE_COLUMNS)?;
    let rates = parse_rates(&table, Divisions::bundled())?;
    let mut db = Db::open_at(db_path)?;
    db.replace_rate_table(&rates)?;
    let destinations: BTreeSet<&str> = rates.rows().iter().map(|r| r.dest_code.as_str()).collect();
    eprintln!(
        "已导入报价表：{} 行，{} 个到站",
        rates.rows().len(),
        destinations.len()
    );
    Ok(())
}

fn import_waybills(db_path: &Location, file: &std::path::Path) -> Result<(), Failure> {
    let table = crate::documents::tabular::read_table_with(
        file,
        &WAYBILL_COLUMNS,
        &crate::documents::desk::waybills_import::WAYBILL_OPTIONAL_COLUMNS,
    )?;
    let mut db = Db::open_at(db_path)?;
    let rates = db.rate_table()?;
    let fees = db.desk_settings()?.fees;
    let ctx = ValidationContext {
        divisions: Divisions::bundled(),
        rates: &rates,
        fees: &fees,
        // Imports record waybills that were already issued: they do not screen the goods
        // against the prohibited list again (a refused consignment never got a waybill).
        prohibited: &[],
        printable: &crate::fonts::printable,
    };
    // A lookup that fails is kept and reported instead of being taken as "not there".
    let lookup_error = std::cell::RefCell::new(None);
    let exists = |number: &str| match db.waybill_exists(number) {
        Ok(found) => found,
        Err(error) => {
            lookup_error.borrow_mut().get_or_insert(error);
            false
        }
    };
    let parsed = parse_waybills(&table, &ctx, &exists);
    if let Some(error) = lookup_error.into_inner() {
        return Err(error.into());
    }
    let waybills = parsed?;

    let known: BTreeSet<String> = db.staff()?.into_iter().map(|s| s.id).collect();
    let new_clerks: BTreeSet<&str> = waybills
        .iter()
        .map(|w| w.clerk_id.as_str())
        .filter(|id| !known.contains(*id))
        .collect();
    let short_charged = waybills
        .iter()
        .filter(|w| w.waybill.short_charge_yuan().is_some())
        .count();
    let count = match db.import_waybills(&waybills, chrono::Local::now().naive_local()) {
        Ok(count) => count,
        Err(StorageError::NumberTaken(number)) => {
            let mut errors = RowErrors::new(&table.file);
            let line = table
                .rows
                .iter()
                .find(|row| row.cell(0).trim() == number)
                .map_or(1, |row| row.line);
            errors.push(
                line,
                Some(WAYBILL_COLUMNS[0]),
                format!("单号 {number} 已存在（另一个导入刚刚写入）"),
            );
            return Err(errors.into());
        }
        Err(other) => return Err(other.into()),
    };

    eprintln!("已导入运单 {count} 张");
    if !new_clerks.is_empty() {
        eprintln!(
            "新增工号 {}（姓名待导入员工名单后补全）",
            new_clerks.into_iter().collect::<Vec<_>>().join("、")
        );
    }
    if short_charged > 0 {
        eprintln!("其中 {short_charged} 张运费低于报价表（短收）");
    }
    Ok(())
}

fn copy_database(db_path: &Location, target: &str) -> Result<(), Failure> {
    let target = Location::parse(target);
    if target == *db_path {
        return Err(Failure::new("目标就是 --db 指的数据库：请写另一个数据库"));
    }
    let source = Db::open_existing_at(db_path)?;
    let into = Db::open_at(&target)?;
    let report = source.copy_into(&into)?;
    eprintln!(
        "已把 {} 复制到 {}：{} 张表共 {} 行，核对通过（与 kaidan check 相同的检查，逐表行数一致）",
        db_path.shown(),
        target.shown(),
        report.tables.len(),
        report.rows()
    );
    if report.attachments > 0 {
        eprintln!("附件 {} 个已一并复制", report.attachments);
    }
    if !report.attachments_missing.is_empty() {
        eprintln!(
            "注意：记录里有 {} 个附件在原数据库中已经找不到，没有复制：{}",
            report.attachments_missing.len(),
            report.attachments_missing.join("、")
        );
    }
    Ok(())
}

/// A day typed on the command line (`--from`, `--to`).
fn cli_day(text: Option<&str>, what: &str) -> Result<Option<chrono::NaiveDate>, Failure> {
    text.map(|t| {
        chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map_err(|_| Failure::new(format!("{what}「{t}」格式不对，应如 2026-11-01")))
    })
    .transpose()
}

fn export_waybills(
    db_path: &Location,
    file: &std::path::Path,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(), Failure> {
    use crate::documents::desk::waybills_export::{export_row, waybills_csv, waybills_xlsx};
    let (from, to) = (cli_day(from, "--from")?, cli_day(to, "--to")?);
    let xlsx = match file.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("xlsx") => true,
        Some(e) if e.eq_ignore_ascii_case("csv") => false,
        _ => {
            return Err(Failure::new(format!(
                "{}：请用 .csv 或 .xlsx 作为导出文件的扩展名",
                file.display()
            )));
        }
    };
    if file.exists() {
        return Err(Failure::new(format!(
            "{} 已存在：请换一个文件名（不会覆盖已有的文件）",
            file.display()
        )));
    }
    let db = Db::open_existing_at(db_path)?;
    let mut rows = Vec::new();
    db.each_waybill(from, to, |issued| {
        rows.push(export_row(&issued));
        Ok(())
    })?;
    let bytes = if xlsx {
        waybills_xlsx(&rows).map_err(|e| Failure::new(format!("无法生成 Excel 文件：{e}")))?
    } else {
        waybills_csv(&rows)
    };
    // Written aside and renamed: FILE exists only when whole.
    write_output(file, &bytes)?;
    eprintln!("已导出运单 {} 张：{}", rows.len(), file.display());
    Ok(())
}

fn check(db_path: &Location, code: Option<&str>) -> Result<(), Failure> {
    let db = Db::open_existing_at(db_path)?;
    let code = code
        .map(|code| {
            crate::storage::anchors::parse_code(code).ok_or_else(|| {
                Failure::new(format!("校验码「{code}」的格式不对，应如 336-1a2b3c4d"))
            })
        })
        .transpose()?;
    let found = db.verify(code.as_ref(), chrono::Local::now().naive_local())?;
    if let Some(anchor) = &found.restored_since {
        eprintln!(
            "数据库在本机上次核对（校验码 {}）之后从备份恢复过：恢复点之后的记录不在了，这是恢复，不是篡改",
            anchor.code()
        );
    }
    let problems = found.problems;
    let stuck = db.receiptless_on_receipt()?;
    if !stuck.is_empty() {
        let shown: Vec<&str> = stuck.iter().take(20).map(String::as_str).collect();
        let more = if stuck.len() > shown.len() {
            " 等"
        } else {
            ""
        };
        eprintln!(
            "注意：{} 张回单付运单的回单份数为 0，回单无法登记、运费收不回来：{}{more}。请主管在「运单查询」里打开运单，「修改」回单份数",
            stuck.len(),
            shown.join("、")
        );
    }
    if let Some(head) = found.head {
        println!(
            "数据库完好：{} 张运单，修改记录、收付款流水和各项登记的校验链都通过；校验码 {}（印在收款对账单上，日后用 kaidan check --anchor 核对）",
            db.waybill_count()?,
            head.code()
        );
        return Ok(());
    }
    let mut lines: Vec<String> = problems.iter().map(|p| format!("kaidan: {p}")).collect();
    lines.push(format!("kaidan: 检查发现 {} 处问题", problems.len()));
    Err(Failure(lines.join("\n")))
}

// ---------------------------------------------------------------------------------------
// People: staff, clock-in records, point events and the monthly review.

fn import_people(
    db_path: &Location,
    file: &std::path::Path,
    kind: crate::imports::PeopleFile,
) -> Result<(), Failure> {
    use crate::imports::{ImportFailure, import_people};
    let table =
        crate::documents::tabular::read_table_with(file, kind.columns(), kind.optional_columns())?;
    let mut db = Db::open_at(db_path)?;
    match import_people(&mut db, kind, &table, chrono::Local::now().naive_local()) {
        Ok(summary) => {
            eprintln!("{summary}");
            Ok(())
        }
        Err(ImportFailure::Rows(errors)) => Err(errors.into()),
        Err(ImportFailure::Storage(error)) => Err(error.into()),
    }
}

/// Writes a document the command made to `out`, whole or not at all (`files`).
fn write_output(out: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::files::write_whole(out, bytes).map_err(|e| {
        Failure::new(format!(
            "无法写入 {}：{}",
            out.display(),
            crate::domain::os::io_reason(&e)
        ))
    })
}

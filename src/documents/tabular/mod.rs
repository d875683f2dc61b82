//! Reading an import file (`.csv` or `.xlsx`) into rows keyed by the column names the
//! caller asks for, and collecting the row errors of an import.
//!
//! This module owns the file-level rules of FORMATS.md shared by every import: which
//! file types and text encodings are accepted (CSV in UTF-8 with or without BOM, or GBK
//! as Excel on a Chinese Windows saves it; XLSX read from its first sheet), that the
//! first row is the header with the exact column names in any order, and that every
//! error names the file and the row number *as the spreadsheet shows it* (header = row
//! 1). What a cell means is left to the importer of each table; it gets trimmed strings
//! and reports its findings through [`RowErrors`].

use std::borrow::Cow;
use std::fmt;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, ExcelDateTime, Reader as _, Xlsx};

/// How many row errors an import lists before it only counts them (FORMATS.md: "up to 50").
const MAX_LISTED_ERRORS: usize = 50;

/// A table read from a CSV or XLSX file, its columns mapped to the names the caller asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file name as given, for messages.
    pub file: String,
    /// The required column names, in the caller's order.
    pub columns: Vec<String>,
    /// The data rows, without the header and without rows whose cells are all empty.
    pub rows: Vec<TableRow>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row number as the spreadsheet shows it; the header is row 1 when it is the
    /// first row of the file.
    pub line: usize,
    /// One cell per required column, in the caller's order, trimmed; `""` when empty.
    pub cells: Vec<String>,
}

impl TableRow {
    /// The cell of required column `i` (`""` if there is no such column).
    #[must_use]
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// Why a file could not be read as a table. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be read from disk.
    #[error(
        "kaidan: 无法读取 {file}：{}（{source}）",
        crate::domain::os::io_reason(source)
    )]
    Io {
        /// The file name as given.
        file: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file name ends in neither `.csv` nor `.xlsx`.
    #[error("kaidan: {file}：只支持 .csv 或 .xlsx 文件")]
    UnsupportedType {
        /// The file name as given.
        file: String,
    },
    /// A CSV file that is neither valid UTF-8 nor valid GBK.
    #[error(
        "kaidan: {file} 第 {line} 行：既不是 UTF-8 也不是 GBK 编码，请在 Excel 中另存为 CSV 或 .xlsx 后再导入"
    )]
    Encoding {
        /// The file name as given.
        file: String,
        /// The line of the first byte that fits neither encoding.
        line: usize,
    },
    /// The CSV parser gave up on a row.
    #[error("kaidan: {file} 第 {line} 行：CSV 格式错误：{message}")]
    Csv {
        /// The file name as given.
        file: String,
        /// The row number as the spreadsheet shows it.
        line: usize,
        /// The parser's description of the problem.
        message: String,
    },
    /// The file is not a workbook calamine can read.
    #[error("kaidan: {file}：无法读取 Excel 文件（{message}），请确认它是 .xlsx 格式")]
    Xlsx {
        /// The file name as given.
        file: String,
        /// The reader's description of the problem.
        message: String,
    },
    /// The workbook has no worksheet.
    #[error("kaidan: {file}：工作簿里没有工作表")]
    NoSheet {
        /// The file name as given.
        file: String,
    },
    /// There is not even a header row.
    #[error("kaidan: {file}：文件是空的，第 1 行应为表头")]
    Empty {
        /// The file name as given.
        file: String,
    },
    /// The header lacks some required columns (all of them are listed).
    #[error(
        "kaidan: {file}：表头缺少列：{}（表头须与格式说明完全一致）",
        missing.join("、")
    )]
    MissingColumns {
        /// The file name as given.
        file: String,
        /// The missing column names, in the caller's order.
        missing: Vec<String>,
    },
    /// A required column appears more than once in the header, so which one to read is unclear.
    #[error("kaidan: {file}：表头中「{column}」出现了不止一次，请只保留一列")]
    DuplicateColumn {
        /// The file name as given.
        file: String,
        /// The repeated column name.
        column: String,
    },
}

/// Reads the table in `path`, keeping the columns named in `required` (in that order).
///
/// The file name in messages is `path` as given.
pub fn read_table(path: &Path, required: &[&str]) -> Result<Table, TableError> {
    read_table_with(path, required, &[])
}

/// Reads `path` like [`read_table`], with `optional` columns too: each one's cell
/// follows the required ones (`cell(required.len() + k)`), empty when the file has no
/// such column (a file made before the column was added).
pub fn read_table_with(
    path: &Path,
    required: &[&str],
    optional: &[&str],
) -> Result<Table, TableError> {
    let file = path.display().to_string();
    // Refuse the type before reading a possibly large unrelated file.
    file_kind(&file)?;
    let bytes = std::fs::read(path).map_err(|source| TableError::Io {
        file: file.clone(),
        source,
    })?;
    read_table_bytes_with(&file, &bytes, required, optional)
}

/// Same as [`read_table`], from bytes already in memory (used by tests and by the app's
/// file picker); `file_name` decides CSV or XLSX by its extension and names the file in
/// messages.
pub fn read_table_bytes(
    file_name: &str,
    bytes: &[u8],
    required: &[&str],
) -> Result<Table, TableError> {
    read_table_bytes_with(file_name, bytes, required, &[])
}

/// [`read_table_bytes`] with optional columns, as [`read_table_with`].
pub fn read_table_bytes_with(
    file_name: &str,
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
) -> Result<Table, TableError> {
    let raw_rows = match file_kind(file_name)? {
        FileKind::Csv => csv_rows(file_name, bytes)?,
        FileKind::Xlsx => xlsx_rows(file_name, bytes)?,
    };
    map_columns(file_name, raw_rows, required, optional)
}

/// The header of a file (its first non-blank row), for mapping the columns of another
/// sheet (a DingTalk or time-clock export) onto the ones an import needs.
pub fn read_headers(path: &Path) -> Result<Vec<String>, TableError> {
    let (file, raw_rows) = read_raw(path)?;
    raw_rows
        .into_iter()
        .find(|row| !is_blank(&row.cells))
        .map(|row| {
            row.cells
                .iter()
                .map(|c| c.trim_start_matches('\u{feff}').trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .ok_or(TableError::Empty { file })
}

/// Reads `path` like [`read_table`], with the file's own header names: `mapping[i]` is
/// the file's column that stands for `required[i]`.
pub fn read_table_mapped(
    path: &Path,
    required: &[&str],
    optional: &[&str],
    mapping: &[String],
) -> Result<Table, TableError> {
    let (file, mut raw_rows) = read_raw(path)?;
    if let Some(header) = raw_rows.iter_mut().find(|row| !is_blank(&row.cells)) {
        for cell in &mut header.cells {
            let name = cell.trim_start_matches('\u{feff}').trim().to_owned();
            if let Some(k) = mapping.iter().position(|m| *m == name) {
                required[k].clone_into(cell);
            } else if required.contains(&name.as_str()) {
                // A column of the required name that is not the one mapped must not
                // count twice.
                cell.clear();
            }
        }
    }
    map_columns(&file, raw_rows, required, optional)
}

fn read_raw(path: &Path) -> Result<(String, Vec<RawRow>), TableError> {
    let file = path.display().to_string();
    let kind = file_kind(&file)?;
    let bytes = std::fs::read(path).map_err(|source| TableError::Io {
        file: file.clone(),
        source,
    })?;
    let rows = match kind {
        FileKind::Csv => csv_rows(&file, &bytes)?,
        FileKind::Xlsx => xlsx_rows(&file, &bytes)?,
    };
    Ok((file, rows))
}

/// The two file types FORMATS.md accepts for imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Xlsx,
}

fn file_kind(file_name: &str) -> Result<FileKind, TableError> {
    let extension = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => Ok(FileKind::Csv),
        Some("xlsx") => Ok(FileKind::Xlsx),
        _ => Err(TableError::UnsupportedType {
            file: file_name.to_owned(),
        }),
    }
}

/// A row as read from the file, before its columns are picked: the spreadsheet row
/// number and all its cells, untrimmed.
struct RawRow {
    line: usize,
    cells: Vec<String>,
}

/// Picks the header (the first row that is not blank), maps the required columns and
/// keeps the non-blank data rows.
/// Optional columns come after the required ones, empty where the file lacks them.
fn map_columns(
    file: &str,
    raw_rows: Vec<RawRow>,
    required: &[&str],
    optional: &[&str],
) -> Result<Table, TableError> {
    let mut rows = raw_rows.into_iter().filter(|row| !is_blank(&row.cells));
    let Some(header) = rows.next() else {
        return Err(TableError::Empty {
            file: file.to_owned(),
        });
    };
    let header: Vec<&str> = header
        .cells
        .iter()
        .map(|name| name.trim_start_matches('\u{feff}').trim())
        .collect();

    let mut indices = Vec::with_capacity(required.len());
    let mut missing = Vec::new();
    for &name in required {
        let mut found = header
            .iter()
            .enumerate()
            .filter(|&(_, h)| *h == name)
            .map(|(i, _)| i);
        match (found.next(), found.next()) {
            (Some(i), None) => indices.push(i),
            (Some(_), Some(_)) => {
                return Err(TableError::DuplicateColumn {
                    file: file.to_owned(),
                    column: name.to_owned(),
                });
            }
            (None, _) => missing.push(name.to_owned()),
        }
    }
    if !missing.is_empty() {
        return Err(TableError::MissingColumns {
            file: file.to_owned(),
            missing,
        });
    }
    // An optional column absent from the file reads as empty cells.
    let mut picked: Vec<Option<usize>> = indices.into_iter().map(Some).collect();
    picked.extend(
        optional
            .iter()
            .map(|&name| header.iter().position(|h| *h == name)),
    );

    let rows = rows
        .map(|row| TableRow {
            line: row.line,
            cells: picked
                .iter()
                .map(|i| {
                    i.and_then(|i| row.cells.get(i))
                        .map_or("", |c| c.trim())
                        .to_owned()
                })
                .collect(),
        })
        .collect();
    Ok(Table {
        file: file.to_owned(),
        columns: required
            .iter()
            .chain(optional)
            .map(|&c| c.to_owned())
            .collect(),
        rows,
    })
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

// ---------------------------------------------------------------------------------------
// CSV

/// Decodes a CSV file's bytes: UTF-8 (BOM stripped) when they are valid UTF-8, else GBK.
fn decode_csv<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8_valid_up_to = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Cow::Borrowed(text)),
        Err(error) => error.valid_up_to(),
    };
    // encoding_rs decodes GBK with the GB18030 decoder (as the WHATWG standard says),
    // so the four-byte sequences some Excel versions write are accepted too.
    let mut decoder = encoding_rs::GBK.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(2));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(Cow::Owned(text)),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            let gbk_valid_up_to = read.saturating_sub(usize::from(bad) + usize::from(after));
            // The encoding that got further is most likely the one the file was meant to
            // be in (a UTF-8 file with one stray byte fails as GBK at its first Chinese
            // character), so its first bad byte is the one worth showing.
            Err(TableError::Encoding {
                file: file.to_owned(),
                line: physical_line(bytes, utf8_valid_up_to.max(gbk_valid_up_to)),
            })
        }
        // Cannot happen with a buffer of the maximum length; report the start of the file
        // rather than panic.
        encoding_rs::DecoderResult::OutputFull => Err(TableError::Encoding {
            file: file.to_owned(),
            line: 1,
        }),
    }
}

/// The 1-based line of byte `offset`: one more than the `\n` before it.
fn physical_line(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    bytes[..end].split(|&b| b == b'\n').count()
}

fn csv_rows(file: &str, bytes: &[u8]) -> Result<Vec<RawRow>, TableError> {
    let text = decode_csv(file, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // The spreadsheet row number of the last record read. Excel shows one row per CSV
    // record, however many line breaks its quoted cells hold, and one row per empty line.
    let mut line = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record
                    .position()
                    .and_then(|p| usize::try_from(p.byte()).ok())
                    .unwrap_or(0);
                line += empty_lines_at(text.as_bytes(), start) + 1;
                rows.push(RawRow {
                    line,
                    cells: record.iter().map(str::to_owned).collect(),
                });
            }
            Err(error) => {
                return Err(TableError::Csv {
                    file: file.to_owned(),
                    line: line + 1,
                    message: error.to_string(),
                });
            }
        }
    }
    Ok(rows)
}

/// How many empty lines the csv reader skipped at `start`, the position it reports for a
/// record: csv ignores empty lines without counting them as records, and may leave the
/// `\n` of the previous record's `\r\n` there too.
fn empty_lines_at(text: &[u8], start: usize) -> usize {
    let mut i = start;
    if i > 0 && text.get(i - 1) == Some(&b'\r') && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut count = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'\r' => {
                count += 1;
                i += if text.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
            }
            b'\n' => {
                count += 1;
                i += 1;
            }
            _ => break,
        }
    }
    count
}

// ---------------------------------------------------------------------------------------
// XLSX

/// The most cells a workbook's first sheet may spread over once laid out as a table
/// (rows × the header's width): a million waybills of 21 columns fit, a sheet that only
/// claims to be enormous does not.
const MAX_XLSX_CELLS: usize = 30_000_000;

/// Reads the first sheet cell by cell, bounded by the cells actually used: a sheet's
/// declared dimension is never allocated (one cell at XFD1048576 would ask for 512 GB).
/// Rows start at the first used row, columns at the first used column, as Excel's used
/// range does; cells right of the header's last column have no name and are dropped.
fn xlsx_rows(file: &str, bytes: &[u8]) -> Result<Vec<RawRow>, TableError> {
    let xlsx_error = |error: calamine::XlsxError| TableError::Xlsx {
        file: file.to_owned(),
        message: error.to_string(),
    };
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(xlsx_error)?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Err(TableError::NoSheet {
            file: file.to_owned(),
        });
    };
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(xlsx_error)?;
    // Row → (column, text) of the cells with a value, in the order the sheet stores them.
    let mut used: std::collections::BTreeMap<u32, Vec<(u32, String)>> =
        std::collections::BTreeMap::new();
    let mut first_column = u32::MAX;
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
        let value: Data = cell.get_value().clone().into();
        if value == Data::Empty {
            continue;
        }
        count += 1;
        if count > MAX_XLSX_CELLS {
            return Err(too_large(file));
        }
        let (row, column) = cell.get_position();
        first_column = first_column.min(column);
        used.entry(row)
            .or_default()
            .push((column, cell_text(&value)));
    }
    // The header is the first row with text; its last cell sets the table's width.
    let width = used
        .values()
        .find(|cells| cells.iter().any(|(_, text)| !text.trim().is_empty()))
        .and_then(|cells| cells.iter().map(|(column, _)| *column).max())
        .map_or(0, |last| (last - first_column) as usize + 1);
    if used.len().saturating_mul(width) > MAX_XLSX_CELLS {
        return Err(too_large(file));
    }
    Ok(used
        .into_iter()
        .map(|(row, cells)| {
            let mut dense = vec![String::new(); width];
            for (column, text) in cells {
                if let Some(slot) = dense.get_mut((column - first_column) as usize) {
                    *slot = text;
                }
            }
            RawRow {
                line: row as usize + 1,
                cells: dense,
            }
        })
        .collect())
}

fn too_large(file: &str) -> TableError {
    TableError::Xlsx {
        file: file.to_owned(),
        message: format!("工作表超过 {MAX_XLSX_CELLS} 个单元格，请分成几个文件导入"),
    }
}

/// A cell as the clerk sees it in Excel, as text.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(dt) => date_time_text(dt),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A number with the 15 significant digits Excel shows, in the shortest decimal form and
/// never in exponent notation: `13912345678`, `1`, `0.55`.
fn number_text(f: f64) -> String {
    if f == 0.0 {
        // Also turns -0 into 0.
        return "0".to_owned();
    }
    // Rounding to 15 significant digits hides binary noise of formula results
    // (0.1 + 0.2 shows as 0.3 in Excel too); f64's Display then prints integral values
    // without a decimal point and never switches to exponent notation.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

/// A date, time or date-and-time cell as FORMATS.md writes them: `YYYY-MM-DD`, `HH:MM`
/// or `YYYY-MM-DD HH:MM`. Seconds are dropped, as punches are kept to the minute.
fn date_time_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        // A duration format such as [h]:mm may exceed 24 hours.
        let minutes = (serial * 24.0 * 60.0).round();
        let hours = (minutes / 60.0).floor();
        return format!("{hours:02}:{:02}", minutes - hours * 60.0);
    }
    let (year, month, day, hour, minute, second, milli) = dt.to_ymd_hms_milli();
    if serial < 1.0 {
        format!("{hour:02}:{minute:02}")
    } else if (hour, minute, second, milli) == (0, 0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
    }
}

// ---------------------------------------------------------------------------------------
// Row errors

/// One bad cell or row of an import, located as the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The file name as given.
    pub file: String,
    /// The row number as the spreadsheet shows it (header = row 1).
    pub line: usize,
    /// The column the problem is in, if it is in one cell.
    pub column: Option<String>,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kaidan: {} 第 {} 行", self.file, self.line)?;
        if let Some(column) = &self.column {
            write!(f, "「{column}」")?;
        }
        write!(f, "：{}", self.message)
    }
}

impl std::error::Error for RowError {}

/// Collects the row errors of one import; keeps at most 50 (FORMATS.md), counts all.
#[derive(Debug, Default)]
pub struct RowErrors {
    file: String,
    listed: Vec<RowError>,
    total: usize,
}

impl RowErrors {
    /// No errors yet, for the import of `file`.
    #[must_use]
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            listed: Vec::new(),
            total: 0,
        }
    }

    /// Records a bad row (`column` = `None`) or cell; only the first 50 are kept.
    pub fn push(&mut self, line: usize, column: Option<&str>, message: impl Into<String>) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED_ERRORS {
            self.listed.push(RowError {
                file: self.file.clone(),
                line,
                column: column.map(str::to_owned),
                message: message.into(),
            });
        }
    }

    /// True when no error was pushed, so the import may be written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many errors were pushed, including those not kept.
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    /// The kept errors, in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = &RowError> {
        self.listed.iter()
    }

    /// All kept messages, one per line, plus `……共 N 处错误，只列出前 50 处` when some
    /// were not kept.
    #[must_use]
    pub fn report(&self) -> String {
        let mut lines: Vec<String> = self.listed.iter().map(ToString::to_string).collect();
        if self.total > self.listed.len() {
            lines.push(format!(
                "……共 {} 处错误，只列出前 {MAX_LISTED_ERRORS} 处",
                self.total
            ));
        }
        lines.join("\n")
    }
}

impl fmt::Display for RowErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report())
    }
}

impl std::error::Error for RowErrors {}

#[cfg(test)]
mod tests;

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
    let file = path.display().to_string();
    // Refuse the type before reading a possibly large unrelated file.
    file_kind(&file)?;
    let bytes = std::fs::read(path).map_err(|source| TableError::Io {
        file: file.clone(),
        source,
    })?;
    read_table_bytes(&file, &bytes, required)
}

/// Same as [`read_table`], from bytes already in memory (used by tests and by the app's
/// file picker); `file_name` decides CSV or XLSX by its extension and names the file in
/// messages.
pub fn read_table_bytes(
    file_name: &str,
    bytes: &[u8],
    required: &[&str],
) -> Result<Table, TableError> {
    let raw_rows = match file_kind(file_name)? {
        FileKind::Csv => csv_rows(file_name, bytes)?,
        FileKind::Xlsx => xlsx_rows(file_name, bytes)?,
    };
    map_columns(file_name, raw_rows, required)
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
    map_columns(&file, raw_rows, required)
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
fn map_columns(file: &str, raw_rows: Vec<RawRow>, required: &[&str]) -> Result<Table, TableError> {
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

    let rows = rows
        .map(|row| TableRow {
            line: row.line,
            cells: indices
                .iter()
                .map(|&i| row.cells.get(i).map_or("", |c| c.trim()).to_owned())
                .collect(),
        })
        .collect();
    Ok(Table {
        file: file.to_owned(),
        columns: required.iter().map(|&c| c.to_owned()).collect(),
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
mod tests {
    use super::*;

    const RATE_COLUMNS: [&str; 2] = ["到站代码", "最低收费"];

    /// A workbook written here with cells at the given (row, column), zero-based.
    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (row, column, text) in cells {
            sheet.write_string(*row, *column, *text).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_cell_at_the_last_row_and_column_is_read_without_the_declared_grid() {
        // Its dimension says A1:XFD1048576: read as a range, 512 GB would be asked for.
        let bytes = workbook(&[
            (0, 0, "到站代码"),
            (0, 1, "最低收费"),
            (1, 0, "430321"),
            (1, 1, "30"),
            (1_048_575, 16_383, "x"),
        ]);
        let table = read_table_bytes("far.xlsx", &bytes, &RATE_COLUMNS).unwrap();
        assert_eq!(
            lines_and_cells(&table),
            [(2, vec!["430321", "30"])],
            "the far cell has no column name and is dropped"
        );
        // Only the far cell: it is the header, which lacks the columns.
        let lonely = workbook(&[(1_048_575, 16_383, "x")]);
        assert!(matches!(
            read_table_bytes("far.xlsx", &lonely, &RATE_COLUMNS),
            Err(TableError::MissingColumns { .. })
        ));
    }

    #[test]
    fn a_sheet_starting_at_c3_keeps_excel_row_numbers() {
        let bytes = workbook(&[
            (2, 2, "最低收费"),
            (2, 3, "到站代码"),
            (4, 2, "40"),
            (4, 3, "110105"),
        ]);
        let table = read_table_bytes("c3.xlsx", &bytes, &RATE_COLUMNS).unwrap();
        assert_eq!(lines_and_cells(&table), [(5, vec!["110105", "40"])]);
    }

    fn csv(text: &str, required: &[&str]) -> Result<Table, TableError> {
        read_table_bytes("rates.csv", text.as_bytes(), required)
    }

    fn lines_and_cells(table: &Table) -> Vec<(usize, Vec<&str>)> {
        table
            .rows
            .iter()
            .map(|row| (row.line, row.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn utf8_without_bom() {
        let table = csv("到站代码,最低收费\n430321,30\n", &RATE_COLUMNS).unwrap();
        assert_eq!(table.file, "rates.csv");
        assert_eq!(table.columns, ["到站代码", "最低收费"]);
        assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
    }

    #[test]
    fn utf8_with_bom() {
        let table = csv("\u{feff}到站代码,最低收费\r\n430321,30\r\n", &RATE_COLUMNS).unwrap();
        assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
    }

    #[test]
    fn gbk_as_excel_saves_it() {
        let (bytes, _, unmappable) = encoding_rs::GBK.encode("到站代码,最低收费\n430321,30\n");
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the test needs non-UTF-8 bytes"
        );
        let table = read_table_bytes("rates.csv", &bytes, &RATE_COLUMNS).unwrap();
        assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
    }

    #[test]
    fn neither_utf8_nor_gbk_names_the_line() {
        // 0xFF is valid in neither encoding. The line shown is where the encoding the file
        // is mostly in breaks down.
        let head = "到站代码,最低收费\n430321,30\n";
        let mut utf8 = head.as_bytes().to_vec();
        utf8.extend_from_slice(b"4303\xFF,30\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(head);
        let mut gbk = gbk.into_owned();
        gbk.extend_from_slice(b"430322,40\n4303\xFF,30\n");
        for (bytes, line) in [(utf8, 3), (gbk, 4)] {
            let error = read_table_bytes("rates.csv", &bytes, &RATE_COLUMNS).unwrap_err();
            assert!(
                matches!(error, TableError::Encoding { line: l, .. } if l == line),
                "{error:?}"
            );
            assert!(error.to_string().contains("既不是 UTF-8 也不是 GBK 编码"));
        }
    }

    #[test]
    fn columns_in_any_order_and_extra_columns_ignored() {
        let table = csv(
            "备注,最低收费,轻货单价,到站代码\n随便,30,0.55,430321\n",
            &RATE_COLUMNS,
        )
        .unwrap();
        assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);
        assert_eq!(table.rows[0].cell(1), "30");
        assert_eq!(table.rows[0].cell(9), "");
    }

    #[test]
    fn header_and_cells_are_trimmed_and_short_rows_padded() {
        let table = csv(" 到站代码 ,\t最低收费\n 430321 \n", &RATE_COLUMNS).unwrap();
        assert_eq!(lines_and_cells(&table), [(2, vec!["430321", ""])]);
    }

    #[test]
    fn missing_columns_are_all_listed() {
        let error = csv("到站代码 kg,备注\n1,2\n", &RATE_COLUMNS).unwrap_err();
        assert!(
            matches!(&error, TableError::MissingColumns { missing, .. } if missing == &RATE_COLUMNS),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "kaidan: rates.csv：表头缺少列：到站代码、最低收费（表头须与格式说明完全一致）"
        );
    }

    #[test]
    fn duplicate_required_column_is_refused() {
        let error = csv("到站代码,最低收费,到站代码\n1,2,3\n", &RATE_COLUMNS).unwrap_err();
        assert!(
            matches!(&error, TableError::DuplicateColumn { column, .. } if column == "到站代码"),
            "{error:?}"
        );
    }

    #[test]
    fn empty_file_is_refused() {
        for text in ["", "\n\n", "\u{feff}", ",,\n ,\n"] {
            let error = csv(text, &RATE_COLUMNS).unwrap_err();
            assert!(
                matches!(error, TableError::Empty { .. }),
                "{text:?}: {error:?}"
            );
            assert_eq!(
                error.to_string(),
                "kaidan: rates.csv：文件是空的，第 1 行应为表头"
            );
        }
    }

    #[test]
    fn unsupported_type_is_refused() {
        for name in ["rates.xls", "rates.txt", "rates"] {
            let error = read_table_bytes(name, b"a,b\n", &RATE_COLUMNS).unwrap_err();
            assert!(
                matches!(error, TableError::UnsupportedType { .. }),
                "{name}"
            );
        }
        assert!(
            read_table_bytes("RATES.CSV", "到站代码,最低收费\n".as_bytes(), &RATE_COLUMNS).is_ok()
        );
    }

    #[test]
    fn blank_rows_are_skipped_but_keep_their_row_numbers() {
        // Excel shows an empty line and a row of empty cells each as a row of their own.
        for newline in ["\n", "\r\n", "\r"] {
            let text = [
                "到站代码,最低收费",
                "",
                "430321,30",
                ",",
                "",
                " , ",
                "430322,40",
                "",
            ]
            .join(newline);
            let table = csv(&text, &RATE_COLUMNS).unwrap();
            assert_eq!(
                lines_and_cells(&table),
                [(3, vec!["430321", "30"]), (7, vec!["430322", "40"])],
                "{newline:?}"
            );
        }
    }

    #[test]
    fn quoted_cells_with_commas_and_line_breaks_are_one_row() {
        let text = "到站代码,最低收费,备注\n430321,\"1,000\",\"两行\n备注\"\n\n430322,40,\n";
        let table = csv(text, &RATE_COLUMNS).unwrap();
        assert_eq!(
            lines_and_cells(&table),
            [(2, vec!["430321", "1,000"]), (4, vec!["430322", "40"])]
        );
    }

    #[test]
    fn read_table_from_disk_names_the_file_as_given() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("报价表.csv");
        std::fs::write(&path, "到站代码,最低收费\n430321,30\n").unwrap();
        let table = read_table(&path, &RATE_COLUMNS).unwrap();
        assert_eq!(table.file, path.display().to_string());
        assert_eq!(lines_and_cells(&table), [(2, vec!["430321", "30"])]);

        let missing = dir.path().join("没有.csv");
        let error = read_table(&missing, &RATE_COLUMNS).unwrap_err();
        assert!(matches!(error, TableError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("没有.csv"));
    }

    // tests/data/tabular.xlsx was made with openpyxl 3.1 (`pip install openpyxl`):
    //
    //     import datetime, openpyxl
    //     wb = openpyxl.Workbook()
    //     ws = wb.active
    //     ws.title = "员工"
    //     ws["B2"] = "备注"  # an extra column, ignored
    //     for col, name in zip("CDEFGHIJ", ["工号", "姓名", "电话", "入职日期", "上班打卡", "系数", "件数", "等通知放货"]):
    //         ws[f"{col}2"] = name
    //     ws.append([None, "多余", "A01", "张三", 13912345678, datetime.date(2026, 11, 3),
    //                datetime.time(8, 30), 0.55, 12.0, True])
    //     # row 4 stays blank
    //     ws["C5"], ws["E5"], ws["F5"], ws["G5"], ws["H5"], ws["I5"], ws["J5"] = (
    //         " A02 ", 13800000000.0, datetime.datetime(2026, 11, 3, 20, 5),
    //         datetime.time(20, 0), 1.25, 3, False)
    //     wb.create_sheet("第二页")["A1"] = "不读"
    //     wb.save("tests/data/tabular.xlsx")
    //
    // The sheet starts at B2 (row 1 and column A are empty), so the row numbers Excel shows
    // differ from the range's own indices.
    const FIXTURE: &[u8] = include_bytes!("../../tests/data/tabular.xlsx");

    #[test]
    fn xlsx_first_sheet_as_excel_shows_it() {
        let required = [
            "等通知放货",
            "工号",
            "姓名",
            "电话",
            "入职日期",
            "上班打卡",
            "系数",
            "件数",
        ];
        let table = read_table_bytes("staff.xlsx", FIXTURE, &required).unwrap();
        assert_eq!(
            lines_and_cells(&table),
            [
                (
                    3,
                    vec![
                        "是",
                        "A01",
                        "张三",
                        "13912345678",
                        "2026-11-03",
                        "08:30",
                        "0.55",
                        "12"
                    ]
                ),
                (
                    5,
                    vec![
                        "否",
                        "A02",
                        "",
                        "13800000000",
                        "2026-11-03 20:05",
                        "20:00",
                        "1.25",
                        "3"
                    ]
                ),
            ]
        );
    }

    #[test]
    fn xlsx_missing_columns_and_bad_bytes() {
        let error = read_table_bytes("staff.xlsx", FIXTURE, &["工号", "岗位"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "kaidan: staff.xlsx：表头缺少列：岗位（表头须与格式说明完全一致）"
        );
        let error = read_table_bytes("staff.xlsx", b"not a zip", &["工号"]).unwrap_err();
        assert!(matches!(error, TableError::Xlsx { .. }), "{error:?}");
    }

    #[test]
    fn numbers_show_as_excel_shows_them() {
        let cases = [
            (13_912_345_678.0, "13912345678"),
            (1.0, "1"),
            (0.55, "0.55"),
            (-2.5, "-2.5"),
            (0.1 + 0.2, "0.3"),
            (-0.0, "0"),
            (123_456_789_012_345.0, "123456789012345"),
        ];
        for (value, text) in cases {
            assert_eq!(number_text(value), text, "{value:?}");
        }
    }

    #[test]
    fn dates_and_times_in_the_formats_of_formats_md() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let cases = [
            (46_329.0, DateTime, "2026-11-03"),
            (0.354_166_666_666_666_7, DateTime, "08:30"),
            (46_329.836_805_555_55, DateTime, "2026-11-03 20:05"),
            (1.5, TimeDelta, "36:00"),
        ];
        for (serial, kind, text) in cases {
            let cell = Data::DateTime(ExcelDateTime::new(serial, kind, false));
            assert_eq!(cell_text(&cell), text, "{serial}");
        }
    }

    #[test]
    fn row_error_display() {
        let mut errors = RowErrors::new("rates.csv");
        errors.push(3, Some("最低收费"), "不是有效的金额：abc");
        errors.push(4, None, "到站代码重复");
        assert!(!errors.is_empty());
        assert_eq!(errors.total(), 2);
        assert_eq!(
            errors.report(),
            "kaidan: rates.csv 第 3 行「最低收费」：不是有效的金额：abc\n\
             kaidan: rates.csv 第 4 行：到站代码重复"
        );
        assert_eq!(errors.to_string(), errors.report());
    }

    #[test]
    fn row_errors_keep_fifty_and_count_all() {
        let mut errors = RowErrors::new("rates.csv");
        assert!(errors.is_empty());
        assert_eq!(errors.report(), "");
        for line in 2..=51 {
            errors.push(line, Some("到站代码"), "不是 6 位行政区划代码");
        }
        assert_eq!(
            errors.report().lines().count(),
            50,
            "exactly 50: no summary line"
        );
        for line in 52..=81 {
            errors.push(line, Some("到站代码"), "不是 6 位行政区划代码");
        }
        assert_eq!(errors.total(), 80);
        assert_eq!(errors.iter().count(), 50);
        assert_eq!(errors.iter().last().map(|e| e.line), Some(51));
        let report = errors.report();
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 51);
        assert_eq!(
            lines[0],
            "kaidan: rates.csv 第 2 行「到站代码」：不是 6 位行政区划代码"
        );
        assert_eq!(lines[50], "……共 80 处错误，只列出前 50 处");
    }

    #[test]
    fn another_sheet_mapped_onto_the_required_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dingtalk.csv");
        std::fs::write(&path, "姓名,工号,考勤日期,班次,上班1打卡时间,下班1打卡时间\n张丽,A01,2026-11-02,早班,07:58,20:03\n").unwrap();
        assert_eq!(
            read_headers(&path).unwrap(),
            [
                "姓名",
                "工号",
                "考勤日期",
                "班次",
                "上班1打卡时间",
                "下班1打卡时间"
            ]
        );
        let required = ["工号", "日期", "班次", "上班打卡", "下班打卡"];
        let mapping: Vec<String> = ["工号", "考勤日期", "班次", "上班1打卡时间", "下班1打卡时间"]
            .map(str::to_owned)
            .to_vec();
        let table = read_table_mapped(&path, &required, &mapping).unwrap();
        assert_eq!(
            table.rows[0].cells,
            ["A01", "2026-11-02", "早班", "07:58", "20:03"]
        );
        assert_eq!(table.rows[0].line, 2);
    }
}

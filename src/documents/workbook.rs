//! What every XLSX export shares: the look of the header row, which stays in view when
//! the sheet scrolls; numbers as Excel stores them; column and row indexes; widths that
//! fit Chinese text.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError};

/// Bold, centred, grey and ruled: the column titles of every sheet.
pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(0x00D9_D9D9)
        .set_border(FormatBorder::Thin)
}

/// Writes the column titles on `row` and keeps them in view above the rows under it.
pub(crate) fn header_row(
    sheet: &mut Worksheet,
    row: RowNum,
    titles: &[&str],
    format: &Format,
) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col_num(col), *title, format)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

/// A money or measure amount as a spreadsheet number.
pub(crate) fn decimal(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A count (waybills, pieces, days, points) as a spreadsheet number.
pub(crate) fn count(value: impl TryInto<i64>) -> f64 {
    let value: i64 = value.try_into().unwrap_or(i64::MAX);
    #[allow(
        clippy::cast_precision_loss,
        reason = "counts of waybills, pieces, days and points are far below 2^53"
    )]
    let n = value as f64;
    n
}

/// A column index as the writer takes it.
pub(crate) fn col_num(col: usize) -> ColNum {
    ColNum::try_from(col).unwrap_or(ColNum::MAX)
}

/// A row index as the writer takes it.
pub(crate) fn row_num(row: usize) -> RowNum {
    RowNum::try_from(row).unwrap_or(RowNum::MAX)
}

/// Display width of `text` in Excel's column units: a CJK character takes two.
pub(crate) fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

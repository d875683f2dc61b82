//! The 月结 statement (月结对账单) as a spreadsheet for the customer and finance: one sheet
//! 「对账单」 with the company, the customer, the month, then a line per waybill (number,
//! issue time, destination, consignee, pieces, freight, premium, delivery fee, total) and a
//! last line of totals that are the sums of the lines. Money is written as numbers with two
//! decimals so it can be summed; the header row is bold and frozen.

use crate::domain::statements::Statement;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// The sheet's name.
pub const SHEET: &str = "对账单";
/// The columns of the lines.
pub const COLUMNS: [&str; 10] = [
    "序号",
    "运单号",
    "开单时间",
    "到站",
    "收货方",
    "件数",
    "运费",
    "保价费",
    "送货费",
    "合计",
];
/// The label of the totals line.
pub const TOTAL_LABEL: &str = "合计";
/// The first row of the lines' header (0-based): under the title rows.
pub const HEADER_ROW: u32 = 3;

/// Why the spreadsheet could not be made. Messages are for the clerk, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum StatementXlsxError {
    /// The spreadsheet writer refused something.
    #[error("生成 Excel 文件时出错：{0}")]
    Write(#[from] XlsxError),
}

fn number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// The statement as XLSX bytes.
pub fn statement_xlsx(statement: &Statement, company: &str) -> Result<Vec<u8>, StatementXlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(format!(
        "{} 月结对账单 {}",
        statement.customer_name, statement.month
    )));
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(0x00D9_D9D9)
        .set_border(FormatBorder::Thin);
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");
    let money_bold = Format::new().set_num_format("0.00").set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET)?;
    sheet.write_string_with_format(0, 0, format!("{company} 月结对账单"), &bold)?;
    sheet.write_string(
        1,
        0,
        format!(
            "客户：{}（{}）  月份：{}",
            statement.customer_name,
            statement.phones.join("、"),
            statement.month
        ),
    )?;
    for (col, title) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(HEADER_ROW, col, title, &header)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let mut row = HEADER_ROW + 1;
    for (index, line) in (1u32..).zip(&statement.lines) {
        sheet.write_number(row, 0, f64::from(index))?;
        sheet.write_string(row, 1, &line.number)?;
        sheet.write_string(row, 2, line.issued_at.format("%Y-%m-%d %H:%M").to_string())?;
        sheet.write_string(row, 3, &line.dest_name)?;
        sheet.write_string(row, 4, &line.consignee_name)?;
        sheet.write_number(row, 5, f64::from(line.pieces))?;
        for (col, value) in [
            (6, line.freight_yuan),
            (7, line.premium_yuan),
            (8, line.delivery_fee_yuan),
            (9, line.total_yuan),
        ] {
            sheet.write_number_with_format(row, col, number(value), &money)?;
        }
        row += 1;
    }
    let t = &statement.totals;
    sheet.write_string_with_format(row, 0, TOTAL_LABEL, &bold)?;
    sheet.write_string_with_format(row, 1, format!("{} 票", t.waybills), &bold)?;
    #[allow(clippy::cast_precision_loss, reason = "pieces are far below 2^53")]
    sheet.write_number_with_format(row, 5, t.pieces as f64, &bold)?;
    for (col, value) in [
        (6, t.freight_yuan),
        (7, t.premium_yuan),
        (8, t.delivery_fee_yuan),
        (9, t.total_yuan),
    ] {
        sheet.write_number_with_format(row, col, number(value), &money_bold)?;
    }
    for (col, width) in [6.0, 16.0, 17.0, 18.0, 26.0, 7.0, 11.0, 10.0, 10.0, 12.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(u16::try_from(col).unwrap_or(0), width)?;
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Month;
    use crate::domain::statements::StatementLine;
    use calamine::{Reader, Xlsx};
    use std::str::FromStr;

    #[test]
    fn every_waybill_is_a_line_and_the_total_line_sums_them() {
        let line = |n: &str, total: &str| StatementLine {
            number: n.into(),
            issued_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 3)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            dest_name: "湘潭市 湘潭县".into(),
            consignee_name: "李记".into(),
            pieces: 2,
            freight_yuan: Decimal::from_str(total).unwrap(),
            premium_yuan: Decimal::ZERO,
            delivery_fee_yuan: Decimal::ZERO,
            total_yuan: Decimal::from_str(total).unwrap(),
        };
        let statement = Statement::new(
            1,
            "宏达服装厂".into(),
            vec!["13912345678".into()],
            Month::from_str("2026-11").unwrap(),
            vec![line("GZ2611030001", "255.55"), line("GZ2611030002", "0.01")],
        );
        let bytes = statement_xlsx(&statement, "广州市每地达物流有限公司").unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).map(ToString::to_string);
        assert_eq!(cell(HEADER_ROW + 1, 1).as_deref(), Some("GZ2611030001"));
        assert_eq!(cell(HEADER_ROW + 2, 1).as_deref(), Some("GZ2611030002"));
        assert_eq!(cell(HEADER_ROW + 3, 0).as_deref(), Some(TOTAL_LABEL));
        assert_eq!(cell(HEADER_ROW + 3, 9).as_deref(), Some("255.56"));
    }
}

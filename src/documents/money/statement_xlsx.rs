//! The 月结 statement (月结对账单) as a spreadsheet for the customer and finance: one sheet
//! 「对账单」 with the company, the customer, the month, then a line per waybill (number,
//! issue time, destination, consignee, pieces, freight, premium, delivery fee, total) and a
//! last line of totals that are the sums of the lines; under them the payments against the
//! statement (回款记录: time, amount, method, who took it, note) and the balance (应收合计,
//! 已回款, 未结余额). Money is written as numbers with two decimals so it can be summed; the
//! header row is bold and frozen.

use crate::documents::workbook::{decimal, header_format, header_row};
use crate::domain::money::statements::Statement;
use rust_xlsxwriter::{DocProperties, Format, Workbook, XlsxError};

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
/// The title of the payments, two rows under the totals line.
pub const PAYMENTS_LABEL: &str = "回款记录";
/// The columns of the payments.
pub const PAYMENT_COLUMNS: [&str; 6] = ["序号", "回款时间", "金额", "方式", "经办", "备注"];
/// The line written when nothing was paid yet.
pub const NO_PAYMENTS: &str = "尚无回款";
/// The balance lines' labels (column 1, the amount in column 2): the month's total, what
/// was paid, what is still owed.
pub const BALANCE_LABELS: [&str; 3] = ["应收合计", "已回款", "未结余额"];
/// The customer's 代收货款 of the month (theirs, not owed by them).
pub const COD_LABEL: &str = "代收货款（本月）";
/// Beside the balance of a month taken as settled.
pub const SETTLED_NOTE: &str = "该月在登记月结回款之前已视为结清";

/// Why the spreadsheet could not be made. Messages are for the clerk, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum StatementXlsxError {
    /// The spreadsheet writer refused something.
    #[error("生成 Excel 文件时出错：{0}")]
    Write(#[from] XlsxError),
}

/// The statement as XLSX bytes. `names` gives a staff member's name for their 工号 (empty
/// when unknown).
pub fn statement_xlsx(
    statement: &Statement,
    company: &str,
    names: &dyn Fn(&str) -> String,
) -> Result<Vec<u8>, StatementXlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(format!(
        "{} 月结对账单 {}",
        statement.customer_name, statement.month
    )));
    let header = header_format();
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
    header_row(sheet, HEADER_ROW, &COLUMNS, &header)?;
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
            sheet.write_number_with_format(row, col, decimal(value), &money)?;
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
        sheet.write_number_with_format(row, col, decimal(value), &money_bold)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, PAYMENTS_LABEL, &bold)?;
    row += 1;
    for (col, title) in (0u16..).zip(PAYMENT_COLUMNS) {
        sheet.write_string_with_format(row, col, title, &header)?;
    }
    row += 1;
    if statement.payments.is_empty() {
        sheet.write_string(row, 1, NO_PAYMENTS)?;
        row += 1;
    }
    for (index, payment) in (1u32..).zip(&statement.payments) {
        let staff = format!("{} {}", payment.staff_id, names(&payment.staff_id));
        sheet.write_number(row, 0, f64::from(index))?;
        sheet.write_string(row, 1, payment.at.format("%Y-%m-%d %H:%M").to_string())?;
        sheet.write_number_with_format(row, 2, decimal(payment.amount_yuan), &money)?;
        sheet.write_string(row, 3, payment.channel.label())?;
        sheet.write_string(row, 4, staff.trim())?;
        sheet.write_string(row, 5, payment.note())?;
        row += 1;
    }
    row += 1;
    for (label, amount) in BALANCE_LABELS.into_iter().zip([
        statement.totals.total_yuan,
        statement.paid_yuan(),
        statement.balance_yuan(),
    ]) {
        sheet.write_string_with_format(row, 1, label, &bold)?;
        sheet.write_number_with_format(row, 2, decimal(amount), &money_bold)?;
        row += 1;
    }
    if statement.taken_as_settled {
        sheet.write_string(row - 1, 3, SETTLED_NOTE)?;
    }
    if !statement.cod.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 1, COD_LABEL, &bold)?;
        sheet.write_string(row, 2, statement.cod.line())?;
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
    use crate::domain::dispatch::pickup::PayChannel;
    use crate::domain::money::statements::{AccountPayment, StatementLine};
    use crate::domain::people::Month;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn line(n: &str, total: &str) -> StatementLine {
        StatementLine {
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
        }
    }

    fn statement() -> Statement {
        Statement::new(
            1,
            "宏达服装厂".into(),
            vec!["13912345678".into()],
            Month::from_str("2026-11").unwrap(),
            vec![line("GZ2611030001", "255.55"), line("GZ2611030002", "0.01")],
        )
    }

    fn names(id: &str) -> String {
        if id == "A01" {
            "张丽".into()
        } else {
            String::new()
        }
    }

    /// The sheet's cells as text, row by row.
    fn cells(statement: &Statement) -> Vec<Vec<String>> {
        let bytes = statement_xlsx(statement, "广州市每地达物流有限公司", &names).unwrap();
        crate::documents::test_support::xlsx_cells(&bytes, SHEET).1
    }

    fn row_of(cells: &[Vec<String>], col: usize, label: &str) -> usize {
        cells
            .iter()
            .position(|r| r.get(col).map(String::as_str) == Some(label))
            .unwrap_or_else(|| panic!("no {label} in {cells:?}"))
    }

    #[test]
    fn every_waybill_is_a_line_and_the_total_line_sums_them() {
        let cells = cells(&statement());
        let h = usize::try_from(HEADER_ROW).unwrap();
        assert_eq!(cells[h + 1][1], "GZ2611030001");
        assert_eq!(cells[h + 2][1], "GZ2611030002");
        assert_eq!(cells[h + 3][0], TOTAL_LABEL);
        assert_eq!(cells[h + 3][9], "255.56");
    }

    #[test]
    fn the_payments_and_the_balance_are_under_the_totals() {
        let mut paid = statement();
        paid.payments = vec![
            AccountPayment {
                id: 1,
                at: chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
                    .unwrap()
                    .and_hms_opt(10, 30, 0)
                    .unwrap(),
                staff_id: "A01".into(),
                amount_yuan: Decimal::from_str("200").unwrap(),
                channel: PayChannel::Bank,
                reason: "宏达服装厂 2026-11 月结款：工行转账 0931".into(),
            },
            AccountPayment {
                id: 2,
                at: chrono::NaiveDate::from_ymd_opt(2026, 12, 9)
                    .unwrap()
                    .and_hms_opt(16, 0, 0)
                    .unwrap(),
                staff_id: "B07".into(),
                amount_yuan: Decimal::from_str("50.5").unwrap(),
                channel: PayChannel::WeChat,
                reason: "宏达服装厂 2026-11 月结款".into(),
            },
        ];
        let cells = cells(&paid);
        let total = row_of(&cells, 0, TOTAL_LABEL);
        let title = row_of(&cells, 0, PAYMENTS_LABEL);
        assert!(title > total);
        assert_eq!(cells[title + 1][..6], PAYMENT_COLUMNS.map(String::from));
        assert_eq!(
            cells[title + 2][..6],
            [
                "1",
                "2026-12-05 10:30",
                "200",
                "银行",
                "A01 张丽",
                "工行转账 0931"
            ]
            .map(String::from)
        );
        assert_eq!(
            cells[title + 3][..6],
            ["2", "2026-12-09 16:00", "50.5", "微信", "B07", ""].map(String::from)
        );
        let due = row_of(&cells, 1, BALANCE_LABELS[0]);
        assert!(due > title + 3);
        assert_eq!(cells[due][2], "255.56");
        assert_eq!(
            cells[due + 1][1..3],
            [BALANCE_LABELS[1], "250.5"].map(String::from)
        );
        assert_eq!(
            cells[due + 2][1..3],
            [BALANCE_LABELS[2], "5.06"].map(String::from)
        );
    }

    #[test]
    fn without_payments_nothing_is_paid_and_the_total_is_owed() {
        let cells = cells(&statement());
        let title = row_of(&cells, 0, PAYMENTS_LABEL);
        assert_eq!(cells[title + 2][1], NO_PAYMENTS);
        let due = row_of(&cells, 1, BALANCE_LABELS[0]);
        assert_eq!(cells[due][2], "255.56");
        assert_eq!(cells[due + 1][2], "0");
        assert_eq!(cells[due + 2][2], "255.56");
    }
}

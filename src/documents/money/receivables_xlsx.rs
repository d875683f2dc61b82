//! The money owed and not yet paid (应收未收) as a spreadsheet for finance, aged on a day:
//! sheet 「按客户账龄」 with a line per debtor (name, phone, how many items, what they owe
//! 0–30, 31–60, 61–90 and more than 90 days, their total), the biggest debtor first, and
//! sheet 「应收明细」 with a line per open item (payment method, number, debtor, the day its
//! age counts from, days, bracket, the waybill's total, what is still open, the receipt of
//! a 回单付), oldest first. Each sheet ends in a line of totals that are the sums of its
//! lines. Money is written as numbers with two decimals; the header rows are bold, frozen
//! and filterable.

use crate::documents::workbook::{count, decimal, header_format, header_row};
use crate::domain::desk::waybill::PaymentMethod;
use crate::domain::money::statements::{AgingBracket, Receivable, aging_by_debtor};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, Workbook, XlsxError};

/// The sheet of debtors.
pub const DEBTOR_SHEET: &str = "按客户账龄";
/// The sheet of items.
pub const ITEM_SHEET: &str = "应收明细";
/// The columns of the debtors' sheet.
pub use crate::domain::money::statements::DEBTOR_COLUMNS;
/// The columns of the items' sheet.
pub const ITEM_COLUMNS: [&str; 11] = [
    "付款方式",
    "单号",
    "欠款方",
    "电话",
    "起算日期",
    "天数",
    "账龄",
    "运单合计",
    "未收金额",
    "回单",
    "说明",
];
/// The label of the totals line of both sheets.
pub const TOTAL_LABEL: &str = "合计";
/// The header row of both sheets (0-based): under the title.
pub const HEADER_ROW: u32 = 2;
/// 回单付 whose signed receipt is back: payable now.
pub const RECEIPT_BACK: &str = "回单已回";
/// 回单付 still waiting for its receipt.
pub const RECEIPT_WAITING: &str = "等回单";
/// What each payment method's debt is.
const KIND_NOTES: [(PaymentMethod, &str); 3] = [
    (PaymentMethod::Collect, "到站未提货付款"),
    (PaymentMethod::OnReceipt, "发货人回单付未付清"),
    (PaymentMethod::Monthly, "月结对账单未结"),
];

/// Why the spreadsheet could not be made. Messages are for the clerk, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum ReceivablesXlsxError {
    /// The spreadsheet writer refused something.
    #[error("生成 Excel 文件时出错：{0}")]
    Write(#[from] XlsxError),
}

struct Formats {
    header: Format,
    bold: Format,
    money: Format,
    money_bold: Format,
}

fn write_header(
    sheet: &mut rust_xlsxwriter::Worksheet,
    title: &str,
    columns: &[&str],
    widths: &[f64],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, title, &f.bold)?;
    for (col, width) in (0u16..).zip(widths) {
        sheet.set_column_width(col, *width)?;
    }
    header_row(sheet, HEADER_ROW, columns, &f.header)
}

/// The receivables, aged on `today`, as XLSX bytes (see the module's text for the sheets).
pub fn receivables_xlsx(
    receivables: &[Receivable],
    today: NaiveDate,
    company: &str,
) -> Result<Vec<u8>, ReceivablesXlsxError> {
    let f = Formats {
        header: header_format(),
        bold: Format::new().set_bold(),
        money: Format::new().set_num_format("0.00"),
        money_bold: Format::new().set_num_format("0.00").set_bold(),
    };
    let day = today.format("%Y-%m-%d").to_string();
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(format!("{company} 应收账龄 {day}")));

    let debtors = aging_by_debtor(receivables, today);
    let sheet = book.add_worksheet();
    sheet.set_name(DEBTOR_SHEET)?;
    write_header(
        sheet,
        &format!("{company} 应收账龄（按客户）  截至 {day}"),
        &DEBTOR_COLUMNS,
        &[26.0, 16.0, 7.0, 12.0, 12.0, 12.0, 12.0, 13.0],
        &f,
    )?;
    let mut row = HEADER_ROW + 1;
    let mut sums = [Decimal::ZERO; 4];
    for debtor in &debtors {
        sheet.write_string(row, 0, &debtor.name)?;
        sheet.write_string(row, 1, &debtor.phone)?;
        sheet.write_number(row, 2, count(debtor.items))?;
        for ((col, amount), sum) in (3u16..).zip(debtor.by_bracket).zip(&mut sums) {
            sheet.write_number_with_format(row, col, decimal(amount), &f.money)?;
            *sum += amount;
        }
        sheet.write_number_with_format(row, 7, decimal(debtor.total_yuan()), &f.money_bold)?;
        row += 1;
    }
    if !debtors.is_empty() {
        sheet.autofilter(HEADER_ROW, 0, row - 1, 7)?;
    }
    sheet.write_string_with_format(row, 0, TOTAL_LABEL, &f.bold)?;
    sheet.write_string_with_format(row, 1, format!("{} 户", debtors.len()), &f.bold)?;
    let items: usize = debtors.iter().map(|d| d.items).sum();
    sheet.write_number_with_format(row, 2, count(items), &f.bold)?;
    for (col, sum) in (3u16..).zip(sums) {
        sheet.write_number_with_format(row, col, decimal(sum), &f.money_bold)?;
    }
    let total: Decimal = sums.iter().sum();
    sheet.write_number_with_format(row, 7, decimal(total), &f.money_bold)?;

    let mut sorted: Vec<&Receivable> = receivables.iter().collect();
    sorted.sort_by(|a, b| (a.issued_at, &a.number).cmp(&(b.issued_at, &b.number)));
    let sheet = book.add_worksheet();
    sheet.set_name(ITEM_SHEET)?;
    write_header(
        sheet,
        &format!("{company} 应收明细  截至 {day}"),
        &ITEM_COLUMNS,
        &[
            9.0, 16.0, 26.0, 16.0, 11.0, 6.0, 10.0, 11.0, 11.0, 10.0, 20.0,
        ],
        &f,
    )?;
    let mut row = HEADER_ROW + 1;
    let (mut totals, mut open) = (Decimal::ZERO, Decimal::ZERO);
    for r in &sorted {
        let since = r.issued_at.date();
        let days = usize::try_from((today - since).num_days()).unwrap_or(0);
        sheet.write_string(row, 0, r.payment.label())?;
        sheet.write_string(row, 1, &r.number)?;
        sheet.write_string(row, 2, &r.debtor_name)?;
        sheet.write_string(row, 3, &r.debtor_phone)?;
        sheet.write_string(row, 4, since.format("%Y-%m-%d").to_string())?;
        sheet.write_number(row, 5, count(days))?;
        sheet.write_string(row, 6, AgingBracket::of(since, today).label())?;
        sheet.write_number_with_format(row, 7, decimal(r.total_yuan), &f.money)?;
        sheet.write_number_with_format(row, 8, decimal(r.open_yuan), &f.money_bold)?;
        let receipt = match (r.payment, r.receipt_back) {
            (PaymentMethod::OnReceipt, true) => RECEIPT_BACK,
            (PaymentMethod::OnReceipt, false) => RECEIPT_WAITING,
            _ => "",
        };
        sheet.write_string(row, 9, receipt)?;
        let note = KIND_NOTES
            .iter()
            .find(|(p, _)| *p == r.payment)
            .map_or("", |(_, n)| n);
        sheet.write_string(row, 10, note)?;
        totals += r.total_yuan;
        open += r.open_yuan;
        row += 1;
    }
    if !sorted.is_empty() {
        sheet.autofilter(HEADER_ROW, 0, row - 1, 10)?;
    }
    sheet.write_string_with_format(row, 0, TOTAL_LABEL, &f.bold)?;
    sheet.write_string_with_format(row, 1, format!("{} 票", sorted.len()), &f.bold)?;
    sheet.write_number_with_format(row, 7, decimal(totals), &f.money_bold)?;
    sheet.write_number_with_format(row, 8, decimal(open), &f.money_bold)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
    }

    fn owed(days: u64, payment: PaymentMethod, name: &str, phone: &str, open: &str) -> Receivable {
        Receivable {
            number: format!("GZ26{days:08}"),
            issued_at: (today() - chrono::Days::new(days))
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            payment,
            debtor_name: name.into(),
            debtor_phone: phone.into(),
            total_yuan: d(open) + d("10"),
            open_yuan: d(open),
            receipt_back: payment == PaymentMethod::OnReceipt,
        }
    }

    /// Every sheet's cells as text, row by row.
    fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
        let (names, cells) = crate::documents::test_support::xlsx_cells(bytes, name);
        assert_eq!(names, [DEBTOR_SHEET, ITEM_SHEET]);
        cells
    }

    #[test]
    fn debtors_and_items_are_listed_with_totals_that_sum_them() {
        let all = vec![
            owed(3, PaymentMethod::Collect, "李记商行", "13800004321", "300"),
            owed(100, PaymentMethod::Collect, "李记", "13800004321", "0.01"),
            owed(45, PaymentMethod::OnReceipt, "王五", "13700001111", "99.99"),
            owed(
                70,
                PaymentMethod::Monthly,
                "宏达服装厂",
                "13912345678",
                "20.5",
            ),
        ];
        let bytes = receivables_xlsx(&all, today(), "广州市每地达物流有限公司").unwrap();
        let h = usize::try_from(HEADER_ROW).unwrap();

        let debtors = sheet(&bytes, DEBTOR_SHEET);
        assert!(
            debtors[0][0].contains("截至 2026-12-31"),
            "{:?}",
            debtors[0]
        );
        assert_eq!(debtors[h][..8], DEBTOR_COLUMNS.map(String::from));
        assert_eq!(
            debtors[h + 1][..8],
            [
                "李记商行",
                "13800004321",
                "2",
                "300",
                "0",
                "0",
                "0.01",
                "300.01"
            ]
            .map(String::from)
        );
        assert_eq!(debtors[h + 2][0], "王五");
        assert_eq!(debtors[h + 2][4], "99.99");
        assert_eq!(debtors[h + 3][0], "宏达服装厂");
        assert_eq!(debtors[h + 3][5], "20.5");
        assert_eq!(
            debtors[h + 4][..8],
            ["合计", "3 户", "4", "300", "99.99", "20.5", "0.01", "420.5"].map(String::from)
        );
        assert_eq!(debtors.len(), h + 5);

        let items = sheet(&bytes, ITEM_SHEET);
        assert_eq!(items[h][..11], ITEM_COLUMNS.map(String::from));
        // Oldest first.
        let numbers: Vec<&str> = items[h + 1..h + 5].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(
            numbers,
            [
                "GZ2600000100",
                "GZ2600000070",
                "GZ2600000045",
                "GZ2600000003"
            ]
        );
        assert_eq!(
            items[h + 3][..10],
            [
                "回单付",
                "GZ2600000045",
                "王五",
                "13700001111",
                "2026-11-16",
                "45",
                "31–60天",
                "109.99",
                "99.99",
                RECEIPT_BACK,
            ]
            .map(String::from)
        );
        assert_eq!(items[h + 1][6], "90天以上");
        assert_eq!(items[h + 2][0], "月结");
        let last = &items[h + 5];
        assert_eq!(last[..2], ["合计", "4 票"].map(String::from));
        assert_eq!(last[7..9], ["460.5", "420.5"].map(String::from));
    }

    #[test]
    fn nothing_owed_still_writes_both_sheets_with_zero_totals() {
        let bytes = receivables_xlsx(&[], today(), "广州市每地达物流有限公司").unwrap();
        let h = usize::try_from(HEADER_ROW).unwrap();
        let debtors = sheet(&bytes, DEBTOR_SHEET);
        assert_eq!(debtors[h + 1][..3], ["合计", "0 户", "0"].map(String::from));
        assert_eq!(debtors[h + 1][7], "0");
        let items = sheet(&bytes, ITEM_SHEET);
        assert_eq!(items[h + 1][..2], ["合计", "0 票"].map(String::from));
    }
}

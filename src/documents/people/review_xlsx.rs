//! The monthly review as a spreadsheet for finance (工资汇总): sheet 「工资汇总」 has one
//! row per person with the points and the pay, sheet 「扣分明细」 one row per review item
//! with the evidence behind it. Money is written as numbers shown with two decimals and
//! the pay date as a date, so finance can sum and filter them; the header row is bold and
//! frozen. The costs charged to each person (应扣费用) close the summary row — the
//! charges, what this month's pay takes of them, what is left (未扣回) and the pay after
//! them (实发工资) — and sheet 「应扣费用」 lists each charge with its rule and evidence.

use crate::documents::workbook::{
    col_num, count, display_width, header_format, header_row, row_num,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use chrono::{Datelike, NaiveDate};

use crate::domain::people::review::MonthReview;

/// Name of the pay summary sheet.
pub const SUMMARY_SHEET: &str = "工资汇总";
/// Name of the items sheet.
pub const ITEMS_SHEET: &str = "扣分明细";
/// Name of the charges sheet.
pub const CHARGES_SHEET: &str = "应扣费用";
/// Columns of the charges sheet, in order.
pub const CHARGE_COLUMNS: [&str; 7] = ["工号", "姓名", "规则", "日期", "单号", "金额", "依据"];
/// Columns of the pay summary sheet, in order.
pub const SUMMARY_COLUMNS: [&str; 12] = [
    "工号",
    "姓名",
    "岗位",
    "得分",
    "月基本工资",
    "在职天数",
    "应发工资",
    "发放日期",
    "应扣费用",
    "本月扣回",
    "未扣回",
    "实发工资",
];
/// Columns of the items sheet, in order.
pub const ITEM_COLUMNS: [&str; 7] = ["工号", "姓名", "规则", "次数", "分数", "说明", "依据"];

/// Why the spreadsheet could not be made. Messages are for the clerk, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum ReviewXlsxError {
    /// The spreadsheet writer refused something (a cell or the file).
    #[error("生成 Excel 文件时出错：{0}")]
    Write(#[from] XlsxError),
    /// A date Excel cannot hold (before 1900 or after 9999).
    #[error("日期 {0} 无法写入 Excel")]
    Date(NaiveDate),
}

/// The formats of the workbook, made once.
struct Formats {
    header: Format,
    text: Format,
    integer: Format,
    money: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: header_format(),
            text: Format::new(),
            integer: Format::new().set_num_format("0"),
            money: Format::new().set_num_format("0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// Widths to fit the widest cell of each column, between a floor and a ceiling.
struct Widths(Vec<usize>);

impl Widths {
    fn new(headers: &[&str]) -> Self {
        Self(headers.iter().map(|h| display_width(h)).collect())
    }

    fn see(&mut self, col: usize, text: &str) {
        if let Some(width) = self.0.get_mut(col) {
            *width = (*width).max(display_width(text));
        }
    }

    fn apply(&self, sheet: &mut Worksheet, ceiling: usize) -> Result<(), XlsxError> {
        for (col, width) in self.0.iter().enumerate() {
            let width = (*width + 2).clamp(6, ceiling);
            #[allow(clippy::cast_precision_loss, reason = "a column width")]
            sheet.set_column_width(col_num(col), width as f64)?;
        }
        Ok(())
    }
}

/// Yuan as the number finance sums; the review's amounts are already rounded to fen.
fn yuan_number(amount: Decimal) -> f64 {
    amount.round_dp(2).to_f64().unwrap_or(0.0)
}

fn excel_date(day: NaiveDate) -> Result<ExcelDateTime, ReviewXlsxError> {
    let bad = || ReviewXlsxError::Date(day);
    let year = u16::try_from(day.year()).map_err(|_| bad())?;
    let month = u8::try_from(day.month()).map_err(|_| bad())?;
    let dom = u8::try_from(day.day()).map_err(|_| bad())?;
    ExcelDateTime::from_ymd(year, month, dom).map_err(|_| bad())
}

/// Writes the review as an XLSX workbook: 「工资汇总」 (one row per person, in 工号 order)
/// and 「扣分明细」 (one row per item, in the review's order).
pub fn review_xlsx(review: &MonthReview) -> Result<Vec<u8>, ReviewXlsxError> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 月度考核 工资汇总", review.month))
            .set_author("kaidan"),
    );

    let sheet = workbook.add_worksheet();
    sheet.set_name(SUMMARY_SHEET)?;
    header_row(sheet, 0, &SUMMARY_COLUMNS, &f.header)?;
    let mut widths = Widths::new(&SUMMARY_COLUMNS);
    for (i, p) in review.people.iter().enumerate() {
        let row = row_num(i + 1);
        let texts = [&p.staff_id, &p.name, p.role.label()];
        for (col, text) in texts.into_iter().enumerate() {
            sheet.write_string_with_format(row, col_num(col), text, &f.text)?;
            widths.see(col, text);
        }
        sheet.write_number_with_format(row, 3, count(p.points), &f.integer)?;
        sheet.write_number_with_format(row, 4, yuan_number(p.base_salary_yuan), &f.money)?;
        sheet.write_number_with_format(row, 5, f64::from(p.days_employed), &f.integer)?;
        sheet.write_number_with_format(row, 6, yuan_number(p.pay_yuan), &f.money)?;
        sheet.write_date_with_format(row, 7, excel_date(p.pay_date)?, &f.date)?;
        let charges = &p.charges;
        for (col, amount) in [
            (8, charges.total_yuan),
            (9, charges.deducted_yuan),
            (10, charges.carried_yuan),
            (11, p.net_pay_yuan()),
        ] {
            sheet.write_number_with_format(row, col, yuan_number(amount), &f.money)?;
            widths.see(usize::from(col), &format!("{amount:.2}"));
        }
        widths.see(4, &format!("{:.2}", p.base_salary_yuan));
        widths.see(6, &format!("{:.2}", p.pay_yuan));
        widths.see(7, "2026-12-31");
    }
    widths.apply(sheet, 30)?;
    if !review.people.is_empty() {
        sheet.autofilter(
            0,
            0,
            row_num(review.people.len()),
            col_num(SUMMARY_COLUMNS.len() - 1),
        )?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(ITEMS_SHEET)?;
    header_row(sheet, 0, &ITEM_COLUMNS, &f.header)?;
    let mut widths = Widths::new(&ITEM_COLUMNS);
    let mut row = 0;
    for p in &review.people {
        for item in &p.items {
            row += 1;
            let r = row_num(row);
            let evidence: Vec<&str> = item.evidence.iter().map(|e| e.text.as_str()).collect();
            // A customer's number in a note is written masked, as on a label.
            let evidence = crate::domain::desk::phone::mask_phones(&evidence.join("；"));
            let texts = [
                (0, p.staff_id.as_str()),
                (1, p.name.as_str()),
                (2, item.rule.code()),
                (5, item.detail.as_str()),
                (6, evidence.as_str()),
            ];
            for (col, text) in texts {
                sheet.write_string_with_format(r, col_num(col), text, &f.text)?;
                widths.see(col, text);
            }
            sheet.write_number_with_format(r, 3, f64::from(item.count), &f.integer)?;
            sheet.write_number_with_format(r, 4, count(item.points), &f.integer)?;
        }
    }
    widths.apply(sheet, 60)?;
    if row > 0 {
        sheet.autofilter(0, 0, row_num(row), col_num(ITEM_COLUMNS.len() - 1))?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name(CHARGES_SHEET)?;
    header_row(sheet, 0, &CHARGE_COLUMNS, &f.header)?;
    let mut widths = Widths::new(&CHARGE_COLUMNS);
    let mut row = 0;
    for p in &review.people {
        for charge in &p.charges.items {
            row += 1;
            let r = row_num(row);
            let detail = crate::domain::desk::phone::mask_phones(&charge.detail);
            let texts = [
                (0, p.staff_id.as_str()),
                (1, p.name.as_str()),
                (2, charge.rule),
                (4, charge.waybill.as_str()),
                (6, detail.as_str()),
            ];
            for (col, text) in texts {
                sheet.write_string_with_format(r, col_num(col), text, &f.text)?;
                widths.see(col, text);
            }
            sheet.write_date_with_format(r, 3, excel_date(charge.day)?, &f.date)?;
            sheet.write_number_with_format(r, 5, yuan_number(charge.amount_yuan), &f.money)?;
            widths.see(3, "2026-12-31");
        }
    }
    widths.apply(sheet, 60)?;
    if row > 0 {
        sheet.autofilter(0, 0, row_num(row), col_num(CHARGE_COLUMNS.len() - 1))?;
    }

    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Role;
    use crate::domain::people::points::Rule;
    use crate::domain::people::review::{Evidence, PersonReview, ReviewItem};
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;
    use std::str::FromStr;

    fn review() -> MonthReview {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        MonthReview {
            month: "2026-11".parse().unwrap(),
            people: vec![PersonReview {
                staff_id: "A01".into(),
                name: "张三".into(),
                role: Role::Clerk,
                points: 94,
                items: vec![
                    ReviewItem {
                        rule: Rule::A4,
                        points: -1,
                        count: 6,
                        detail: "迟到早退10分钟内 6次".into(),
                        needs_attention: false,
                        evidence: vec![Evidence {
                            day: day(2),
                            text: "11-02 早班 迟到 5 分钟".into(),
                            waybill_number: String::new(),
                            source: None,
                        }],
                    },
                    ReviewItem {
                        rule: Rule::P8,
                        points: -5,
                        count: 5,
                        detail: "未按报价表开单导致运费不够 5票".into(),
                        needs_attention: false,
                        evidence: Vec::new(),
                    },
                ],
                base_salary_yuan: Decimal::from_str("4000.5").unwrap(),
                days_employed: 30,
                pay_yuan: Decimal::from_str("3760.47").unwrap(),
                pay_date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                charges: crate::domain::people::review::charges::Charges {
                    items: vec![crate::domain::people::review::charges::Charge {
                        rule: "P8",
                        amount_yuan: Decimal::from(10),
                        waybill: "GZ2611200001".into(),
                        detail: "运单 GZ2611200001 运费 40.00 元，报价表 50.00 元，短收 10.00 元"
                            .into(),
                        day: day(20),
                        adjusted: None,
                    }],
                    total_yuan: Decimal::from(10),
                    deducted_yuan: Decimal::from(10),
                    carried_yuan: Decimal::ZERO,
                },
            }],
        }
    }

    #[test]
    fn both_sheets_with_numbers_as_numbers() {
        let bytes = review_xlsx(&review()).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            [SUMMARY_SHEET, ITEMS_SHEET, CHARGES_SHEET]
        );
        let summary = book.worksheet_range(SUMMARY_SHEET).unwrap();
        assert_eq!(summary.height(), 2);
        assert_eq!(summary.get((0, 6)), Some(&Data::String("应发工资".into())));
        assert_eq!(summary.get((1, 1)), Some(&Data::String("张三".into())));
        assert_eq!(summary.get((1, 3)), Some(&Data::Float(94.0)));
        assert_eq!(summary.get((1, 4)), Some(&Data::Float(4000.5)));
        assert_eq!(summary.get((1, 6)), Some(&Data::Float(3760.47)));
        assert_eq!(summary.get((0, 11)), Some(&Data::String("实发工资".into())));
        assert_eq!(summary.get((1, 8)), Some(&Data::Float(10.0)));
        assert_eq!(summary.get((1, 11)), Some(&Data::Float(3750.47)));
        let charges = book.worksheet_range(CHARGES_SHEET).unwrap();
        assert_eq!(
            charges.get((1, 4)),
            Some(&Data::String("GZ2611200001".into()))
        );
        assert_eq!(charges.get((1, 5)), Some(&Data::Float(10.0)));
        let items = book.worksheet_range(ITEMS_SHEET).unwrap();
        assert_eq!(items.height(), 3);
        assert_eq!(items.get((2, 2)), Some(&Data::String("P8".into())));
        assert_eq!(items.get((2, 4)), Some(&Data::Float(-5.0)));
        assert_eq!(
            items.get((1, 6)),
            Some(&Data::String("11-02 早班 迟到 5 分钟".into()))
        );
    }

    #[test]
    fn an_empty_month_has_the_headers_only() {
        let bytes = review_xlsx(&MonthReview {
            month: "2026-11".parse().unwrap(),
            people: Vec::new(),
        })
        .unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.worksheet_range(SUMMARY_SHEET).unwrap().height(), 1);
        assert_eq!(book.worksheet_range(ITEMS_SHEET).unwrap().height(), 1);
    }

    #[test]
    fn cjk_counts_double_in_widths() {
        assert_eq!(display_width("A01"), 3);
        assert_eq!(display_width("张三"), 4);
    }
}

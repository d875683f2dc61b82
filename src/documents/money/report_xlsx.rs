//! The business report (营业报表) as a spreadsheet: sheet 「汇总」 with the period's
//! totals and the voided waybills left out, then one sheet per dimension — 「按到站」,
//! 「按开单员」, 「按付款方式」 and, for a month, 「按日」 — each with a line per group and a
//! last line of the station's totals; 「回访满意度」 when calls were made. Counts, weights, volumes and money are numbers (money
//! with two decimals), so finance can sum and filter them; header rows are bold and frozen.

use crate::documents::workbook::{col_num, count, decimal, display_width, header_format, row_num};
use rust_xlsxwriter::{DocProperties, Format, RowNum, Workbook, Worksheet, XlsxError};

use crate::domain::money::reports::{BusinessReport, Figures, ReportRow};

/// Name of the totals sheet.
pub const SUMMARY_SHEET: &str = "汇总";
/// Name of the sheet by destination.
pub const DESTINATION_SHEET: &str = "按到站";
/// Name of the sheet by clerk.
pub const CLERK_SHEET: &str = "按开单员";
/// Name of the sheet by payment method.
pub const PAYMENT_SHEET: &str = "按付款方式";
/// Name of the sheet by day (a month's report only).
pub const DAY_SHEET: &str = "按日";
/// Name of the 回访 satisfaction sheet (only when there were calls).
pub const SATISFACTION_SHEET: &str = "回访满意度";
/// The figure columns of every dimension sheet, after its own key columns.
pub const FIGURE_COLUMNS: [&str; 7] = [
    "票数",
    "件数",
    "重量kg",
    "体积m3",
    "营业额",
    "票均",
    "占比%",
];
/// The label of the last line of a dimension sheet.
pub const TOTAL_LABEL: &str = "合计（全站）";
/// What the totals sheet says about voided waybills.
pub const VOIDED_NOTE: &str = "作废运单不计入任何数字";
/// What the totals sheet says about revenue.
pub const REVENUE_NOTE: &str = "营业额为运单合计（运费+保价费+送货费）之和";
/// What the totals sheet says when the clerk sheet holds only the reader's own line.
pub const OWN_LINE_NOTE: &str = "按开单员一表只含本人；其余为全站数字";

/// Why the spreadsheet could not be made. Messages are for the clerk, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum ReportXlsxError {
    /// The spreadsheet writer refused something.
    #[error("生成 Excel 文件时出错：{0}")]
    Write(#[from] XlsxError),
}

struct Formats {
    header: Format,
    bold: Format,
    integer: Format,
    weight: Format,
    volume: Format,
    money: Format,
    percent: Format,
    score: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: header_format(),
            bold: Format::new().set_bold(),
            score: Format::new().set_num_format("0.0"),
            integer: Format::new().set_num_format("0"),
            weight: Format::new().set_num_format("0.0##"),
            volume: Format::new().set_num_format("0.000"),
            money: Format::new().set_num_format("0.00"),
            percent: Format::new().set_num_format("0.0"),
        }
    }
}

fn set_widths(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (col, width) in widths.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a column width")]
        sheet.set_column_width(col_num(col), (*width + 2).clamp(8, 40) as f64)?;
    }
    Ok(())
}

/// Writes the figures from column `first`, the share of `total` last.
fn write_figures(
    sheet: &mut Worksheet,
    row: RowNum,
    first: usize,
    figures: &Figures,
    total: &Figures,
    f: &Formats,
) -> Result<(), XlsxError> {
    let col = |k: usize| col_num(first + k);
    sheet.write_number_with_format(row, col(0), count(figures.waybills), &f.integer)?;
    sheet.write_number_with_format(row, col(1), count(figures.pieces), &f.integer)?;
    sheet.write_number_with_format(row, col(2), decimal(figures.weight_kg), &f.weight)?;
    sheet.write_number_with_format(row, col(3), decimal(figures.volume_m3), &f.volume)?;
    sheet.write_number_with_format(row, col(4), decimal(figures.revenue_yuan), &f.money)?;
    sheet.write_number_with_format(row, col(5), decimal(figures.average_yuan()), &f.money)?;
    sheet.write_number_with_format(
        row,
        col(6),
        decimal(figures.share_percent(total)),
        &f.percent,
    )?;
    Ok(())
}

/// One dimension sheet: the key columns, the figures, a line per group and the totals.
fn dimension_sheet(
    workbook: &mut Workbook,
    name: &str,
    keys: &[&str],
    lines: &[(Vec<String>, Figures)],
    total: &Figures,
    f: &Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    let headers: Vec<&str> = keys.iter().chain(FIGURE_COLUMNS.iter()).copied().collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for (col, title) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(col), *title, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, (texts, figures)) in lines.iter().enumerate() {
        let row = row_num(i + 1);
        for (col, text) in texts.iter().enumerate() {
            sheet.write_string(row, col_num(col), text)?;
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(display_width(text));
            }
        }
        write_figures(sheet, row, keys.len(), figures, total, f)?;
    }
    let last = row_num(lines.len() + 1);
    sheet.write_string_with_format(last, 0, TOTAL_LABEL, &f.bold)?;
    if let Some(w) = widths.first_mut() {
        *w = (*w).max(display_width(TOTAL_LABEL));
    }
    write_figures(sheet, last, keys.len(), total, total, f)?;
    set_widths(sheet, &widths)?;
    if !lines.is_empty() {
        sheet.autofilter(0, 0, row_num(lines.len()), col_num(headers.len() - 1))?;
    }
    Ok(())
}

/// The 回访 sheet (issue 18): the station's line, then one per clerk who released the
/// goods; averages blank where nobody answered a survey.
fn satisfaction_sheet(
    workbook: &mut Workbook,
    report: &BusinessReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(SATISFACTION_SHEET)?;
    let headers = [
        "工号",
        "放货人",
        "回访次数",
        "时效",
        "货物完好",
        "服务态度",
        "低分次数",
        "拒绝回访",
        "未接通",
    ];
    for (col, title) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col_num(col), *title, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let station = (
        String::new(),
        TOTAL_LABEL.to_owned(),
        report.satisfaction.clone(),
    );
    for (i, (id, name, s)) in std::iter::once(&station)
        .chain(&report.satisfaction_by_clerk)
        .enumerate()
    {
        let row = row_num(i + 1);
        sheet.write_string(row, 0, id)?;
        sheet.write_string(row, 1, name)?;
        sheet.write_number_with_format(row, 2, f64::from(s.surveyed), &f.integer)?;
        if let Some(averages) = s.averages() {
            for (k, a) in averages.iter().enumerate() {
                sheet.write_number_with_format(row, col_num(3 + k), decimal(*a), &f.score)?;
            }
        }
        for (k, n) in [s.low, s.declined, s.no_answer].iter().enumerate() {
            sheet.write_number_with_format(row, col_num(6 + k), f64::from(*n), &f.integer)?;
        }
    }
    sheet.set_column_width(1, 14)?;
    Ok(())
}

fn rows_of(rows: &[ReportRow], with_key: bool) -> Vec<(Vec<String>, Figures)> {
    rows.iter()
        .map(|r| {
            let texts = if with_key {
                vec![r.key.clone(), r.label.clone()]
            } else {
                vec![r.label.clone()]
            };
            (texts, r.figures)
        })
        .collect()
}

/// Writes the report as an XLSX workbook (see the module's text for the sheets).
pub fn report_xlsx(report: &BusinessReport, station: &str) -> Result<Vec<u8>, ReportXlsxError> {
    let f = Formats::new();
    let kind = if report.period.is_month() {
        "月报"
    } else {
        "日报"
    };
    let title = format!("{station} 营业{kind} {}", report.period.label());
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(&title).set_author("kaidan"));

    let sheet = workbook.add_worksheet();
    sheet.set_name(SUMMARY_SHEET)?;
    sheet.write_string_with_format(0, 0, &title, &f.bold)?;
    let t = &report.total;
    let cod = &report.cod;
    let figures: [(&str, f64, &Format); 10] = [
        ("票数", count(t.waybills), &f.integer),
        ("件数", count(t.pieces), &f.integer),
        ("重量kg", decimal(t.weight_kg), &f.weight),
        ("体积m3", decimal(t.volume_m3), &f.volume),
        ("营业额", decimal(t.revenue_yuan), &f.money),
        ("票均", decimal(t.average_yuan()), &f.money),
        ("作废运单（未计入）", count(report.voided), &f.integer),
        // The shippers' money, not revenue (issue 17).
        ("代收货款 代收", decimal(cod.collected_yuan), &f.money),
        ("代收货款 已返", decimal(cod.paid_back_yuan), &f.money),
        ("代收货款 期末待返", decimal(cod.outstanding_yuan), &f.money),
    ];
    sheet.write_string_with_format(1, 0, "期间", &f.header)?;
    sheet.write_string(1, 1, report.period.label())?;
    for (i, (label, value, format)) in figures.iter().enumerate() {
        let row = row_num(i + 2);
        sheet.write_string_with_format(row, 0, *label, &f.header)?;
        sheet.write_number_with_format(row, 1, *value, format)?;
    }
    let mut notes = vec![REVENUE_NOTE, VOIDED_NOTE];
    if report.own_line_only {
        notes.push(OWN_LINE_NOTE);
    }
    for (i, note) in notes.iter().enumerate() {
        sheet.write_string(row_num(figures.len() + 3 + i), 0, *note)?;
    }
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(1, 16)?;

    dimension_sheet(
        &mut workbook,
        DESTINATION_SHEET,
        &["到站代码", "到站"],
        &rows_of(&report.by_destination, true),
        t,
        &f,
    )?;
    dimension_sheet(
        &mut workbook,
        CLERK_SHEET,
        &["工号", "开单员"],
        &rows_of(&report.by_clerk, true),
        t,
        &f,
    )?;
    dimension_sheet(
        &mut workbook,
        PAYMENT_SHEET,
        &["付款方式"],
        &rows_of(&report.by_payment, false),
        t,
        &f,
    )?;
    if report.period.is_month() {
        let days: Vec<(Vec<String>, Figures)> = report
            .by_day
            .iter()
            .map(|(day, figures)| (vec![day.format("%Y-%m-%d").to_string()], *figures))
            .collect();
        dimension_sheet(&mut workbook, DAY_SHEET, &["日期"], &days, t, &f)?;
    }
    if !report.satisfaction.is_empty() {
        satisfaction_sheet(&mut workbook, report, &f)?;
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::desk::waybill::PaymentMethod;
    use crate::domain::money::reports::{ReportLine, ReportPeriod, summarize};
    use crate::domain::people::Month;
    use calamine::{Data, Reader, Xlsx};
    use chrono::NaiveDateTime;
    use rust_decimal::Decimal;
    use std::io::Cursor;
    use std::str::FromStr;

    fn report() -> BusinessReport {
        let at = |t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap();
        let d = |t| Decimal::from_str(t).unwrap();
        let line = ReportLine {
            issued_at: at("2026-11-02 09:00:00"),
            clerk_id: "A01",
            dest_code: "430321",
            dest_name: "湘潭市 湘潭县",
            payment: PaymentMethod::PayNow,
            voided: false,
            pieces: 3,
            weight_kg: d("100.5"),
            volume_m3: d("0.125"),
            total_yuan: d("120.10"),
        };
        let mut other = line;
        other.clerk_id = "A02";
        other.dest_code = "110105";
        other.dest_name = "北京市 朝阳区";
        other.payment = PaymentMethod::Collect;
        other.issued_at = at("2026-11-30 23:59:59");
        other.total_yuan = d("79.90");
        let mut voided = line;
        voided.voided = true;
        summarize(
            ReportPeriod::Month(Month::new(2026, 11).unwrap()),
            [line, other, voided],
            |id| (id == "A01").then(|| "张丽".to_owned()),
        )
    }

    #[test]
    fn every_dimension_has_its_sheet_and_reads_back_as_numbers() {
        let bytes = report_xlsx(&report(), "广州白云站").unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            [
                SUMMARY_SHEET,
                DESTINATION_SHEET,
                CLERK_SHEET,
                PAYMENT_SHEET,
                DAY_SHEET
            ]
        );
        let summary = book.worksheet_range(SUMMARY_SHEET).unwrap();
        assert_eq!(
            summary.get((0, 0)),
            Some(&Data::String("广州白云站 营业月报 2026-11".into()))
        );
        assert_eq!(summary.get((2, 1)), Some(&Data::Float(2.0)), "票数");
        assert_eq!(summary.get((6, 1)), Some(&Data::Float(200.0)), "营业额");
        assert_eq!(summary.get((8, 1)), Some(&Data::Float(1.0)), "作废");
        assert_eq!(
            summary.get((9, 0)),
            Some(&Data::String("代收货款 代收".into())),
            "the shippers' money, apart from the revenue"
        );
        assert_eq!(
            summary.get((14, 0)),
            Some(&Data::String(VOIDED_NOTE.into()))
        );

        let dests = book.worksheet_range(DESTINATION_SHEET).unwrap();
        assert_eq!(dests.height(), 4, "header, two destinations, totals");
        assert_eq!(dests.get((0, 6)), Some(&Data::String("营业额".into())));
        assert_eq!(
            dests.get((1, 1)),
            Some(&Data::String("湘潭市 湘潭县".into()))
        );
        assert_eq!(dests.get((1, 6)), Some(&Data::Float(120.1)));
        assert_eq!(dests.get((1, 4)), Some(&Data::Float(100.5)));
        assert_eq!(dests.get((1, 5)), Some(&Data::Float(0.125)));
        assert_eq!(dests.get((1, 8)), Some(&Data::Float(60.1)), "占比");
        assert_eq!(dests.get((3, 0)), Some(&Data::String(TOTAL_LABEL.into())));
        assert_eq!(dests.get((3, 2)), Some(&Data::Float(2.0)));

        let clerks = book.worksheet_range(CLERK_SHEET).unwrap();
        assert_eq!(clerks.get((1, 1)), Some(&Data::String("张丽".into())));
        assert_eq!(clerks.get((2, 1)), Some(&Data::String("A02".into())));
        let payments = book.worksheet_range(PAYMENT_SHEET).unwrap();
        assert_eq!(payments.height(), 7, "header, five methods, totals");
        assert_eq!(payments.get((2, 0)), Some(&Data::String("提付".into())));
        assert_eq!(payments.get((2, 5)), Some(&Data::Float(79.9)));
        let days = book.worksheet_range(DAY_SHEET).unwrap();
        assert_eq!(days.height(), 32, "header, 30 days, totals");
        assert_eq!(days.get((30, 0)), Some(&Data::String("2026-11-30".into())));
        assert_eq!(days.get((30, 1)), Some(&Data::Float(1.0)));
    }

    #[test]
    fn a_day_has_no_day_sheet_and_a_clerks_own_view_says_so() {
        let day = ReportPeriod::Day(chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
        let own = summarize(day, [], |_| None).for_clerk("A01");
        let bytes = report_xlsx(&own, "站").unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names().len(), 4);
        let summary = book.worksheet_range(SUMMARY_SHEET).unwrap();
        assert_eq!(summary.get((2, 1)), Some(&Data::Float(0.0)));
        assert_eq!(
            summary.get((15, 0)),
            Some(&Data::String(OWN_LINE_NOTE.into()))
        );
        let clerks = book.worksheet_range(CLERK_SHEET).unwrap();
        assert_eq!(clerks.height(), 2, "header and the totals");
    }
}

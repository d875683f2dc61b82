//! The month's complaint statistics as a spreadsheet (issue 18 item 4): sheet 「汇总」 with
//! the figures, 「按原因」 and 「按渠道」 with counts and shares, 「明细」 with every
//! complaint and its hours to the first response and to resolution — numbers, so the
//! office can sum and filter them.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Workbook, XlsxError};

use crate::domain::service::complaints::{ComplaintStats, Share};

fn col(c: usize) -> ColNum {
    ColNum::try_from(c).unwrap_or(ColNum::MAX)
}

fn row(r: usize) -> RowNum {
    RowNum::try_from(r).unwrap_or(RowNum::MAX)
}

fn number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

fn header() -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(0x00D9_D9D9)
        .set_border(FormatBorder::Thin)
}

fn share_sheet(
    workbook: &mut Workbook,
    name: &str,
    key: &str,
    shares: &[Share],
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    for (c, title) in [key, "件数", "占比%"].iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *title, &header())?;
    }
    for (i, s) in shares.iter().enumerate() {
        sheet.write_string(row(i + 1), 0, s.label)?;
        sheet.write_number(row(i + 1), 1, f64::from(s.count))?;
        sheet.write_number(row(i + 1), 2, number(s.percent))?;
    }
    sheet.set_column_width(0, 14)?;
    Ok(())
}

/// Writes the month's complaints as an XLSX workbook.
///
/// # Errors
/// The spreadsheet writer refused something.
pub fn complaint_stats_xlsx(stats: &ComplaintStats, station: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("汇总")?;
    sheet.write_string_with_format(
        0,
        0,
        format!("{station} 投诉统计月报 {}", stats.month),
        &bold,
    )?;
    let opt = |v: Option<Decimal>| v.map(number);
    let figures: [(&str, Option<f64>); 8] = [
        ("投诉（件）", Some(f64::from(stats.count()))),
        (
            "本月运单（票）",
            u32::try_from(stats.waybills).ok().map(f64::from),
        ),
        ("每千票投诉", opt(stats.per_thousand())),
        ("已解决（件）", Some(f64::from(stats.resolved()))),
        ("解决率%", opt(stats.resolution_rate())),
        ("平均首次响应（小时）", opt(stats.first_response_hours())),
        ("平均解决用时（小时）", opt(stats.resolution_hours())),
        ("转交过的（件）", Some(f64::from(stats.transferred()))),
    ];
    for (i, (label, value)) in figures.iter().enumerate() {
        sheet.write_string_with_format(row(i + 2), 0, *label, &header())?;
        match value {
            Some(v) => sheet.write_number(row(i + 2), 1, *v)?,
            None => sheet.write_string(row(i + 2), 1, "—")?,
        };
    }
    sheet.set_column_width(0, 24)?;
    share_sheet(&mut workbook, "按原因", "投诉原因", &stats.by_cause())?;
    share_sheet(&mut workbook, "按渠道", "渠道", &stats.by_channel())?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("明细")?;
    let heads = [
        "编号",
        "受理时间",
        "渠道",
        "原因",
        "客户",
        "运单",
        "内容",
        "处理人",
        "首次响应（小时）",
        "解决用时（小时）",
        "转交次数",
    ];
    for (c, title) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *title, &header())?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let hours = |from: chrono::NaiveDateTime, to: chrono::NaiveDateTime| {
        number(Decimal::from((to - from).num_minutes()) / Decimal::from(60))
    };
    for (i, l) in stats.lines.iter().enumerate() {
        let r = row(i + 1);
        sheet.write_number(r, 0, f64::from(u32::try_from(l.id).unwrap_or(u32::MAX)))?;
        sheet.write_string(r, 1, l.received_at.format("%Y-%m-%d %H:%M").to_string())?;
        sheet.write_string(r, 2, l.channel.label())?;
        sheet.write_string(r, 3, l.cause.map_or("未分类", |c| c.label()))?;
        sheet.write_string(r, 4, &l.caller)?;
        sheet.write_string(r, 5, &l.waybill_number)?;
        sheet.write_string(r, 6, &l.question)?;
        sheet.write_string(r, 7, &l.handler_id)?;
        if let Some(at) = l.first_response_at {
            sheet.write_number(r, 8, hours(l.received_at, at))?;
        }
        if let Some(at) = l.answered_at {
            sheet.write_number(r, 9, hours(l.received_at, at))?;
        }
        sheet.write_number(r, 10, f64::from(l.transfers))?;
    }
    for (c, w) in [8, 17, 6, 10, 20, 16, 30, 8, 10, 10, 8].iter().enumerate() {
        sheet.set_column_width(col(c), *w)?;
    }
    workbook.save_to_buffer()
}

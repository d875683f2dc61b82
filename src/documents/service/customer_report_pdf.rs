//! The customer's monthly statistics report (客户月度统计表, issue 18 item 5): A4 portrait,
//! the company and station, the customer and the month; the month in figures (waybills,
//! pieces, weight, volume, freight, what was the shipper's to pay, paid and still owed,
//! exceptions, complaints and other contacts, 代收货款); then every waybill of the month with
//! its destination, consignee, measures, payment method, total and exceptions, running over
//! as many pages as it needs. Every page says which of how many it is.

use crate::documents::list_table::{Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, Sheet};
use crate::documents::pdf::{Align, PdfError, Style};
use crate::domain::money::format_yuan;
use crate::domain::service::customer_report::CustomerMonth;
use chrono::NaiveDateTime;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "客 户 月 度 统 计 表";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "客户月度统计表";
    /// The figures' heads.
    pub const FIGURES: [&str; 2] = ["项目", "本月"];
    /// The waybills' heads.
    pub const LINES: [&str; 9] = [
        "序号",
        "开单日期",
        "运单号",
        "到站",
        "收货方",
        "件数",
        "重量kg",
        "付款方式",
        "合计",
    ];
    /// Over the waybills.
    pub const LINES_TITLE: &str = "本月运单";
    /// No contacts line needed … no waybills cannot happen (the report is of shippers).
    pub const NONE: &str = "本月没有运单。";
}

const FIGURE_COLUMNS: [Column; 2] = [
    Column::new(text::FIGURES[0], 60.0, Align::Left),
    Column::new(text::FIGURES[1], 60.0, Align::Right),
];

const LINE_COLUMNS: [Column; 9] = [
    Column::new(text::LINES[0], 10.0, Align::Center),
    Column::new(text::LINES[1], 20.0, Align::Center),
    Column::new(text::LINES[2], 30.0, Align::Left),
    Column::new(text::LINES[3], 28.0, Align::Left),
    Column::new(text::LINES[4], 40.0, Align::Left),
    Column::new(text::LINES[5], 12.0, Align::Right),
    Column::new(text::LINES[6], 16.0, Align::Right),
    Column::new(text::LINES[7], 14.0, Align::Center),
    Column::new(text::LINES[8], 16.0, Align::Right),
];

/// The customer's month as a PDF.
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn customer_report_pdf(
    company: &str,
    station: &str,
    month: &CustomerMonth,
    printed_at: NaiveDateTime,
) -> Result<Vec<u8>, PdfError> {
    let half = Paper::A4_PORTRAIT.content_w() / 2.0;
    let head = Head::new(
        company,
        text::TITLE,
        vec![
            vec![
                Field::new("客户", month.name.as_str(), half),
                Field::new("月份", month.month.to_string(), 0.0),
            ],
            vec![
                Field::new("电话", month.phones.join("、"), half),
                Field::new("站点", station, 0.0),
            ],
        ],
    );
    let footer = format!(
        "{} {} {} {} 打印于 {}",
        text::NAME,
        station,
        month.name,
        month.month,
        printed_at.format("%Y-%m-%d %H:%M")
    );
    let mut pages = Sheet::new(Paper::A4_PORTRAIT, head, footer)?;
    let yuan = |v| format!("¥{}", format_yuan(v));
    let figures: Vec<(&str, String)> = vec![
        ("运单（票）", month.lines.len().to_string()),
        ("件数", month.pieces().to_string()),
        ("重量（kg）", month.weight_kg().normalize().to_string()),
        ("体积（m³）", month.volume_m3().normalize().to_string()),
        ("运费合计", yuan(month.total_yuan())),
        ("其中发货方应付（现付/月结/回单付）", yuan(month.due_yuan())),
        ("已付", yuan(month.paid_yuan())),
        ("未付", yuan(month.owed_yuan())),
        (
            "异常（破损、丢失、延误、拒收等）",
            month.exceptions().to_string(),
        ),
        ("投诉", month.complaints.to_string()),
        ("其他咨询/查件", month.contacts.to_string()),
        ("代收货款 代收", yuan(month.cod.collected_yuan)),
        ("代收货款 已返", yuan(month.cod.paid_back_yuan)),
        ("代收货款 月末待返", yuan(month.cod.outstanding_yuan)),
        ("回访满意度", month.satisfaction.summary()),
    ];
    let mut table = Table::new(&FIGURE_COLUMNS);
    table.body_pt = 9.5;
    table.rows = figures
        .into_iter()
        .map(|(label, value)| Row::new(vec![label.into(), value.into()]))
        .collect();
    pages.table(&table)?;
    pages.advance(4.0);
    let mut lines = Table::new(&LINE_COLUMNS);
    lines.caption = Some(text::LINES_TITLE);
    lines.body_pt = 8.5;
    lines.empty = Some(text::NONE);
    lines.rows = month
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut total = format_yuan(l.total_yuan);
            if l.exceptions > 0 {
                total = format!("{total}（异常{}）", l.exceptions);
            }
            Row::new(vec![
                (i + 1).to_string().into(),
                l.issued_at.format("%m-%d").to_string().into(),
                l.number.as_str().into(),
                l.dest_name.as_str().into(),
                l.consignee_name.as_str().into(),
                l.pieces.to_string().into(),
                l.weight_kg.normalize().to_string().into(),
                l.payment.label().into(),
                total.into(),
            ])
        })
        .collect();
    pages.table(&lines)?;
    pages.advance(2.0);
    pages.line(
        Style::regular(8.0),
        "金额单位：元。未付只计发货方应付的运单及其月结回款。",
        5.0,
        0.0,
    )?;
    pages.finish(&format!("{} {} {}", text::NAME, month.name, month.month))
}

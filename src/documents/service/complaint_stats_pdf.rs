//! The month's complaint statistics (投诉统计月报, issue 18 item 4): A4 portrait — the
//! company, station and month; the figures (complaints, waybills, complaints per 1,000
//! waybills, resolved and the resolution rate, average hours to the first response and
//! to resolution, transferred); the count and share by cause and by channel; then every
//! complaint with its times, running over as many pages as it needs.

use crate::documents::list_table::{Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, Sheet};
use crate::documents::pdf::{Align, PdfError, Style};
use crate::domain::service::complaints::{ComplaintStats, Share, hours_text};
use chrono::NaiveDateTime;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "投 诉 统 计 月 报";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "投诉统计月报";
    /// Over the figures.
    pub const FIGURES: [&str; 2] = ["项目", "本月"];
    /// The share tables' heads.
    pub const BY_CAUSE: [&str; 3] = ["投诉原因", "件数", "占比"];
    /// The channel table's heads.
    pub const BY_CHANNEL: [&str; 3] = ["渠道", "件数", "占比"];
    /// The complaints' heads.
    pub const LINES: [&str; 8] = [
        "编号",
        "受理时间",
        "渠道",
        "原因",
        "客户",
        "首次响应",
        "解决",
        "转交",
    ];
    /// Over the complaints.
    pub const LINES_TITLE: &str = "本月投诉明细";
    /// No complaints.
    pub const NONE: &str = "本月没有投诉。";
    /// Under it all.
    pub const NOTE: &str =
        "首次响应：第一次回复客户或答复的时间；解决：登记处理结果的时间；时间从受理起算。";
}

const FIGURE_COLUMNS: [Column; 2] = [
    Column::new(text::FIGURES[0], 70.0, Align::Left),
    Column::new(text::FIGURES[1], 50.0, Align::Right),
];

const CAUSE_COLUMNS: [Column; 3] = [
    Column::new(text::BY_CAUSE[0], 50.0, Align::Left),
    Column::new(text::BY_CAUSE[1], 25.0, Align::Right),
    Column::new(text::BY_CAUSE[2], 25.0, Align::Right),
];

const CHANNEL_COLUMNS: [Column; 3] = [
    Column::new(text::BY_CHANNEL[0], 50.0, Align::Left),
    Column::new(text::BY_CHANNEL[1], 25.0, Align::Right),
    Column::new(text::BY_CHANNEL[2], 25.0, Align::Right),
];

const LINE_COLUMNS: [Column; 8] = [
    Column::new(text::LINES[0], 12.0, Align::Center),
    Column::new(text::LINES[1], 24.0, Align::Center),
    Column::new(text::LINES[2], 12.0, Align::Center),
    Column::new(text::LINES[3], 20.0, Align::Left),
    Column::new(text::LINES[4], 44.0, Align::Left).wrapping(),
    Column::new(text::LINES[5], 24.0, Align::Center),
    Column::new(text::LINES[6], 24.0, Align::Center),
    Column::new(text::LINES[7], 12.0, Align::Right),
];

fn share_rows(shares: &[Share]) -> Vec<Row> {
    shares
        .iter()
        .map(|s| {
            Row::new(vec![
                s.label.into(),
                s.count.to_string().into(),
                format!("{}%", s.percent).into(),
            ])
        })
        .collect()
}

/// The month's complaints as a PDF.
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn complaint_stats_pdf(
    company: &str,
    station: &str,
    stats: &ComplaintStats,
    printed_at: NaiveDateTime,
) -> Result<Vec<u8>, PdfError> {
    let half = Paper::A4_PORTRAIT.content_w() / 2.0;
    let head = Head::new(
        company,
        text::TITLE,
        vec![vec![
            Field::new("月份", stats.month.to_string(), half),
            Field::new("站点", station, 0.0),
        ]],
    );
    let footer = format!(
        "{} {} {} 打印于 {}",
        text::NAME,
        station,
        stats.month,
        printed_at.format("%Y-%m-%d %H:%M")
    );
    let mut pages = Sheet::new(Paper::A4_PORTRAIT, head, footer)?;
    let rate = |v: Option<rust_decimal::Decimal>, unit: &str| {
        v.map_or_else(|| "—".to_owned(), |v| format!("{v}{unit}"))
    };
    let figures: Vec<(&str, String)> = vec![
        ("投诉（件）", stats.count().to_string()),
        ("本月运单（票）", stats.waybills.to_string()),
        ("每千票投诉", rate(stats.per_thousand(), "")),
        ("已解决（件）", stats.resolved().to_string()),
        ("解决率", rate(stats.resolution_rate(), "%")),
        ("平均首次响应", hours_text(stats.first_response_hours())),
        ("平均解决用时", hours_text(stats.resolution_hours())),
        ("转交过的（件）", stats.transferred().to_string()),
    ];
    let mut table = Table::new(&FIGURE_COLUMNS);
    table.body_pt = 9.5;
    table.rows = figures
        .into_iter()
        .map(|(label, value)| Row::new(vec![label.into(), value.into()]))
        .collect();
    pages.table(&table)?;
    pages.advance(4.0);
    let mut causes = Table::new(&CAUSE_COLUMNS);
    causes.body_pt = 9.5;
    causes.rows = share_rows(&stats.by_cause());
    pages.table(&causes)?;
    pages.advance(4.0);
    let mut channels = Table::new(&CHANNEL_COLUMNS);
    channels.body_pt = 9.5;
    channels.rows = share_rows(&stats.by_channel());
    pages.table(&channels)?;
    pages.advance(4.0);
    let mut lines = Table::new(&LINE_COLUMNS);
    lines.caption = Some(text::LINES_TITLE);
    lines.body_pt = 8.5;
    lines.empty = Some(text::NONE);
    let when = |t: Option<NaiveDateTime>| {
        t.map_or_else(|| "未".to_owned(), |t| t.format("%m-%d %H:%M").to_string())
    };
    lines.rows = stats
        .lines
        .iter()
        .map(|l| {
            Row::new(vec![
                format!("#{}", l.id).into(),
                l.received_at.format("%m-%d %H:%M").to_string().into(),
                l.channel.label().into(),
                l.cause.map_or("未分类", |c| c.label()).into(),
                format!("{} {}", l.caller, l.question).into(),
                when(l.first_response_at).into(),
                when(l.answered_at).into(),
                l.transfers.to_string().into(),
            ])
        })
        .collect();
    pages.table(&lines)?;
    pages.advance(2.0);
    pages.line(Style::regular(8.0), text::NOTE, 5.0, 0.0)?;
    pages.finish(&format!("{} {}", text::NAME, stats.month))
}

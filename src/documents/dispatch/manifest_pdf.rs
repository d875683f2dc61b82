//! The dispatch manifest (发车清单) as printed for the truck: A4 landscape, the company
//! and the manifest's header (code, origin, plate, driver and phone, route, departure,
//! who made it), then a ruled table of every waybill on the truck — number, destination,
//! consignee, goods, pieces loaded of pieces, the 单票未装完 mark in red when pieces stay
//! behind, weight, volume, 提付 to collect and the 等通知放货 mark — with the totals under
//! it and the lines where the clerk (开单员) and the driver (司机) sign. A long manifest
//! runs over as many pages as it needs, the table header repeated on each; the totals and
//! signatures come on the last, and every page says which of how many it is.

use crate::documents::list_table::{Cell, Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, SIGN_H, Sheet, SignLine};
use crate::documents::pdf::{Align, Ink, PdfError, Style};
use crate::domain::dispatch::{ManifestLine, ManifestTotals};
use crate::domain::money::format_yuan;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "发 车 清 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "发车清单";
    /// The mark of a controlled-release waybill.
    pub const CONTROLLED: &str = "控货";
    /// The note over the signatures.
    pub const NOTE: &str = "重量、体积为整票数；单票未装完的运单，余下件数留库随后车发出。合计重量、体积按实装件数折算。";
}

/// The table's columns (their widths add up to the content width of A4 landscape).
const COLUMNS: [Column; 11] = [
    Column::new("序号", 10.0, Align::Center),
    Column::new("运单号", 30.0, Align::Left),
    Column::new("到站", 33.0, Align::Left),
    Column::new("收货方", 52.0, Align::Left),
    Column::new("品名", 27.0, Align::Left),
    Column::new("件数（装/总）", 22.0, Align::Center),
    Column::new("单票未装完", 27.0, Align::Center),
    Column::new("重量(kg)", 19.0, Align::Right),
    Column::new("体积(m³)", 18.0, Align::Right),
    Column::new("提付(元)", 22.0, Align::Right),
    Column::new("等通知", 13.0, Align::Center),
];

/// Where the signatures go, from the left margin.
const SIGN_LINES: [SignLine; 3] = [
    SignLine {
        label: "开单员（签字）：",
        x: 0.0,
        end: 80.0,
    },
    SignLine {
        label: "司机（签字）：",
        x: 92.0,
        end: 172.0,
    },
    SignLine {
        label: "日期：",
        x: 184.0,
        end: 264.0,
    },
];

/// What the manifest sheet prints: the header fields as shown, the lines and totals as
/// [`crate::domain::dispatch`] makes them (storage's `Db::manifest` gives both).
#[derive(Debug, Clone, Copy)]
pub struct ManifestSheet<'a> {
    /// Company name over the title.
    pub company: &'a str,
    /// 清单号.
    pub code: &'a str,
    /// 起运站.
    pub origin: &'a str,
    /// 车牌号.
    pub plate: &'a str,
    /// 司机.
    pub driver_name: &'a str,
    /// 司机电话.
    pub driver_phone: &'a str,
    /// 线路到站 as printed: `湘潭市 湘潭县、湘潭市 雨湖区`.
    pub route: &'a str,
    /// 发车时间: the departure, or the planned one before the truck leaves.
    pub departure_at: NaiveDateTime,
    /// The truck has left (the sheet says 已发车 rather than 计划).
    pub departed: bool,
    /// 制单: `A01 张丽`.
    pub created_by: &'a str,
    /// The waybills, in the order to print.
    pub lines: &'a [ManifestLine],
    /// The totals.
    pub totals: &'a ManifestTotals,
}

fn measure_text(value: Decimal) -> String {
    value.normalize().to_string()
}

fn head<'a>(sheet: &ManifestSheet<'a>) -> Head<'a> {
    let when = format!(
        "{}{}",
        sheet.departure_at.format("%Y-%m-%d %H:%M"),
        if sheet.departed { "" } else { "（计划）" }
    );
    Head {
        company: sheet.company,
        title: text::TITLE,
        code: Some(sheet.code.to_owned()),
        stamp: None,
        fields: vec![
            vec![
                Field::new("起运站", sheet.origin, 58.0),
                Field::new("车牌号", sheet.plate, 50.0),
                Field::new(
                    "司机",
                    format!("{}  {}", sheet.driver_name, sheet.driver_phone).trim(),
                    80.0,
                ),
                Field::new("发车时间", when, 0.0),
            ],
            vec![
                Field::new("线路到站", sheet.route, 188.0),
                Field::new("制单", sheet.created_by, 45.0),
                Field::new("票数", format!("{} 票", sheet.totals.waybills), 0.0),
            ],
        ],
    }
}

fn row(index: usize, line: &ManifestLine) -> Row {
    let alarm = Style::bold(BODY_PT).ink(Ink::Red);
    let partial = line.is_partial();
    let count = Cell::text(format!("{}/{}", line.pieces_loaded, line.pieces));
    Row::new(vec![
        (index + 1).to_string().into(),
        line.number.as_str().into(),
        line.dest_name.as_str().into(),
        line.consignee_name.as_str().into(),
        line.goods_name.as_str().into(),
        if partial { count.style(alarm) } else { count },
        if partial {
            Cell::text(format!("余 {} 件", line.pieces_left())).style(alarm)
        } else {
            Cell::empty()
        },
        measure_text(line.weight_kg).into(),
        measure_text(line.volume_m3).into(),
        if line.collect_yuan > Decimal::ZERO {
            format_yuan(line.collect_yuan).into()
        } else {
            Cell::empty()
        },
        if line.controlled_release {
            Cell::text(text::CONTROLLED).style(Style::bold(BODY_PT))
        } else {
            Cell::empty()
        },
    ])
}

fn totals_row(totals: &ManifestTotals) -> Row {
    let partial = if totals.partial_waybills > 0 {
        Cell::text(format!("其中单票未装完 {} 票", totals.partial_waybills))
            .style(Style::regular(BODY_PT).ink(Ink::Red))
            .align(Align::Left)
    } else {
        Cell::empty()
    };
    Row::new(vec![
        Cell::text(format!("合计 {} 票", totals.waybills))
            .align(Align::Center)
            .span(2),
        partial.span(3),
        format!("{}/{}", totals.pieces_loaded, totals.pieces).into(),
        Cell::empty(),
        measure_text(totals.weight_kg).into(),
        measure_text(totals.volume_m3).into(),
        format_yuan(totals.collect_yuan).into(),
        Cell::empty(),
    ])
}

/// The body text size.
const BODY_PT: f32 = 8.5;

/// The manifest as a PDF: A4 landscape, as many pages as the lines need.
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn manifest_pdf(sheet: &ManifestSheet<'_>) -> Result<Vec<u8>, PdfError> {
    let footer = format!("{} {}", text::NAME, sheet.code);
    let mut pages = Sheet::new(Paper::A4_LANDSCAPE, head(sheet), footer.clone())?;
    let mut table = Table::new(&COLUMNS);
    table.rows = sheet
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| row(i, line))
        .collect();
    table.totals = Some(totals_row(sheet.totals));
    table.keep_after = SIGN_H;
    pages.table(&table)?;
    pages.signatures(text::NOTE, &SIGN_LINES)?;
    pages.finish(&footer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::page_frame::Paper;

    #[test]
    fn columns_fill_the_width() {
        crate::documents::test_support::assert_fills(&COLUMNS, Paper::A4_LANDSCAPE);
    }
}

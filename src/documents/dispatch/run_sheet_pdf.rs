//! The delivery run sheet (送货派车单, issue 18 item 1): one per vehicle and day, A4
//! landscape — the company, station, day and vehicle; then the day's appointments in the
//! order of their windows: the window, 单号, who receives and their phone, the address
//! (wrapped), the goods, pieces and weight, the money to collect on delivery (提付 and
//! 代收货款), the 要求到货日期 when there is one, and an empty box for the consignee's
//! signature; a totals row; the driver's and the desk's signatures under it.

use crate::documents::list_table::{Cell, Column, Row, Table};
use crate::documents::page_frame::{Field, Head, Paper, Sheet};
use crate::documents::pdf::{Align, PdfError, Style};
use crate::domain::dispatch::appointment::RunSheetLine;
use crate::domain::money::format_yuan;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

/// The printed words.
mod text {
    /// The title, spaced as printed.
    pub const TITLE: &str = "送 货 派 车 单";
    /// The document's name in the footer and the file title.
    pub const NAME: &str = "送货派车单";
    /// The column heads.
    pub const HEADS: [&str; 11] = [
        "序号",
        "时段",
        "运单号",
        "收货人",
        "电话",
        "送货地址",
        "品名",
        "件数",
        "重量kg",
        "到付应收",
        "收货人签收",
    ];
    /// When nobody is due.
    pub const NONE: &str = "这一天这辆车没有预约送货。";
    /// Under the table.
    pub const SIGN: &str = "司机签字：______________    出车时间：________    回站时间：________    调度：______________";
    /// Not assigned to a vehicle.
    pub const NO_VEHICLE: &str = "未派车";
}

const COLUMNS: [Column; 11] = [
    Column::new(text::HEADS[0], 10.0, Align::Center),
    Column::new(text::HEADS[1], 22.0, Align::Center),
    Column::new(text::HEADS[2], 28.0, Align::Left),
    Column::new(text::HEADS[3], 30.0, Align::Left).wrapping(),
    Column::new(text::HEADS[4], 26.0, Align::Left),
    Column::new(text::HEADS[5], 58.0, Align::Left).wrapping(),
    Column::new(text::HEADS[6], 20.0, Align::Left),
    Column::new(text::HEADS[7], 10.0, Align::Right),
    Column::new(text::HEADS[8], 15.0, Align::Right),
    Column::new(text::HEADS[9], 30.0, Align::Right).wrapping(),
    Column::new(text::HEADS[10], 28.0, Align::Center),
];

/// What the driver collects on delivery for one line: 提付 and 代收货款.
fn to_collect(line: &RunSheetLine) -> (Decimal, String) {
    let (freight, cod) = (line.freight_to_collect, line.cod_yuan);
    let amount = freight + cod;
    let text = match (freight.is_zero(), cod.is_zero()) {
        (true, true) => "—".to_owned(),
        (false, true) => format_yuan(freight),
        (true, false) => format!("{}（代收）", format_yuan(cod)),
        (false, false) => format!(
            "{}（运费{} 代收{}）",
            format_yuan(amount),
            format_yuan(freight),
            format_yuan(cod)
        ),
    };
    (amount, text)
}

/// The run sheet of `vehicle` on `day` (an empty vehicle is 未派车).
///
/// # Errors
/// A character the font lacks, or the PDF not written.
pub fn run_sheet_pdf(
    company: &str,
    station: &str,
    day: NaiveDate,
    vehicle: &str,
    lines: &[RunSheetLine],
    printed_at: NaiveDateTime,
) -> Result<Vec<u8>, PdfError> {
    let vehicle = if vehicle.trim().is_empty() {
        text::NO_VEHICLE
    } else {
        vehicle
    };
    let third = Paper::A4_LANDSCAPE.content_w() / 3.0;
    let head = Head::new(
        company,
        text::TITLE,
        vec![vec![
            Field::new("送货日期", day.format("%Y-%m-%d").to_string(), third),
            Field::new("车辆/司机", vehicle, third),
            Field::new("站点", station, 0.0),
        ]],
    );
    let footer = format!(
        "{} {} {} {} 打印于 {}",
        text::NAME,
        station,
        day.format("%Y-%m-%d"),
        vehicle,
        printed_at.format("%Y-%m-%d %H:%M")
    );
    let mut pages = Sheet::new(Paper::A4_LANDSCAPE, head, footer)?;
    let mut table = Table::new(&COLUMNS);
    table.body_pt = 9.0;
    table.empty = Some(text::NONE);
    let (mut pieces, mut weight, mut money) = (0u32, Decimal::ZERO, Decimal::ZERO);
    for (i, line) in lines.iter().enumerate() {
        let a = &line.appointment;
        let (amount, collect) = to_collect(line);
        pieces += line.pieces;
        weight += line.weight_kg;
        money += amount;
        let mut number = line.number.clone();
        if let Some(required) = line.required_by {
            number = format!("{number}\n要求{}到", required.format("%m-%d"));
        }
        let mut address = a.address.clone();
        if !a.said.is_empty() {
            address = format!("{address}（{}）", a.said);
        }
        table.rows.push(Row::new(vec![
            (i + 1).to_string().into(),
            format!("{}–{}", a.from.format("%H:%M"), a.to.format("%H:%M")).into(),
            number.into(),
            if a.contact_name.is_empty() {
                line.consignee_name.clone()
            } else {
                a.contact_name.clone()
            }
            .into(),
            a.contact_phone.as_str().into(),
            address.into(),
            line.goods_name.as_str().into(),
            line.pieces.to_string().into(),
            line.weight_kg.normalize().to_string().into(),
            collect.into(),
            Cell::empty(),
        ]));
    }
    if !lines.is_empty() {
        table.totals = Some(Row::new(vec![
            Cell::text(format!("合计 {} 票", lines.len())).span(7),
            pieces.to_string().into(),
            weight.normalize().to_string().into(),
            format_yuan(money).into(),
            Cell::empty(),
        ]));
    }
    pages.table(&table)?;
    pages.advance(8.0);
    pages.line(Style::regular(10.0), text::SIGN, 6.0, 0.0)?;
    pages.finish(&format!(
        "{} {} {}",
        text::NAME,
        day.format("%Y-%m-%d"),
        vehicle
    ))
}

//! What the tests and benches fill long printed lists with (a truck's manifest, a stock
//! count, an arrival check): six shops of 湘潭, six kinds of goods, four of its counties,
//! and a truck's lines made of them; the price of goods to 湘潭 by the rate table.

use crate::documents::dispatch::manifest_pdf::ManifestSheet;
use crate::domain::desk::rates::{RateRow, RateTable};
use crate::domain::dispatch::{ManifestLine, ManifestTotals};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// Consignees' shops in and around 湘潭.
pub const SHOPS: [&str; 6] = [
    "湘潭县易俗河李记批发部",
    "雨湖区宏发五金经营部",
    "岳塘区美佳服饰店",
    "湘乡市金源汽配商行",
    "韶山市红星日用百货批发部",
    "湘潭县花石镇老王茶行",
];

/// 品名 as clerks write them.
pub const GOODS: [&str; 6] = ["服装", "五金配件", "鞋子", "汽车配件", "日用百货", "茶叶"];

/// Destination county codes with their printed names.
pub const DESTS: [(&str, &str); 4] = [
    ("430321", "湘潭市 湘潭县"),
    ("430302", "湘潭市 雨湖区"),
    ("430304", "湘潭市 岳塘区"),
    ("430381", "湘潭市 湘乡市"),
];

/// `count` lines as a busy evening's truck to 湘潭 carries them: varied consignees and
/// goods, every seventh waybill partly loaded, every fifth paid on collection, some
/// controlled; weights with a half kilogram to show the decimals.
#[must_use]
pub fn manifest_lines(count: usize) -> Vec<ManifestLine> {
    (0..count)
        .map(|i| {
            let pieces = u32::try_from(1 + (i * 7) % 23).unwrap_or(1);
            let partial = i % 7 == 3 && pieces > 1;
            let (dest_code, dest_name) = DESTS[i % DESTS.len()];
            ManifestLine {
                number: format!("GZ261123{:04}", i + 1),
                dest_code: dest_code.into(),
                dest_name: dest_name.into(),
                consignee_name: SHOPS[i % SHOPS.len()].into(),
                consignee_phone: "13974214321".into(),
                goods_name: GOODS[i % GOODS.len()].into(),
                pieces,
                pieces_loaded: if partial { pieces - 1 } else { pieces },
                weight_kg: Decimal::from(25 * pieces) + Decimal::new(5, 1),
                volume_m3: Decimal::new(i64::from(pieces) * 12, 2),
                collect_yuan: if i % 5 == 0 {
                    Decimal::from(80 + 15 * pieces)
                } else {
                    Decimal::ZERO
                },
                controlled_release: i % 11 == 4,
            }
        })
        .collect()
}

/// The rate table's row for the county `code` at 湘潭's price from 广州: heavy goods 0.85
/// yuan/kg, light goods 180 yuan/m³, at least 30 yuan, delivery 50 yuan.
#[must_use]
pub fn rate_row(code: &str) -> RateRow {
    RateRow {
        dest_code: code.into(),
        from_weight_kg: Decimal::ZERO,
        heavy_yuan_per_kg: Decimal::new(85, 2),
        light_yuan_per_m3: Decimal::from(180),
        minimum_yuan: Decimal::from(30),
        delivery_fee_yuan: Decimal::from(50),
    }
}

/// A rate table of one destination, 湘潭县 (430321), at [`rate_row`]'s price.
#[must_use]
pub fn rate_table() -> RateTable {
    RateTable::new(vec![rate_row("430321")]).unwrap_or_default()
}

/// The sheet of a truck from 广州白云站 to four counties of 湘潭 that left at
/// `departure_at`, carrying `lines`.
#[must_use]
pub fn manifest_sheet<'a>(
    lines: &'a [ManifestLine],
    totals: &'a ManifestTotals,
    departure_at: NaiveDateTime,
) -> ManifestSheet<'a> {
    ManifestSheet {
        company: "广州市每地达物流有限公司",
        code: "GZF26112301",
        origin: "广州白云站",
        plate: "湘C12345",
        driver_name: "王师傅",
        driver_phone: "13812345678",
        route: "湘潭市 湘潭县、湘潭市 雨湖区、湘潭市 岳塘区、湘潭市 湘乡市",
        departure_at,
        departed: true,
        created_by: "A01 张丽",
        lines,
        totals,
    }
}

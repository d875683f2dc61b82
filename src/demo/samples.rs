//! What the tests and benches fill long printed lists with (a truck's manifest, a stock
//! count, an arrival check): six shops of 湘潭, six kinds of goods, four of its counties,
//! and a truck's lines made of them; the price of goods to 湘潭 by the rate table; a
//! waybill with every mark a waybill and its labels can carry.

use crate::documents::dispatch::manifest_pdf::ManifestSheet;
use crate::domain::desk::rates::{RateRow, RateTable};
use crate::domain::desk::waybill::{
    DeliveryMode, IssuedWaybill, Orientation, PaymentMethod, Waybill, WaybillDraft, WaybillStatus,
};
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

/// 12 cartons of clothes to 湘潭县 with every mark a waybill and its labels carry:
/// fragile, this side up, insured for 3000, controlled release, delivered upstairs, one
/// receipt, paid on arrival (提付), a remark.
#[must_use]
pub fn marked_draft() -> WaybillDraft {
    WaybillDraft {
        consignee_phone: "13974214321".into(),
        pieces: "12".into(),
        weight_kg: "300".into(),
        volume_m3: "1.2".into(),
        fragile: true,
        orientation: Orientation::ThisSideUp,
        declared_value: "3000".into(),
        controlled_release: true,
        delivery: DeliveryMode::Upstairs,
        delivery_address: "湘潭县易俗河镇建设路 18 号 3 楼".into(),
        receipt_copies: "1".into(),
        payment: PaymentMethod::Collect,
        remarks: "客户要求下午送货，先电话联系".into(),
        ..WaybillDraft::sample()
    }
}

/// `waybill` as issued: GZ2611230007, by 007 王小明 on 2026-11-23 at 14:05, altered
/// `alter_count` times.
#[must_use]
pub fn issued(waybill: Waybill, alter_count: u32) -> IssuedWaybill {
    IssuedWaybill {
        number: "GZ2611230007".to_owned(),
        issued_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(14, 5, 0))
            .unwrap_or_default(),
        clerk_id: "007".to_owned(),
        clerk_name: "王小明".to_owned(),
        status: WaybillStatus::Issued,
        alter_count,
        waybill,
    }
}

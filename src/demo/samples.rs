//! What the tests and benches fill long printed lists with (a truck's manifest, a stock
//! count, an arrival check): six shops of 湘潭, six kinds of goods, four of its counties,
//! and a truck's lines made of them.

use crate::domain::dispatch::ManifestLine;
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

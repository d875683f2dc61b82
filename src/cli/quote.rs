//! The quote command: what a consignment costs by the rate table, in words or as the
//! JSON of FORMATS.md.

use super::{Failure, QuoteArgs};
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::limits::{check_bounded, check_money};
use crate::domain::desk::rates::quote;
use crate::domain::desk::waybill::{MAX_VOLUME_M3, MAX_WEIGHT_KG};
use crate::domain::money::{format_yuan, parse_decimal};
use crate::storage::{Db, Location};
use rust_decimal::Decimal;
use serde::Serialize;

/// `quote --json` output, fields in the order FORMATS.md gives them.
#[derive(Serialize)]
struct QuoteJson<'a> {
    dest_code: &'a str,
    dest_name: &'a str,
    freight: String,
    premium: String,
    delivery_fee: String,
    total: String,
}

pub(super) fn quote_command(db_path: &Location, args: &QuoteArgs) -> Result<(), Failure> {
    let dest = Divisions::bundled()
        .resolve(&args.to)
        .map_err(Failure::new)?;
    let weight_kg = positive(&args.weight, "重量 --weight", "公斤", MAX_WEIGHT_KG)?;
    let volume_m3 = positive(&args.volume, "体积 --volume", "方", MAX_VOLUME_M3)?;
    let declared_yuan = match &args.declared {
        None => None,
        Some(text) => match parse_decimal(text) {
            Some(value) if value >= Decimal::ZERO => {
                Some(check_money(value, "保价金额 --declared").map_err(Failure::new)?)
            }
            _ => {
                return Err(Failure::new(format!(
                    "保价金额 --declared「{text}」应为不小于 0 的数字（元）"
                )));
            }
        },
    };
    let db = Db::open_existing_at(db_path)?;
    let fees = db.desk_settings()?.fees;
    let table = db.rate_table()?;
    let priced = quote(
        &table,
        &fees,
        &dest.code,
        weight_kg,
        volume_m3,
        declared_yuan,
        args.delivery,
    )
    .map_err(Failure::new)?;

    if args.json {
        let json = QuoteJson {
            dest_code: &dest.code,
            dest_name: &dest.name,
            freight: format_yuan(priced.freight_yuan),
            premium: format_yuan(priced.premium_yuan),
            delivery_fee: format_yuan(priced.delivery_fee_yuan),
            total: format_yuan(priced.total_yuan),
        };
        let text = serde_json::to_string(&json).map_err(Failure::new)?;
        println!("{text}");
    } else {
        println!("到站：{} {}", dest.code, dest.full_name());
        println!(
            "货物：{} 公斤，{} 方{}",
            weight_kg.normalize(),
            volume_m3.normalize(),
            if args.delivery {
                "，送货"
            } else {
                "，自提"
            }
        );
        println!("运费：{} 元", format_yuan(priced.freight_yuan));
        if let Some(value) = declared_yuan {
            println!(
                "保价费：{} 元（保价 {} 元）",
                format_yuan(priced.premium_yuan),
                format_yuan(value)
            );
        } else {
            println!("保价费：{} 元", format_yuan(priced.premium_yuan));
        }
        println!("送货费：{} 元", format_yuan(priced.delivery_fee_yuan));
        println!("合计：{} 元", format_yuan(priced.total_yuan));
    }
    Ok(())
}

/// A measure typed on the command line that must be a number above zero, at most `max`
/// (the waybill's own limits).
pub(super) fn positive(text: &str, what: &str, unit: &str, max: i64) -> Result<Decimal, Failure> {
    match parse_decimal(text) {
        Some(value) if value > Decimal::ZERO => {
            check_bounded(value, what, unit, max).map_err(Failure::new)
        }
        _ => Err(Failure::new(format!("{what}「{text}」应为大于 0 的数字"))),
    }
}

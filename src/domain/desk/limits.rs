//! The sane range of the numbers that enter kaidan from files, forms and settings, and the
//! one parser that holds a typed amount to its range. A number outside its range is refused
//! where it is typed or read, naming the field (and, in a file, the row and column), so no
//! later sum or product can overflow: the largest product kaidan forms from bounded
//! inputs (weight × price per kg, 40,000 × 1,000) is far inside `Decimal`'s 28 digits.
//! FORMATS.md ("Ranges") lists the same figures for the files.

use crate::domain::money::{parse_decimal, round_yuan};
use rust_decimal::Decimal;

/// The most any single amount of money may be: a fee, a freight, a declared value, a
/// payment, a monthly salary (¥10,000,000).
pub const MAX_MONEY_YUAN: i64 = 10_000_000;

/// The heaviest consignment a waybill may carry, in kg: more than a full truck is a typo.
pub const MAX_WEIGHT_KG: i64 = 40_000;

/// The largest volume a waybill may carry, in m³ (a 17.5 m trailer holds about 150).
pub const MAX_VOLUME_M3: i64 = 200;

/// The most a rate table's heavy-goods price may be, yuan per kilogram.
pub const MAX_YUAN_PER_KG: i64 = 1_000;

/// The most a rate table's light-goods price may be, yuan per cubic metre.
pub const MAX_YUAN_PER_M3: i64 = 100_000;

/// The most a rate table row may start from, kilograms (a 100 t road train).
pub const MAX_RATE_FROM_KG: i64 = 100_000;

/// The most minutes of leaving the post one point event may count: a month of 31 days.
pub const MAX_LEFT_POST_MINUTES: u32 = 31 * 24 * 60;

/// The most times one point event may count.
pub const MAX_EVENT_TIMES: u32 = 999;

/// The first day any date in kaidan may be: a date column of a file or a form before it
/// is a typo (0000-01-01) or a spreadsheet's empty date.
pub const FIRST_DAY: (i32, u32, u32) = (1970, 1, 1);

/// The last day any date in kaidan may be: after it is a typo (+10000-01-01) or an
/// absurd spreadsheet serial (1e10 reads as 9999-12-31).
pub const LAST_DAY: (i32, u32, u32) = (2099, 12, 31);

/// A day as people type it: `2026-11-05`, or `2026/11/5` as Excel on a Chinese Windows
/// writes dates into a CSV; `None` when it is not a day (range not checked: see
/// [`check_date`]).
#[must_use]
pub fn typed_day(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y/%m/%d"))
        .ok()
}

/// Holds a date to [`FIRST_DAY`] ..= [`LAST_DAY`], naming the field.
pub fn check_date(day: chrono::NaiveDate, what: &str) -> Result<chrono::NaiveDate, String> {
    let bound = |(y, m, d): (i32, u32, u32)| chrono::NaiveDate::from_ymd_opt(y, m, d);
    match (bound(FIRST_DAY), bound(LAST_DAY)) {
        (Some(first), Some(last)) if (first..=last).contains(&day) => Ok(day),
        _ => Err(format!(
            "{what} {day} 超出范围：应在 {}-{:02}-{:02} 到 {}-{:02}-{:02} 之间",
            FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2, LAST_DAY.0, LAST_DAY.1, LAST_DAY.2
        )),
    }
}

/// A typed amount is outside its range or not a number: the Chinese message names the
/// field, so the caller only has to say where (row and column, or the form field).
pub fn parse_bounded(text: &str, what: &str, unit: &str, max: i64) -> Result<Decimal, String> {
    let value =
        parse_decimal(text).ok_or_else(|| format!("{what}「{}」不是有效的数字", text.trim()))?;
    check_bounded(value, what, unit, max)
}

/// Holds a number already read to `0 ..= max`.
pub fn check_bounded(value: Decimal, what: &str, unit: &str, max: i64) -> Result<Decimal, String> {
    if value < Decimal::ZERO {
        return Err(format!("{what}不能为负数"));
    }
    if value > Decimal::from(max) {
        return Err(format!(
            "{what} {} 超出范围：最多 {max} {unit}，请复核",
            value.normalize()
        ));
    }
    Ok(value)
}

/// A typed weight or volume, as the waybill form and the phone quote take it: required,
/// above zero, at most `max` `unit`, at most three decimals.
pub fn parse_measure(text: &str, what: &str, unit: &str, max: i64) -> Result<Decimal, String> {
    if text.trim().is_empty() {
        return Err(format!("请填写{what}"));
    }
    let value = parse_decimal(text).ok_or_else(|| format!("{what}不是有效的数字"))?;
    if value <= Decimal::ZERO {
        return Err(format!("{what}须大于 0"));
    }
    if value > Decimal::from(max) {
        return Err(format!("{what}超过 {max} {unit}，请复核"));
    }
    if value.scale() > 3 {
        return Err(format!("{what}最多保留 3 位小数"));
    }
    Ok(value)
}

/// A typed amount of money: 0 to ¥10,000,000, rounded half-up to the fen.
pub fn parse_money(text: &str, what: &str) -> Result<Decimal, String> {
    parse_bounded(text, what, "元", MAX_MONEY_YUAN).map(round_yuan)
}

/// Holds an amount of money already read to 0 ..= ¥10,000,000.
pub fn check_money(value: Decimal, what: &str) -> Result<Decimal, String> {
    check_bounded(value, what, "元", MAX_MONEY_YUAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn money_in_range_is_rounded_to_the_fen() {
        assert_eq!(
            parse_money(" ¥1,234.565 ", "运费"),
            Ok(Decimal::from_str("1234.57").unwrap())
        );
        assert_eq!(parse_money("0", "运费"), Ok(Decimal::ZERO));
        assert_eq!(
            parse_money("10000000", "运费"),
            Ok(Decimal::from(MAX_MONEY_YUAN))
        );
    }

    #[test]
    fn money_out_of_range_or_unreadable_is_refused_with_its_field() {
        for text in [
            "10000000.01",
            "1e20",
            "1e27",
            "79228162514264337593543950335",
        ] {
            let message = parse_money(text, "月基本工资").unwrap_err();
            assert!(message.starts_with("月基本工资"), "{text}: {message}");
            assert!(
                message.contains("超出范围") || message.contains("不是有效"),
                "{text}: {message}"
            );
        }
        assert_eq!(parse_money("-1", "运费"), Err("运费不能为负数".to_owned()));
        assert!(
            parse_money("abc", "运费")
                .unwrap_err()
                .contains("不是有效的数字")
        );
        // Beyond Decimal's 28 digits: unreadable, never a panic.
        assert!(parse_money("1e40", "运费").is_err());
    }

    #[test]
    fn dates_outside_the_years_kaidan_knows_are_refused() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(check_date(day(1970, 1, 1), "日期").is_ok());
        assert!(check_date(day(2099, 12, 31), "日期").is_ok());
        for bad in [
            day(0, 1, 1),
            day(1969, 12, 31),
            day(2100, 1, 1),
            day(9999, 12, 31),
        ] {
            let message = check_date(bad, "开单日期").unwrap_err();
            assert!(
                message.starts_with("开单日期") && message.contains("超出范围"),
                "{message}"
            );
        }
    }

    #[test]
    fn prices_have_their_own_ranges() {
        assert!(parse_bounded("1000", "重货单价", "元/公斤", MAX_YUAN_PER_KG).is_ok());
        let message = parse_bounded("1000.5", "重货单价", "元/公斤", MAX_YUAN_PER_KG).unwrap_err();
        assert!(message.contains("最多 1000 元/公斤"), "{message}");
    }
}

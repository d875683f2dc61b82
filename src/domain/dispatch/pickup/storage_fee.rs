//! 保管费 (issue 16, M3): the printed terms say goods not collected within the free days
//! after arrival pay a storage fee by the day; this is that fee, and the words the terms
//! print for it (`{保管费}`), from one setting, so paper and rule agree.
//!
//! **(reading)** Per piece and per day, on the waybill's pieces, for every calendar day
//! from the day after the free days counted from the arrival check's day up to the day of
//! the pickup: arrived on the 1st with 7 free days, collected on the 8th pays nothing, on
//! the 9th one day. A partial pickup pays what is due then; the fee runs on until the last
//! piece goes, and what was paid counts against it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::money::{format_yuan, round_yuan};

/// The storage fee terms (stored with the dispatch settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageTerms {
    /// Days after arrival the goods stay free.
    pub free_days: u32,
    /// Yuan per piece per day after them; zero charges nothing.
    pub yuan_per_piece_day: Decimal,
}

impl Default for StorageTerms {
    fn default() -> Self {
        Self {
            free_days: 7,
            yuan_per_piece_day: Decimal::ONE,
        }
    }
}

impl StorageTerms {
    /// The highest number of free days and the highest daily rate the settings take.
    pub const MAX_FREE_DAYS: u32 = 90;

    /// The terms as the waybill prints them in place of `{保管费}`.
    #[must_use]
    pub fn printed(&self) -> String {
        if self.yuan_per_piece_day.is_zero() {
            return format!("{}日内请及时提货", self.free_days);
        }
        format!(
            "{}日内未提，超期每件每天收取保管费{}元",
            self.free_days,
            self.yuan_per_piece_day.normalize()
        )
    }

    /// The terms from the settings form, or what is wrong with them in Chinese.
    ///
    /// # Errors
    /// Free days outside 0–90, or a rate that is not money from 0 to ¥100 with at most
    /// two decimals.
    pub fn from_typed(days: &str, rate: &str) -> Result<Self, String> {
        let free_days = days
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| *d <= Self::MAX_FREE_DAYS)
            .ok_or_else(|| format!("免费保管天数「{}」应为 0–90 天", days.trim()))?;
        let yuan_per_piece_day = crate::domain::money::parse_decimal(rate)
            .filter(|r| !r.is_sign_negative() && *r <= Decimal::ONE_HUNDRED)
            .filter(|r| r.normalize().scale() <= 2)
            .ok_or_else(|| {
                format!(
                    "保管费「{}」应为每件每天 0–100 元，最多两位小数",
                    rate.trim()
                )
            })?;
        Ok(Self {
            free_days,
            yuan_per_piece_day,
        })
    }
}

/// What the goods of a waybill owe for storage on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StorageFee {
    /// Days since the arrival day.
    pub days_kept: i64,
    /// Of them, the days charged (after the free days).
    pub days_charged: i64,
    /// Pieces charged for.
    pub pieces: u32,
    /// The fee, to the fen.
    pub amount_yuan: Decimal,
}

impl StorageFee {
    /// The working, for the release page: 到站 12 天（免费 7 天），计 5 天 × 3 件 × 1 元 = 15.00 元.
    #[must_use]
    pub fn working(&self, terms: &StorageTerms) -> String {
        format!(
            "到站 {} 天（免费 {} 天），计 {} 天 × {} 件 × {} 元 = {} 元",
            self.days_kept,
            terms.free_days,
            self.days_charged,
            self.pieces,
            terms.yuan_per_piece_day.normalize(),
            format_yuan(self.amount_yuan)
        )
    }
}

/// The storage fee of `pieces` that arrived on `arrived` and go on `today`.
#[must_use]
pub fn storage_fee(
    arrived: NaiveDate,
    today: NaiveDate,
    pieces: u32,
    terms: &StorageTerms,
) -> StorageFee {
    let days_kept = (today - arrived).num_days().max(0);
    let days_charged = (days_kept - i64::from(terms.free_days)).max(0);
    let amount_yuan =
        round_yuan(terms.yuan_per_piece_day * Decimal::from(days_charged) * Decimal::from(pieces));
    StorageFee {
        days_kept,
        days_charged,
        pieces,
        amount_yuan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// Arrived on the 1st, 7 free days: the 8th is free, the 9th pays a day.
    #[test]
    fn the_fee_runs_from_the_day_after_the_free_days() {
        let terms = StorageTerms::default();
        for (today, days, amount) in [(1, 0, "0"), (8, 0, "0"), (9, 1, "3"), (13, 5, "15")] {
            let fee = storage_fee(day(1), day(today), 3, &terms);
            assert_eq!(fee.days_charged, days, "{today}");
            assert_eq!(
                fee.amount_yuan,
                Decimal::from_str(amount).unwrap(),
                "{today}"
            );
        }
        assert_eq!(
            storage_fee(day(1), day(13), 3, &terms).working(&terms),
            "到站 12 天（免费 7 天），计 5 天 × 3 件 × 1 元 = 15.00 元"
        );
        assert_eq!(
            storage_fee(day(9), day(1), 3, &terms).amount_yuan,
            Decimal::ZERO
        );
    }

    #[test]
    fn the_terms_print_from_the_setting_and_are_typed_with_limits() {
        assert_eq!(
            StorageTerms::default().printed(),
            "7日内未提，超期每件每天收取保管费1元"
        );
        let typed = StorageTerms::from_typed("5", "0.5").unwrap();
        assert_eq!(typed.printed(), "5日内未提，超期每件每天收取保管费0.5元");
        for (days, rate) in [
            ("-1", "1"),
            ("91", "1"),
            ("x", "1"),
            ("7", "-1"),
            ("7", "101"),
            ("7", "0.123"),
        ] {
            assert!(
                StorageTerms::from_typed(days, rate).is_err(),
                "{days} {rate}"
            );
        }
    }
}

//! The rate table (报价表) and what it makes of a consignment: freight, insurance premium
//! (保价费), delivery fee and total, exactly as FORMATS.md computes them.

use crate::domain::desk::limits::{
    MAX_MONEY_YUAN, MAX_RATE_FROM_KG, MAX_YUAN_PER_KG, MAX_YUAN_PER_M3, check_bounded,
};
use crate::domain::money::round_yuan;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One row of the rate table: prices for one destination from one weight upwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateRow {
    /// County-level destination code (到站代码).
    pub dest_code: String,
    /// The row applies from this weight up to the next row's start (起始重量kg).
    pub from_weight_kg: Decimal,
    /// Price per kilogram for heavy goods (重货单价).
    pub heavy_yuan_per_kg: Decimal,
    /// Price per cubic metre for light goods (轻货单价).
    pub light_yuan_per_m3: Decimal,
    /// Least freight of one waybill (最低收费).
    pub minimum_yuan: Decimal,
    /// Fee when the goods are delivered rather than picked up (送货费).
    pub delivery_fee_yuan: Decimal,
}

/// Why rows do not make a rate table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateTableError {
    /// Two rows for the same destination start at the same weight.
    #[error("到站 {dest_code} 起始重量 {from_weight_kg} kg 出现了两次")]
    DuplicateStart {
        /// The destination.
        dest_code: String,
        /// The repeated start.
        from_weight_kg: Decimal,
    },
    /// A price or weight outside its range (`domain::desk::limits`): refused even when it comes
    /// from the database, so no quote can overflow.
    #[error("到站 {dest_code} 起始重量 {from_weight_kg} kg 的一行：{message}")]
    OutOfRange {
        /// The destination.
        dest_code: String,
        /// The row's start.
        from_weight_kg: Decimal,
        /// What is out of range.
        message: String,
    },
}

/// The whole rate table, rows sorted by destination and starting weight.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateTable {
    rows: Vec<RateRow>,
}

impl RateTable {
    /// Builds a table, refusing two rows with the same destination and start, and a row
    /// with a price or weight outside its range.
    pub fn new(mut rows: Vec<RateRow>) -> Result<Self, RateTableError> {
        for row in &rows {
            let checks = [
                (row.from_weight_kg, "起始重量", "公斤", MAX_RATE_FROM_KG),
                (
                    row.heavy_yuan_per_kg,
                    "重货单价",
                    "元/公斤",
                    MAX_YUAN_PER_KG,
                ),
                (row.light_yuan_per_m3, "轻货单价", "元/方", MAX_YUAN_PER_M3),
                (row.minimum_yuan, "最低收费", "元", MAX_MONEY_YUAN),
                (row.delivery_fee_yuan, "送货费", "元", MAX_MONEY_YUAN),
            ];
            for (value, what, unit, max) in checks {
                check_bounded(value, what, unit, max).map_err(|message| {
                    RateTableError::OutOfRange {
                        dest_code: row.dest_code.clone(),
                        from_weight_kg: row.from_weight_kg,
                        message,
                    }
                })?;
            }
        }
        rows.sort_by(|a, b| {
            a.dest_code
                .cmp(&b.dest_code)
                .then(a.from_weight_kg.cmp(&b.from_weight_kg))
        });
        if let Some(pair) = rows.windows(2).find(|w| {
            w[0].dest_code == w[1].dest_code && w[0].from_weight_kg == w[1].from_weight_kg
        }) {
            return Err(RateTableError::DuplicateStart {
                dest_code: pair[1].dest_code.clone(),
                from_weight_kg: pair[1].from_weight_kg,
            });
        }
        Ok(Self { rows })
    }

    /// All rows, sorted.
    #[must_use]
    pub fn rows(&self) -> &[RateRow] {
        &self.rows
    }

    /// Whether the table has no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether any row prices this destination.
    #[must_use]
    pub fn has_destination(&self, dest_code: &str) -> bool {
        !self.rows_for(dest_code).is_empty()
    }

    fn rows_for(&self, dest_code: &str) -> &[RateRow] {
        let start = self
            .rows
            .partition_point(|r| r.dest_code.as_str() < dest_code);
        let end = self
            .rows
            .partition_point(|r| r.dest_code.as_str() <= dest_code);
        &self.rows[start..end]
    }

    /// The row that applies to this weight: the one with the greatest start not above it.
    /// A weight below every start takes the destination's first row **(reading)**: the
    /// table's first band is meant to cover small consignments.
    #[must_use]
    pub fn row_for(&self, dest_code: &str, weight_kg: Decimal) -> Option<&RateRow> {
        let mut chosen = None;
        for row in self.rows_for(dest_code) {
            if chosen.is_none() || row.from_weight_kg <= weight_kg {
                chosen = Some(row);
            }
        }
        chosen
    }
}

/// Settings for the insurance premium (保价费). The company text says both "3‰" and
/// "10元保费=3000报价"; FORMATS.md settles it as rate 0.003 with a minimum of 10 yuan.
///
/// They also hold the fee for collecting the goods' price (代收手续费, issue 17) **(reading)**:
/// the seeds give no figure; 1% of the 代收货款 with a least fee of ¥3 is what 专线 counters
/// commonly ask, and the supervisor sets others (at most 10%).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeeSettings {
    /// Premium per yuan declared.
    pub premium_rate: Decimal,
    /// Least premium of an insured waybill.
    pub minimum_premium_yuan: Decimal,
    /// 代收手续费 per yuan collected, at most [`FeeSettings::MAX_COD_RATE`].
    pub cod_rate: Decimal,
    /// Least 代收手续费 of a waybill that collects.
    pub cod_minimum_yuan: Decimal,
}

impl Default for FeeSettings {
    fn default() -> Self {
        Self {
            premium_rate: Decimal::new(3, 3),
            minimum_premium_yuan: Decimal::TEN,
            cod_rate: Decimal::new(1, 2),
            cod_minimum_yuan: Decimal::from(3),
        }
    }
}

impl FeeSettings {
    /// The highest 代收手续费 rate the settings take: 10%.
    pub const MAX_COD_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 1);

    /// The fee for collecting `cod_yuan` for the shipper: amount × rate, at least the
    /// minimum, never more than the amount, half-up to the fen; nothing when nothing is
    /// collected.
    #[must_use]
    pub fn cod_fee(&self, cod_yuan: Decimal) -> Decimal {
        if cod_yuan <= Decimal::ZERO {
            return Decimal::ZERO;
        }
        round_yuan(
            cod_yuan
                .saturating_mul(self.cod_rate)
                .max(self.cod_minimum_yuan)
                .min(cod_yuan),
        )
    }

    /// Premium for a declared value: value × rate, at least the minimum, half-up to the
    /// fen; nothing when no value (or zero) is declared.
    #[must_use]
    pub fn premium(&self, declared_yuan: Option<Decimal>) -> Decimal {
        match declared_yuan {
            Some(value) if value > Decimal::ZERO => {
                // Saturating: a declared value is bounded where it is typed; this only keeps
                // an unchecked caller from a panic.
                round_yuan(
                    value
                        .saturating_mul(self.premium_rate)
                        .max(self.minimum_premium_yuan),
                )
            }
            _ => Decimal::ZERO,
        }
    }
}

/// What a consignment costs by the rate table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Destination code.
    pub dest_code: String,
    /// max(weight × heavy price, volume × light price, minimum), half-up to 0.01.
    pub freight_yuan: Decimal,
    /// Insurance premium.
    pub premium_yuan: Decimal,
    /// Delivery fee, zero for self-pickup.
    pub delivery_fee_yuan: Decimal,
    /// freight + premium + delivery fee.
    pub total_yuan: Decimal,
}

/// A consignment cannot be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The table has no row for the destination.
    #[error("报价表里没有到站 {0} 的价格，请主管先补上报价")]
    NoRate(String),
    /// A weight, volume or declared value beyond what a waybill may carry.
    #[error("{0}")]
    OutOfRange(String),
}

/// Freight alone by the table: max(weight × heavy, volume × light, minimum), half-up.
#[must_use]
pub fn freight(row: &RateRow, weight_kg: Decimal, volume_m3: Decimal) -> Decimal {
    // Saturating: weights and prices are bounded where they enter (`domain::desk::limits`), so
    // this never saturates for them; it keeps an unchecked caller from a panic.
    let by_weight = weight_kg.saturating_mul(row.heavy_yuan_per_kg);
    let by_volume = volume_m3.saturating_mul(row.light_yuan_per_m3);
    round_yuan(by_weight.max(by_volume).max(row.minimum_yuan))
}

/// Prices a consignment by the table (FORMATS.md "Rate table").
pub fn quote(
    table: &RateTable,
    fees: &FeeSettings,
    dest_code: &str,
    weight_kg: Decimal,
    volume_m3: Decimal,
    declared_yuan: Option<Decimal>,
    delivery: bool,
) -> Result<Quote, QuoteError> {
    use crate::domain::desk::limits::{MAX_VOLUME_M3, MAX_WEIGHT_KG};
    check_bounded(weight_kg, "重量", "公斤", MAX_WEIGHT_KG).map_err(QuoteError::OutOfRange)?;
    check_bounded(volume_m3, "体积", "方", MAX_VOLUME_M3).map_err(QuoteError::OutOfRange)?;
    if let Some(declared) = declared_yuan {
        check_bounded(declared, "保价金额", "元", MAX_MONEY_YUAN)
            .map_err(QuoteError::OutOfRange)?;
    }
    let row = table
        .row_for(dest_code, weight_kg)
        .ok_or_else(|| QuoteError::NoRate(dest_code.to_owned()))?;
    let freight_yuan = freight(row, weight_kg, volume_m3);
    let premium_yuan = fees.premium(declared_yuan);
    let delivery_fee_yuan = if delivery {
        round_yuan(row.delivery_fee_yuan)
    } else {
        Decimal::ZERO
    };
    Ok(Quote {
        dest_code: dest_code.to_owned(),
        freight_yuan,
        premium_yuan,
        delivery_fee_yuan,
        total_yuan: freight_yuan
            .saturating_add(premium_yuan)
            .saturating_add(delivery_fee_yuan),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn row(code: &str, from: &str, heavy: &str, light: &str, min: &str, delivery: &str) -> RateRow {
        RateRow {
            dest_code: code.into(),
            from_weight_kg: d(from),
            heavy_yuan_per_kg: d(heavy),
            light_yuan_per_m3: d(light),
            minimum_yuan: d(min),
            delivery_fee_yuan: d(delivery),
        }
    }

    fn table() -> RateTable {
        RateTable::new(vec![
            row("430321", "500", "0.75", "150", "30", "50"),
            row("430321", "0", "0.85", "180", "30", "50"),
            row("430321", "3000", "0.65", "130", "30", "80"),
            row("110105", "0", "1.20", "260", "40", "60"),
        ])
        .unwrap()
    }

    #[test]
    fn weight_bands() {
        let t = table();
        for (weight, start) in [
            ("0", "0"),
            ("499.99", "0"),
            ("500", "500"),
            ("2999", "500"),
            ("3000", "3000"),
            ("9000", "3000"),
        ] {
            assert_eq!(
                t.row_for("430321", d(weight)).unwrap().from_weight_kg,
                d(start),
                "{weight}"
            );
        }
        assert!(t.row_for("440106", d("10")).is_none());
    }

    #[test]
    fn weight_below_first_start_takes_first_row() {
        let t = RateTable::new(vec![row("430321", "10", "1", "100", "20", "0")]).unwrap();
        assert_eq!(t.row_for("430321", d("5")).unwrap().from_weight_kg, d("10"));
    }

    #[test]
    fn duplicate_start_refused() {
        let err = RateTable::new(vec![
            row("430321", "0", "1", "1", "1", "1"),
            row("430321", "0", "2", "2", "2", "2"),
        ]);
        assert!(matches!(err, Err(RateTableError::DuplicateStart { .. })));
    }

    #[test]
    fn freight_is_the_largest_of_weight_volume_minimum() {
        let t = table();
        let fees = FeeSettings::default();
        // (weight, volume, freight): heavy wins, light wins, minimum wins, half-up.
        for (weight, volume, expected) in [
            ("100", "0.2", "85.00"),
            ("100", "1", "180.00"),
            ("10", "0.05", "30.00"),
            ("35.3", "0.01", "30.01"), // 35.3 × 0.85 = 30.005 → 30.01
            ("600", "1", "450.00"),
        ] {
            let q = quote(&t, &fees, "430321", d(weight), d(volume), None, false).unwrap();
            assert_eq!(q.freight_yuan, d(expected), "{weight} kg {volume} m3");
            assert_eq!(q.total_yuan, d(expected));
        }
    }

    #[test]
    fn premium_rate_and_minimum() {
        let fees = FeeSettings::default();
        for (declared, premium) in [
            (None, "0"),
            (Some("0"), "0"),
            (Some("1000"), "10.00"), // 3 → minimum 10
            (Some("3000"), "10.00"), // 9 → minimum 10, the company's "10元保费=3000报价"
            (Some("5000"), "15.00"),
            (Some("3335"), "10.01"), // 10.005 → 10.01
        ] {
            assert_eq!(fees.premium(declared.map(d)), d(premium), "{declared:?}");
        }
        let custom = FeeSettings {
            premium_rate: d("0.005"),
            minimum_premium_yuan: d("5"),
            ..FeeSettings::default()
        };
        assert_eq!(custom.premium(Some(d("2000"))), d("10.00"));
    }

    /// 代收手续费: rate × amount, at least the minimum, never more than the amount.
    #[test]
    fn cod_fee_rate_minimum_and_cap() {
        let fees = FeeSettings::default();
        for (cod, fee) in [
            ("0", "0"),
            ("-5", "0"),
            ("2", "2.00"),   // the ¥3 minimum, capped at the amount
            ("100", "3.00"), // 1 → minimum 3
            ("300", "3.00"),
            ("1000", "10.00"),
            ("1234.56", "12.35"), // 12.3456 → 12.35
        ] {
            assert_eq!(fees.cod_fee(d(cod)), d(fee), "{cod}");
        }
        assert_eq!(FeeSettings::MAX_COD_RATE, d("0.1"));
        // Settings saved before the fee existed read with its defaults.
        let old: FeeSettings =
            serde_json::from_str(r#"{"premium_rate":"0.003","minimum_premium_yuan":"10"}"#)
                .unwrap();
        assert_eq!(old, FeeSettings::default());
    }

    #[test]
    fn delivery_fee_and_total() {
        let q = quote(
            &table(),
            &FeeSettings::default(),
            "430321",
            d("100"),
            d("0.2"),
            Some(d("5000")),
            true,
        )
        .unwrap();
        assert_eq!(
            (
                q.freight_yuan,
                q.premium_yuan,
                q.delivery_fee_yuan,
                q.total_yuan
            ),
            (d("85.00"), d("15.00"), d("50.00"), d("150.00"))
        );
    }

    #[test]
    fn no_rate_for_destination() {
        let err = quote(
            &table(),
            &FeeSettings::default(),
            "440106",
            d("1"),
            d("1"),
            None,
            false,
        );
        assert_eq!(err, Err(QuoteError::NoRate("440106".into())));
    }

    #[test]
    fn measures_beyond_a_waybill_are_refused_never_a_panic() {
        let huge = Decimal::MAX;
        for (weight, volume, declared) in [
            (huge, d("1"), None),
            (d("1"), huge, None),
            (d("1"), d("1"), Some(huge)),
            (d("40000.001"), d("1"), None),
        ] {
            let result = quote(
                &table(),
                &FeeSettings::default(),
                "430321",
                weight,
                volume,
                declared,
                true,
            );
            assert!(
                matches!(result, Err(QuoteError::OutOfRange(_))),
                "{result:?}"
            );
        }
        // An unchecked caller of the freight alone saturates rather than panics.
        let row = &table().rows()[0].clone();
        let beyond = Decimal::from(MAX_MONEY_YUAN);
        assert!(freight(row, huge, d("1")) > beyond);
        assert!(FeeSettings::default().premium(Some(huge)) > beyond);
    }

    #[test]
    fn prices_beyond_their_range_do_not_make_a_table() {
        let mut bad = row("430321", "0", "1000.01", "180", "30", "50");
        assert!(matches!(
            RateTable::new(vec![bad.clone()]),
            Err(RateTableError::OutOfRange { .. })
        ));
        bad.heavy_yuan_per_kg = d("0.85");
        bad.minimum_yuan = Decimal::MAX;
        let message = RateTable::new(vec![bad]).unwrap_err().to_string();
        assert!(
            message.contains("最低收费") && message.contains("超出范围"),
            "{message}"
        );
    }
}

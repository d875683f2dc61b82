//! 复秤: a waybill's goods weighed and measured again (at loading or at the arriving
//! station), and rule 9 (制度第九条「重量、体积错误超出10%扣1分/票」并负责产生的费用): a
//! weight or volume on the waybill more than 10% off what was measured is a P9 for the
//! clerk who issued it, charged the freight undercharged (the rate table's freight for
//! what was measured, less what was charged, when that is more).
//!
//! **(reading)** A waybill marked 件重体按发货方申报 took the shipper's figures: a
//! difference is the shipper's, not the clerk's, so it proposes nothing. The latest re-weigh
//! of a waybill in the month decides.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::domain::desk::limits::{MAX_VOLUME_M3, MAX_WEIGHT_KG, parse_bounded};
use crate::domain::money::format_yuan;
use crate::domain::people::Month;
use crate::domain::people::points::{DetectedEvent, EventCode, EventSource, PointEvent, Rule};

/// The re-weigh form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReweighDraft {
    /// 实测重量 (kg).
    pub weight: String,
    /// 实测体积 (m³).
    pub volume: String,
    /// 备注.
    pub note: String,
}

/// A re-weigh checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReweigh {
    /// Measured weight, kg, above zero.
    pub weight_kg: Decimal,
    /// Measured volume, m³, above zero.
    pub volume_m3: Decimal,
    /// 备注.
    pub note: String,
}

impl ReweighDraft {
    /// The re-weigh, or what is wrong with it in Chinese.
    ///
    /// # Errors
    /// A weight or volume that is not a number above zero within the waybill's limits.
    pub fn validate(&self) -> Result<NewReweigh, String> {
        let weight = parse_bounded(&self.weight, "实测重量", "kg", MAX_WEIGHT_KG)?;
        let volume = parse_bounded(&self.volume, "实测体积", "m³", MAX_VOLUME_M3)?;
        if weight.is_zero() {
            return Err("实测重量须大于 0".to_owned());
        }
        if volume.is_zero() {
            return Err("实测体积须大于 0".to_owned());
        }
        Ok(NewReweigh {
            weight_kg: weight,
            volume_m3: volume,
            note: self.note.trim().chars().take(200).collect(),
        })
    }
}

/// A recorded re-weigh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReweighRecord {
    /// Measured weight, kg.
    pub weight_kg: Decimal,
    /// Measured volume, m³.
    pub volume_m3: Decimal,
    /// 备注.
    pub note: String,
    /// 工号 of who weighed.
    pub by: String,
    /// When.
    pub at: NaiveDateTime,
}

/// A re-weigh as the P9 detector reads it, with its waybill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReweighFacts {
    /// 单号.
    pub number: String,
    /// 工号 of the issuing clerk.
    pub clerk_id: String,
    /// 件重体按发货方申报.
    pub declared_by_shipper: bool,
    /// The waybill's weight and volume.
    pub weight_kg: Decimal,
    /// See `weight_kg`.
    pub volume_m3: Decimal,
    /// What was charged as freight.
    pub freight_yuan: Decimal,
    /// The re-weigh.
    pub measured: ReweighRecord,
    /// The rate table's freight for what was measured, if the table prices it.
    pub rate_freight_measured: Option<Decimal>,
}

/// Whether `measured` is more than 10% off `written`.
#[must_use]
pub fn beyond_tolerance(written: Decimal, measured: Decimal) -> bool {
    (measured - written).abs() * Decimal::from(10) > written
}

/// P9: each waybill re-weighed in the month (its latest re-weigh) whose weight or volume
/// is more than 10% off, for the issuing clerk, with the undercharged freight as its
/// charge.
#[must_use]
pub fn detect_wrong_measures(month: Month, reweighs: &[ReweighFacts]) -> Vec<DetectedEvent> {
    let mut latest: std::collections::BTreeMap<&str, &ReweighFacts> =
        std::collections::BTreeMap::new();
    for r in reweighs
        .iter()
        .filter(|r| month.contains(r.measured.at.date()))
    {
        let newer = latest
            .get(r.number.as_str())
            .is_none_or(|seen| seen.measured.at <= r.measured.at);
        if newer {
            latest.insert(&r.number, r);
        }
    }
    latest
        .into_values()
        .filter(|r| !r.declared_by_shipper)
        .filter(|r| {
            beyond_tolerance(r.weight_kg, r.measured.weight_kg)
                || beyond_tolerance(r.volume_m3, r.measured.volume_m3)
        })
        .map(|r| {
            let under = r
                .rate_freight_measured
                .map(|rate| rate - r.freight_yuan)
                .filter(|d| *d > Decimal::ZERO);
            let charge_text = under.map_or_else(
                || "，运费未少收".to_owned(),
                |d| format!("，少收运费 {} 元", format_yuan(d)),
            );
            DetectedEvent {
                evidence_key: r.number.clone(),
                event: PointEvent {
                    staff_id: r.clerk_id.clone(),
                    day: r.measured.at.date(),
                    code: EventCode::Rule(Rule::P9),
                    quantity: 1,
                    waybill_number: r.number.clone(),
                    note: format!(
                        "运单 {} 开单 {} kg / {} m³，{} {} 复秤 {} kg / {} m³{charge_text}",
                        r.number,
                        r.weight_kg.normalize(),
                        r.volume_m3.normalize(),
                        r.measured.by,
                        r.measured.at.format("%m-%d %H:%M"),
                        r.measured.weight_kg.normalize(),
                        r.measured.volume_m3.normalize(),
                    ),
                    source: EventSource::Detected,
                    charge_yuan: under,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn facts(number: &str, at: &str, measured: (&str, &str), rate: Option<&str>) -> ReweighFacts {
        ReweighFacts {
            number: number.into(),
            clerk_id: "A01".into(),
            declared_by_shipper: false,
            weight_kg: d("100"),
            volume_m3: d("0.5"),
            freight_yuan: d("85"),
            measured: ReweighRecord {
                weight_kg: d(measured.0),
                volume_m3: d(measured.1),
                note: String::new(),
                by: "B02".into(),
                at: NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap(),
            },
            rate_freight_measured: rate.map(d),
        }
    }

    #[test]
    fn ten_percent_is_the_tolerance() {
        assert!(!beyond_tolerance(d("100"), d("110")));
        assert!(beyond_tolerance(d("100"), d("110.1")));
        assert!(beyond_tolerance(d("100"), d("89")));
        assert!(!beyond_tolerance(d("0.5"), d("0.55")));
        assert!(beyond_tolerance(d("0"), d("1")));
    }

    /// P9 per waybill from its latest re-weigh of the month, charged the undercharge;
    /// within 10%, the shipper's declaration, or another month: nothing.
    #[test]
    fn p9_is_found_in_the_re_weighs_and_charged_the_undercharge() {
        let month: Month = "2026-11".parse().unwrap();
        let mut declared = facts("GZ05", "2026-11-21 10:00", ("150", "0.5"), Some("127.5"));
        declared.declared_by_shipper = true;
        let reweighs = vec![
            facts("GZ01", "2026-11-20 10:00", ("130", "0.5"), Some("110.5")),
            facts("GZ02", "2026-11-20 10:00", ("130", "0.5"), None),
            facts("GZ02", "2026-11-21 10:00", ("105", "0.52"), None),
            facts("GZ03", "2026-11-20 10:00", ("80", "0.5"), Some("68")),
            facts("GZ04", "2026-12-01 10:00", ("130", "0.5"), Some("110.5")),
            declared,
        ];
        let found = detect_wrong_measures(month, &reweighs);
        let summary: Vec<(&str, Option<Decimal>)> = found
            .iter()
            .map(|f| (f.evidence_key.as_str(), f.event.charge_yuan))
            .collect();
        assert_eq!(summary, [("GZ01", Some(d("25.5"))), ("GZ03", None)]);
        assert_eq!(
            found[0].event.note,
            "运单 GZ01 开单 100 kg / 0.5 m³，B02 11-20 10:00 复秤 130 kg / 0.5 m³，少收运费 25.50 元"
        );
        assert_eq!(found[0].event.staff_id, "A01");
    }

    #[test]
    fn a_re_weigh_is_checked() {
        let ok = ReweighDraft {
            weight: "130".into(),
            volume: "0.6".into(),
            note: " 到站复秤 ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!((ok.weight_kg, ok.note.as_str()), (d("130"), "到站复秤"));
        for (w, v, says) in [
            ("-1", "1", "负数"),
            ("0", "1", "大于 0"),
            ("x", "1", "不是有效的数字"),
            ("10", "0", "大于 0"),
            ("50000", "1", "超出范围"),
        ] {
            let e = ReweighDraft {
                weight: w.into(),
                volume: v.into(),
                note: String::new(),
            }
            .validate()
            .unwrap_err();
            assert!(e.contains(says), "{w} {v}: {e}");
        }
    }
}

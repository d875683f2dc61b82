//! The business reports' query (营业报表): the waybills of a day or a month read once, in
//! the order of the issue-time index, and summed up by [`ReportBuilder`] as they come, so
//! that a month of a big station (some 40,000 waybills among a million) is one range scan
//! and no copy of the rows.

use std::collections::HashMap;

use super::sql::{Row, args};
use super::{Db, Result, StorageError, parse_decimal_text, parse_time, time_text};
use crate::domain::desk::waybill::{PaymentMethod, WaybillStatus};
use crate::domain::money::from_fen;
use crate::domain::money::reports::{BusinessReport, ReportBuilder, ReportLine, ReportPeriod};

/// The columns the report reads, in the order [`report_line`] takes them.
const REPORT_SQL: &str = "SELECT issued_at, clerk_id, dest_code, dest_name, payment, status, \
     pieces, weight_kg, volume_m3, total_fen FROM waybills \
     WHERE issued_at >= ?1 AND issued_at < ?2 \
       AND (CAST(?3 AS BIGINT) IS NULL OR station_id = ?3)";

fn text(row: &Row, index: usize) -> Result<&str> {
    row.text(index)
        .map_err(|e| StorageError::Corrupt(format!("运单第 {index} 列：{e}")))
}

fn report_line(row: &Row) -> Result<ReportLine<'_>> {
    let payment = text(row, 4)?;
    let status = text(row, 5)?;
    Ok(ReportLine {
        issued_at: parse_time(text(row, 0)?)?,
        clerk_id: text(row, 1)?,
        dest_code: text(row, 2)?,
        dest_name: text(row, 3)?,
        payment: PaymentMethod::from_label(payment)
            .ok_or_else(|| StorageError::Corrupt(format!("付款方式「{payment}」")))?,
        voided: WaybillStatus::from_label(status) == Some(WaybillStatus::Void),
        pieces: row.get(6)?,
        weight_kg: parse_decimal_text(text(row, 7)?)?,
        volume_m3: parse_decimal_text(text(row, 8)?)?,
        total_yuan: from_fen(row.get(9)?),
    })
}

impl Db {
    /// The business summary of `period`: every waybill issued in it, voided ones counted
    /// apart; clerks shown by the name of the staff list.
    pub fn business_report(&self, period: ReportPeriod) -> Result<BusinessReport> {
        let names: HashMap<String, String> = self
            .staff()?
            .into_iter()
            .filter(|s| !s.name.is_empty())
            .map(|s| (s.id, s.name))
            .collect();
        let mut builder = ReportBuilder::new(period);
        self.sql().for_each(
            REPORT_SQL,
            // A station's report is its own waybills; the company's, every station's.
            args![
                time_text(period.start()),
                time_text(period.end()),
                self.scope().stored()
            ],
            |row| -> Result<()> {
                builder.add(&report_line(row)?);
                Ok(())
            },
        )?;
        let mut report = builder.finish(|id| names.get(id).cloned());
        report.cod = self.cod_figures(period.start(), period.end())?;
        let (all, by_clerk) =
            self.satisfaction_between(&time_text(period.start()), &time_text(period.end()))?;
        report.satisfaction = all;
        report.satisfaction_by_clerk = by_clerk
            .into_iter()
            .map(|(id, s)| {
                let name = names.get(&id).cloned().unwrap_or_else(|| id.clone());
                (id, name, s)
            })
            .collect();
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::at;

    use crate::domain::desk::waybill::{ValidationContext, WaybillDraft};
    use crate::domain::people::Month;
    use crate::storage::staff::StaffMember;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn issue(db: &mut Db, clerk: &str, dest: &str, freight: &str, when: &str) -> String {
        let waybill = WaybillDraft {
            dest_code: dest.into(),
            pieces: "2".into(),
            weight_kg: "100.5".into(),
            volume_m3: "0.125".into(),
            freight: freight.into(),
            payment: PaymentMethod::Collect,
            ..WaybillDraft::sample()
        }
        .validate(&ValidationContext::lenient())
        .unwrap();
        db.issue_waybill(&waybill, clerk, "GZ", at(when))
            .unwrap()
            .number
    }

    #[test]
    fn a_month_from_the_database_leaves_out_voided_and_other_months() {
        let mut db = Db::open_in_memory().unwrap();
        for (id, name) in [("A01", "张丽"), ("A02", "王强")] {
            db.upsert_staff(&StaffMember {
                id: id.into(),
                name: name.into(),
                role: "开单员".into(),
            })
            .unwrap();
        }
        issue(&mut db, "A01", "430321", "120", "2026-11-01 00:00:00");
        issue(&mut db, "A02", "110105", "80.5", "2026-11-30 23:59:59");
        let voided = issue(&mut db, "A01", "430321", "999", "2026-11-15 12:00:00");
        db.void_waybill(&voided, "A01", "写错到站", at("2026-11-15 12:05:00"))
            .unwrap();
        issue(&mut db, "A01", "430321", "50", "2026-10-31 23:59:59");
        issue(&mut db, "A01", "430321", "50", "2026-12-01 00:00:00");

        let month = ReportPeriod::Month(Month::new(2026, 11).unwrap());
        let report = db.business_report(month).unwrap();
        let d = |t| Decimal::from_str(t).unwrap();
        assert_eq!(report.voided, 1);
        assert_eq!(
            (
                report.total.waybills,
                report.total.pieces,
                report.total.weight_kg,
                report.total.volume_m3,
                report.total.revenue_yuan
            ),
            (2, 4, d("201.0"), d("0.250"), d("200.50"))
        );
        let clerks: Vec<(&str, &str)> = report
            .by_clerk
            .iter()
            .map(|r| (r.key.as_str(), r.label.as_str()))
            .collect();
        assert_eq!(clerks, [("A01", "张丽"), ("A02", "王强")]);
        assert_eq!(report.by_payment[1].figures.waybills, 2, "both 提付");
        assert_eq!(report.by_destination[0].key, "430321");

        let day = ReportPeriod::Day(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        let report = db.business_report(day).unwrap();
        assert_eq!((report.total.waybills, report.voided), (1, 0));
        let empty = ReportPeriod::Day(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
        assert!(db.business_report(empty).unwrap().is_empty());
    }
}

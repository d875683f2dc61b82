//! What a clerk uploads to 云递安, the regulator's real-name shipping app (DOMAIN.md §4):
//! no interface to it is known, so the desk exports the day's waybills as a spreadsheet
//! the clerk copies from — one row per waybill with who sent what to whom — and counts
//! the uploads on the 云递安 tab. CSV in UTF-8 with a byte-order mark, so Excel on a
//! Chinese Windows opens it without garbling.

use crate::domain::desk::waybill::{IssuedWaybill, WaybillStatus};

/// The columns, in the order of the app's real-name form.
pub const COLUMNS: [&str; 13] = [
    "单号",
    "开单时间",
    "发货方",
    "发货方电话",
    "收货方",
    "收货方电话",
    "到站",
    "品名",
    "件数",
    "包装",
    "重量kg",
    "体积m3",
    "开单员",
];

/// Why the export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The CSV writer failed (a program error).
    #[error("无法生成上传清单：{0}")]
    Csv(String),
}

/// The CSV of `waybills` to upload, voided ones left out, in number order.
pub fn uploads_csv(waybills: &[IssuedWaybill]) -> Result<Vec<u8>, ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Csv(e.to_string());
    let mut sorted: Vec<&IssuedWaybill> = waybills
        .iter()
        .filter(|w| w.status != WaybillStatus::Void)
        .collect();
    sorted.sort_by(|a, b| a.number.cmp(&b.number));
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(COLUMNS).map_err(|e| fail(&e))?;
        for issued in sorted {
            let w = &issued.waybill;
            let clerk = if issued.clerk_name.is_empty() {
                issued.clerk_id.clone()
            } else {
                format!("{} {}", issued.clerk_id, issued.clerk_name)
            };
            writer
                .write_record([
                    issued.number.as_str(),
                    &issued.issued_at.format("%Y-%m-%d %H:%M").to_string(),
                    &w.shipper.name,
                    w.shipper.phone.as_str(),
                    &w.consignee.name,
                    w.consignee.phone.as_str(),
                    &w.dest_name,
                    &w.goods_name,
                    &w.pieces.to_string(),
                    w.packaging.label(),
                    &w.weight_kg.normalize().to_string(),
                    &w.volume_m3.normalize().to_string(),
                    &clerk,
                ])
                .map_err(|e| fail(&e))?;
        }
        writer.flush().map_err(|e| fail(&e))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::desk::waybill::{ValidationContext, WaybillDraft};
    use chrono::NaiveDate;

    fn issued(number: &str, status: WaybillStatus) -> IssuedWaybill {
        let waybill = WaybillDraft {
            goods_name: "服装, 童装".into(),
            pieces: "3".into(),
            weight_kg: "120.50".into(),
            volume_m3: "0.8".into(),
            freight: "120".into(),
            ..WaybillDraft::sample()
        }
        .validate(&ValidationContext::lenient())
        .unwrap();
        IssuedWaybill {
            number: number.into(),
            issued_at: NaiveDate::from_ymd_opt(2026, 12, 2)
                .unwrap()
                .and_hms_opt(9, 5, 0)
                .unwrap(),
            clerk_id: "A01".into(),
            clerk_name: "张丽".into(),
            status,
            alter_count: 0,
            waybill,
        }
    }

    #[test]
    fn the_days_waybills_export_for_the_regulator_app() {
        let csv = uploads_csv(&[
            issued("GZ2612020002", WaybillStatus::Issued),
            issued("GZ2612020003", WaybillStatus::Void),
            issued("GZ2612020001", WaybillStatus::Issued),
        ])
        .unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        // Voided left out, number order, a comma in the goods quoted.
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1]
                .starts_with("GZ2612020001,2026-12-02 09:05,广州市白云区宏达服装厂,13912345678,")
        );
        assert!(
            lines[1].contains(",\"服装, 童装\",3,纸箱,120.5,0.8,A01 张丽"),
            "{}",
            lines[1]
        );
        assert!(lines[2].starts_with("GZ2612020002,"));
    }
}

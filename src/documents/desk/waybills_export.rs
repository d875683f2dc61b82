//! The waybill export (`kaidan export waybills FILE`): waybills in exactly the columns of
//! `import waybills` ([`WAYBILL_COLUMNS`], FORMATS.md "Waybills", then the optional
//! [`WAYBILL_OPTIONAL_COLUMNS`] of 代收货款), a row per waybill in
//! the order given (storage gives them by 单号), so that an export imports back unchanged
//! into a fresh database with the same rate table. CSV is UTF-8 with a BOM (Excel on a
//! Chinese Windows opens it as such), fields quoted where they hold a comma, a quote or a
//! line break; XLSX is one sheet of text cells under the header.

use crate::documents::desk::waybills_import::{WAYBILL_COLUMNS, WAYBILL_OPTIONAL_COLUMNS};
use crate::domain::desk::waybill::IssuedWaybill;
use crate::domain::money::format_yuan;

/// How many columns an export has: the required ones, then the optional ones.
pub const EXPORT_COLUMNS: usize = WAYBILL_COLUMNS.len() + WAYBILL_OPTIONAL_COLUMNS.len();

/// One waybill's cells, in the order of [`WAYBILL_COLUMNS`] and then
/// [`WAYBILL_OPTIONAL_COLUMNS`] (empty for a waybill that collects nothing).
#[must_use]
pub fn export_row(issued: &IssuedWaybill) -> [String; EXPORT_COLUMNS] {
    let w = &issued.waybill;
    let yuan = |v: Option<rust_decimal::Decimal>| v.map(format_yuan).unwrap_or_default();
    [
        issued.number.clone(),
        issued.issued_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        issued.clerk_id.clone(),
        w.shipper.name.clone(),
        w.shipper.phone.as_str().to_owned(),
        w.consignee.name.clone(),
        w.consignee.phone.as_str().to_owned(),
        w.dest_code.clone(),
        w.goods_name.clone(),
        w.pieces.to_string(),
        w.packaging.label().to_owned(),
        w.weight_kg.normalize().to_string(),
        w.volume_m3.normalize().to_string(),
        yuan(w.declared_value_yuan),
        w.payment.label().to_owned(),
        w.delivery.label().to_owned(),
        w.delivery_address.clone(),
        if w.receipt_copies == 0 {
            String::new()
        } else {
            w.receipt_copies.to_string()
        },
        if w.controlled_release { "是" } else { "否" }.to_owned(),
        format_yuan(w.freight_yuan),
        w.remarks.clone(),
        if w.collects_cod() {
            format_yuan(w.cod_yuan)
        } else {
            String::new()
        },
        if w.collects_cod() {
            w.cod_fee_payer.label().to_owned()
        } else {
            String::new()
        },
    ]
}

fn header() -> impl Iterator<Item = &'static str> {
    WAYBILL_COLUMNS
        .iter()
        .chain(&WAYBILL_OPTIONAL_COLUMNS)
        .copied()
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The rows as a CSV file: UTF-8 with BOM, CRLF line ends, the header first.
#[must_use]
pub fn waybills_csv(rows: &[[String; EXPORT_COLUMNS]]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&header().collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The rows as an XLSX workbook: the header row bold and frozen, every cell text (a
/// 单号 or a phone must not turn into a number).
///
/// # Errors
/// The workbook cannot be written.
pub fn waybills_xlsx(
    rows: &[[String; EXPORT_COLUMNS]],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("运单")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, name) in (0_u16..).zip(header()) {
        sheet.write_string_with_format(0, c, name, &bold)?;
    }
    for (r, row) in (1_u32..).zip(rows) {
        for (c, cell) in (0_u16..).zip(row) {
            if !cell.is_empty() {
                sheet.write_string(r, c, cell)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it_and_starts_with_a_bom() {
        let mut row: [String; EXPORT_COLUMNS] = Default::default();
        row[0] = "GZ0001".into();
        row[20] = "易碎, 轻放 \"小心\"".into();
        row[21] = "1200.00".into();
        let text = String::from_utf8(waybills_csv(&[row])).unwrap();
        assert!(text.starts_with("\u{feff}单号,开单日期,"));
        assert!(text.contains(",运费,备注,代收货款,代收手续费付款\r\n"));
        assert!(
            text.ends_with("GZ0001,,,,,,,,,,,,,,,,,,,,\"易碎, 轻放 \"\"小心\"\"\",1200.00,\r\n")
        );
    }
}

//! The rate table import (`kaidan import rates FILE`, FORMATS.md "Rate table"): turns the
//! rows of a [`Table`] into a [`RateTable`], or into one located Chinese message per bad
//! cell. Nothing is written here; the caller replaces the stored table only when every
//! row is good, so an import is all-or-nothing.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::documents::tabular::{RowErrors, Table};
use crate::domain::desk::destinations::{Divisions, ResolveError};
use crate::domain::desk::limits::{
    MAX_MONEY_YUAN, MAX_RATE_FROM_KG, MAX_YUAN_PER_KG, MAX_YUAN_PER_M3, check_bounded,
};
use crate::domain::desk::rates::{RateRow, RateTable};
use crate::domain::money::parse_decimal;

/// The columns of a rate table file, exactly as FORMATS.md names them.
pub const RATE_COLUMNS: [&str; 6] = [
    "到站代码",
    "起始重量kg",
    "重货单价",
    "轻货单价",
    "最低收费",
    "送货费",
];

/// Index of each column in [`RATE_COLUMNS`] (and so in a row's cells).
const CODE: usize = 0;
const FROM_WEIGHT: usize = 1;
const HEAVY: usize = 2;
const LIGHT: usize = 3;
const MINIMUM: usize = 4;
const DELIVERY: usize = 5;

/// Reads every row of `table` (read with [`RATE_COLUMNS`]) into a rate table.
///
/// Every bad cell is reported with its row and column: a destination code that is not a
/// county-level division of `divisions`, an amount that is empty, not a number or
/// negative, and a second row for the same destination and starting weight (which names
/// the first). A file without data rows is refused too: importing it would empty the
/// rate table, which is never what the supervisor meant.
pub fn parse_rates(table: &Table, divisions: &Divisions) -> Result<RateTable, RowErrors> {
    let mut errors = RowErrors::new(&table.file);
    if table.rows.is_empty() {
        errors.push(1, None, "文件只有表头，没有报价行：报价表不能导入为空表");
        return Err(errors);
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    // (code, normalized start) → the row number where it was first seen.
    let mut first_seen: HashMap<(String, Decimal), usize> = HashMap::new();
    for row in &table.rows {
        let mut bad = |column: usize, message: String| {
            errors.push(row.line, Some(RATE_COLUMNS[column]), message);
        };
        let code = destination_code(row.cell(CODE), divisions).map_err(|m| bad(CODE, m));
        let mut amount =
            |column: usize| non_negative(row.cell(column), column).map_err(|m| bad(column, m));
        let from_weight = amount(FROM_WEIGHT);
        let heavy = amount(HEAVY);
        let light = amount(LIGHT);
        let minimum = amount(MINIMUM);
        let delivery = amount(DELIVERY);

        if let (Ok(code), Ok(from)) = (&code, &from_weight) {
            match first_seen.entry((code.clone(), from.normalize())) {
                std::collections::hash_map::Entry::Occupied(first) => errors.push(
                    row.line,
                    Some(RATE_COLUMNS[FROM_WEIGHT]),
                    format!(
                        "到站 {code} 起始重量 {} kg 与第 {} 行重复",
                        from.normalize(),
                        first.get()
                    ),
                ),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(row.line);
                }
            }
        }
        if let (Ok(dest_code), Ok(from), Ok(heavy), Ok(light), Ok(minimum), Ok(delivery)) =
            (code, from_weight, heavy, light, minimum, delivery)
        {
            rows.push(RateRow {
                dest_code,
                from_weight_kg: from,
                heavy_yuan_per_kg: heavy,
                light_yuan_per_m3: light,
                minimum_yuan: minimum,
                delivery_fee_yuan: delivery,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Duplicates were refused above with their row numbers, so this cannot fail; should
    // it ever, the message still points at the file rather than losing the error.
    RateTable::new(rows).map_err(|e| {
        let mut errors = RowErrors::new(&table.file);
        errors.push(1, None, e.to_string());
        errors
    })
}

/// The county-level code in a 到站代码 cell, or why it is not one (shared by the imports
/// that carry the column, so they all explain a city code the same way).
pub(crate) fn destination_code(text: &str, divisions: &Divisions) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写到站代码（6 位县级行政区划代码）".to_owned());
    }
    if let Some(division) = divisions.by_code(text) {
        return Ok(division.code.clone());
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "「{text}」不是行政区划代码：请填写 6 位县级代码，如 430321（湘潭县）"
        ));
    }
    // Digits that are no county code: `resolve` tells a province or city code (43, 4303,
    // 430300) from a code that does not exist at all.
    Err(match divisions.resolve(text) {
        Err(ResolveError::NotCountyLevel(_)) => {
            format!("{text} 不是县级代码（省、市级代码不能作为到站），请填写具体区/县的 6 位代码")
        }
        _ => format!("{text} 不是有效的县级行政区划代码"),
    })
}

/// A number of the table that may be zero but not negative.
/// A number of the column within its range (FORMATS.md "Ranges").
fn non_negative(text: &str, column: usize) -> Result<Decimal, String> {
    let name = RATE_COLUMNS[column];
    if text.trim().is_empty() {
        return Err(format!("请填写{name}"));
    }
    let value = parse_decimal(text).ok_or_else(|| format!("「{}」不是有效的数字", text.trim()))?;
    let (unit, max) = match column {
        FROM_WEIGHT => ("公斤", MAX_RATE_FROM_KG),
        HEAVY => ("元/公斤", MAX_YUAN_PER_KG),
        LIGHT => ("元/方", MAX_YUAN_PER_M3),
        _ => ("元", MAX_MONEY_YUAN),
    };
    check_bounded(value, name, unit, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::tabular::read_table_bytes;
    use std::str::FromStr;

    fn parse(csv: &str) -> Result<RateTable, RowErrors> {
        let table = read_table_bytes("rates.csv", csv.as_bytes(), &RATE_COLUMNS).unwrap();
        parse_rates(&table, Divisions::bundled())
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    const HEADER: &str = "到站代码,起始重量kg,重货单价,轻货单价,最低收费,送货费\n";

    #[test]
    fn good_rows_make_a_sorted_table() {
        let table = parse(&format!(
            "{HEADER}430321,500,0.75,150,30,50\n430321,0,0.85,180,30,50\n110105,0,1.2,\"¥1,260\",40,0\n"
        ))
        .unwrap();
        let rows = table.rows();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].dest_code, "110105");
        assert_eq!(rows[0].heavy_yuan_per_kg, d("1.2"));
        // The yuan sign and thousands separators as Excel writes them.
        assert_eq!(rows[0].light_yuan_per_m3, d("1260"));
        assert_eq!(rows[0].delivery_fee_yuan, Decimal::ZERO);
        assert_eq!(
            (rows[1].from_weight_kg, rows[2].from_weight_kg),
            (d("0"), d("500"))
        );
        assert_eq!(
            table.row_for("430321", d("300")).unwrap().heavy_yuan_per_kg,
            d("0.85")
        );
    }

    #[test]
    fn every_bad_cell_is_named() {
        let errors = parse(&format!(
            "{HEADER}\
             430300,0,0.85,180,30,50\n\
             4303,0,0.85,180,30,50\n\
             999999,0,0.85,180,30,50\n\
             湘潭县,0,0.85,180,30,50\n\
             430321,-1,abc,180,,50\n\
             430321,0,0.85,180,30,-5\n"
        ))
        .unwrap_err();
        let found: Vec<(usize, Option<&str>)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (2, Some("到站代码")),
                (3, Some("到站代码")),
                (4, Some("到站代码")),
                (5, Some("到站代码")),
                (6, Some("起始重量kg")),
                (6, Some("重货单价")),
                (6, Some("最低收费")),
                (7, Some("送货费")),
            ]
        );
        let report = errors.report();
        assert!(
            report.contains("第 2 行「到站代码」：430300 不是县级代码"),
            "{report}"
        );
        assert!(report.contains("第 3 行「到站代码」：4303 不是县级代码"));
        assert!(report.contains("第 4 行「到站代码」：999999 不是有效的县级行政区划代码"));
        assert!(report.contains("第 5 行「到站代码」：「湘潭县」不是行政区划代码"));
        assert!(report.contains("第 6 行「起始重量kg」：起始重量kg不能为负数"));
        assert!(report.contains("第 6 行「重货单价」：「abc」不是有效的数字"));
        assert!(report.contains("第 6 行「最低收费」：请填写最低收费"));
    }

    #[test]
    fn prices_beyond_their_range_are_named_and_never_reach_a_quote() {
        let errors = parse(&format!(
            "{HEADER}\
             430321,0,79228162514264337593543950335,180,30,50\n\
             430321,500,0.85,1e27,30,50\n\
             110105,100001,0.85,180,10000001,50\n"
        ))
        .unwrap_err();
        let report = errors.report();
        assert!(
            report.contains("第 2 行「重货单价」：重货单价 79228162514264337593543950335 超出范围：最多 1000 元/公斤"),
            "{report}"
        );
        assert!(report.contains("第 3 行「轻货单价」：轻货单价"), "{report}");
        assert!(report.contains("第 4 行「起始重量kg」"), "{report}");
        assert!(report.contains("第 4 行「最低收费」"), "{report}");
    }

    #[test]
    fn duplicate_start_names_the_first_row() {
        let errors = parse(&format!(
            "{HEADER}430321,0,0.85,180,30,50\n430381,0,1,1,1,1\n430321,0.0,0.9,190,30,50\n"
        ))
        .unwrap_err();
        assert_eq!(
            errors.report(),
            "kaidan: rates.csv 第 4 行「起始重量kg」：到站 430321 起始重量 0 kg 与第 2 行重复"
        );
    }

    #[test]
    fn header_only_file_is_refused() {
        let errors = parse(HEADER).unwrap_err();
        assert_eq!(errors.total(), 1);
        assert!(errors.report().contains("没有报价行"));
    }
}

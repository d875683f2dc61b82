//! The waybill import (`kaidan import waybills FILE`, FORMATS.md "Waybills"): waybills from
//! an old system or a spreadsheet, turned into [`IssuedWaybill`]s through the same
//! [`WaybillDraft::validate`] the form uses, so an imported waybill obeys every rule a
//! typed one does. Each error names the import column it came from. Nothing is written
//! here; storage writes the whole file in one transaction or nothing.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::documents::desk::rates_import::destination_code;
use crate::documents::tabular::{RowErrors, Table, TableRow};
use crate::domain::desk::waybill::{
    CodFeePayer, DeliveryMode, Field, IssuedWaybill, Packaging, PaymentMethod, ValidationContext,
    WaybillDraft, WaybillStatus,
};

/// The columns of a waybill file, exactly as FORMATS.md names them.
pub const WAYBILL_COLUMNS: [&str; 21] = [
    "单号",
    "开单日期",
    "开单员工号",
    "发货方",
    "发货方电话",
    "收货方",
    "收货方电话",
    "到站代码",
    "品名",
    "件数",
    "包装",
    "重量kg",
    "体积m3",
    "保价金额",
    "付款方式",
    "送货方式",
    "送货地址",
    "回单份数",
    "等通知放货",
    "运费",
    "备注",
];

/// Columns a waybill file may have besides [`WAYBILL_COLUMNS`] (issue 17; older files
/// without them still import): 代收货款 in yuan (empty = none), and who pays its fee,
/// 从货款扣 or 随运费付 (empty = 从货款扣).
pub const WAYBILL_OPTIONAL_COLUMNS: [&str; 2] = ["代收货款", "代收手续费付款"];

/// The longest waybill number accepted; numbers of other systems are short codes.
const MAX_NUMBER_CHARS: usize = 32;

/// A cell of a row, by column name (one of [`WAYBILL_COLUMNS`]).
struct Cells<'a> {
    row: &'a TableRow,
    columns: &'a [String],
}

impl<'a> Cells<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.columns
            .iter()
            .position(|c| c == column)
            .map_or("", |i| self.row.cell(i))
    }
}

/// Reads every row of `table` (read with [`WAYBILL_COLUMNS`]) into issued waybills.
///
/// Each row becomes a [`WaybillDraft`] checked by [`WaybillDraft::validate`] against
/// `ctx`, whose `prohibited` list should be empty: an import records history that
/// already happened, it does not screen goods again. Beyond the form's own rules: `单号`
/// must be given and new (`exists` says whether the database has it; a number repeated in
/// the file is refused on its second row), `开单日期` is `YYYY-MM-DD` (taken as 00:00:00)
/// or `YYYY-MM-DD HH:MM[:SS]`, `开单员工号` is required, `付款方式`, `送货方式` and `包装`
/// must be one of their labels, `等通知放货` is 是 or 否 (empty = 否), and `运费` — what was
/// charged — is required. The clerk's name is left empty for storage to fill in.
pub fn parse_waybills(
    table: &Table,
    ctx: &ValidationContext<'_>,
    exists: &dyn Fn(&str) -> bool,
) -> Result<Vec<IssuedWaybill>, RowErrors> {
    let mut errors = RowErrors::new(&table.file);
    let mut out = Vec::with_capacity(table.rows.len());
    // 单号 → the row it was first seen on.
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cells = Cells {
            row,
            columns: &table.columns,
        };
        if let Some(waybill) = parse_row(&cells, ctx, exists, &mut first_seen, &mut errors) {
            out.push(waybill);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One row: every problem pushed to `errors` (at most one per column), the waybill when
/// there is none.
fn parse_row(
    cells: &Cells<'_>,
    ctx: &ValidationContext<'_>,
    exists: &dyn Fn(&str) -> bool,
    first_seen: &mut HashMap<String, usize>,
    errors: &mut RowErrors,
) -> Option<IssuedWaybill> {
    let line = cells.row.line;
    // Errors found here, before the form's validation, by column.
    let mut own: Vec<(&'static str, String)> = Vec::new();

    let number = cells.get("单号").to_owned();
    if number.is_empty() {
        own.push(("单号", "请填写单号".to_owned()));
    } else if number.chars().count() > MAX_NUMBER_CHARS || number.chars().any(char::is_whitespace) {
        own.push((
            "单号",
            format!("单号「{number}」不能含空格，且最多 {MAX_NUMBER_CHARS} 个字符"),
        ));
    } else if let Some(first) = first_seen.get(&number) {
        own.push((
            "单号",
            format!("单号 {number} 与第 {first} 行重复，同一单号只能导入一次"),
        ));
    } else if exists(&number) {
        own.push(("单号", format!("单号 {number} 已在数据库中，不能重复导入")));
    } else {
        first_seen.insert(number.clone(), line);
    }

    let issued_at = parse_issued_at(cells.get("开单日期")).map_err(|m| own.push(("开单日期", m)));

    let clerk_id = cells.get("开单员工号").to_owned();
    // Checked here too, for the message that tells a city code from a wrong one.
    if let Err(m) = destination_code(cells.get("到站代码"), ctx.divisions) {
        own.push(("到站代码", m));
    }
    if clerk_id.is_empty() {
        own.push(("开单员工号", "请填写开单员工号".to_owned()));
    }

    let packaging = choice(cells.get("包装"), "包装", Packaging::ALL, Packaging::label)
        .map_err(|m| own.push(("包装", m)));
    let payment = choice(
        cells.get("付款方式"),
        "付款方式",
        PaymentMethod::ALL,
        PaymentMethod::label,
    )
    .map_err(|m| own.push(("付款方式", m)));
    let delivery = choice(
        cells.get("送货方式"),
        "送货方式",
        DeliveryMode::ALL,
        DeliveryMode::label,
    )
    .map_err(|m| own.push(("送货方式", m)));
    let cod_fee_payer = if cells.get("代收手续费付款").is_empty() {
        Ok(CodFeePayer::default())
    } else {
        choice(
            cells.get("代收手续费付款"),
            "代收手续费付款",
            CodFeePayer::ALL,
            CodFeePayer::label,
        )
    }
    .map_err(|m| own.push(("代收手续费付款", m)));
    let controlled_release = match cells.get("等通知放货") {
        "" | "否" => false,
        "是" => true,
        other => {
            own.push((
                "等通知放货",
                format!("「{other}」不是有效的值：请填 是 或 否（空白视为否）"),
            ));
            false
        }
    };
    if cells.get("运费").is_empty() {
        own.push(("运费", "请填写运费（实际收取的运费）".to_owned()));
    }

    let draft = WaybillDraft {
        dest_code: cells.get("到站代码").to_owned(),
        shipper_name: cells.get("发货方").to_owned(),
        shipper_phone: cells.get("发货方电话").to_owned(),
        consignee_name: cells.get("收货方").to_owned(),
        consignee_phone: cells.get("收货方电话").to_owned(),
        goods_name: cells.get("品名").to_owned(),
        pieces: cells.get("件数").to_owned(),
        packaging: packaging.unwrap_or(Packaging::Other),
        weight_kg: cells.get("重量kg").to_owned(),
        volume_m3: cells.get("体积m3").to_owned(),
        delivery: delivery.unwrap_or(DeliveryMode::SelfPickup),
        delivery_address: cells.get("送货地址").to_owned(),
        receipt_copies: cells.get("回单份数").to_owned(),
        controlled_release,
        declared_value: cells.get("保价金额").to_owned(),
        payment: payment.unwrap_or(PaymentMethod::PayNow),
        cod: cells.get("代收货款").to_owned(),
        cod_fee_payer: cod_fee_payer.unwrap_or_default(),
        freight: cells.get("运费").to_owned(),
        remarks: cells.get("备注").to_owned(),
        ..WaybillDraft::sample()
    };
    let validated = draft.validate(ctx);

    // One message per column, in the order of the columns: a column this importer
    // already refused keeps its own message (an empty 运费 is not also "报价表没有此到站
    // 的价格").
    let mut found: Vec<(Option<&str>, String)> = own
        .into_iter()
        .map(|(column, message)| (Some(column), message))
        .collect();
    if let Err(field_errors) = &validated {
        for error in field_errors {
            match import_column(error.field) {
                Some(column) if found.iter().any(|(c, _)| *c == Some(column)) => {}
                Some(column) => found.push((Some(column), error.message.clone())),
                // A field without its own column (none is reachable from an import's
                // draft today) is still reported, under the form's label.
                None => found.push((None, format!("{}：{}", error.field.label(), error.message))),
            }
        }
    }
    if validated.is_err() && found.is_empty() {
        // Validation always names a field; should it ever not, the row still fails loudly.
        found.push((None, "此行未通过运单校验".to_owned()));
    }
    if !found.is_empty() {
        let position = |column: Option<&str>| {
            column
                .and_then(|c| {
                    WAYBILL_COLUMNS
                        .iter()
                        .chain(&WAYBILL_OPTIONAL_COLUMNS)
                        .position(|name| *name == c)
                })
                .unwrap_or(WAYBILL_COLUMNS.len() + WAYBILL_OPTIONAL_COLUMNS.len())
        };
        found.sort_by_key(|(column, _)| position(*column));
        for (column, message) in found {
            errors.push(line, column, message);
        }
        return None;
    }
    let (Ok(waybill), Ok(issued_at)) = (validated, issued_at) else {
        return None;
    };
    Some(IssuedWaybill {
        number,
        issued_at,
        clerk_id,
        clerk_name: String::new(),
        status: WaybillStatus::Issued,
        alter_count: 0,
        waybill,
    })
}

/// The import column a form field is read from, `None` for fields an import does not
/// carry (they keep the draft's defaults, so their errors cannot arise).
fn import_column(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Destination => "到站代码",
        Field::ShipperName => "发货方",
        Field::ShipperPhone => "发货方电话",
        Field::ConsigneeName => "收货方",
        Field::ConsigneePhone => "收货方电话",
        Field::GoodsName => "品名",
        Field::Pieces => "件数",
        Field::Packaging => "包装",
        Field::WeightKg => "重量kg",
        Field::VolumeM3 => "体积m3",
        Field::Delivery => "送货方式",
        Field::DeliveryAddress => "送货地址",
        Field::ReceiptCopies => "回单份数",
        Field::ControlledRelease => "等通知放货",
        Field::DeclaredValue => "保价金额",
        Field::Payment => "付款方式",
        Field::Cod => "代收货款",
        Field::CodFee => "代收手续费付款",
        Field::Freight => "运费",
        Field::Remarks => "备注",
        Field::DeclaredByShipper
        | Field::Dangerous
        | Field::Fragile
        | Field::Orientation
        | Field::Condition
        | Field::ConditionNote
        | Field::ShipperBearsDamage
        | Field::Transfer
        | Field::TransferRebate
        | Field::ArrivalDate
        | Field::Premium
        | Field::DeliveryFee
        | Field::Total => return None,
    })
}

/// One of a closed set of labels; empty or anything else is refused with the choices.
fn choice<T: Copy>(
    text: &str,
    what: &str,
    all: &[T],
    label: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    let choices = || {
        all.iter()
            .map(|&v| label(v))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    if text.is_empty() {
        return Err(format!("请填写{what}：{}", choices()));
    }
    all.iter()
        .copied()
        .find(|&v| label(v) == text)
        .ok_or_else(|| format!("「{text}」不是有效的{what}：应为 {}", choices()))
}

/// 开单日期: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (`/` also accepted between the date
/// parts, as Excel on a Chinese Windows writes dates into CSV). A date without a time is
/// taken as 00:00:00 of that day, so it sorts first among the day's waybills and never
/// moves to another day.
fn parse_issued_at(text: &str) -> Result<NaiveDateTime, String> {
    const MESSAGE: &str = "请填写开单日期，格式 2026-11-23 或 2026-11-23 14:05";
    if text.is_empty() {
        return Err(MESSAGE.to_owned());
    }
    let text = text.replace('/', "-");
    let text = text.trim();
    let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|date| date.and_time(NaiveTime::MIN))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"));
    parsed
        .map_err(|_| format!("「{text}」不是有效的开单日期：{MESSAGE}"))
        .and_then(|at| crate::domain::desk::limits::check_date(at.date(), "开单日期").map(|_| at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::tabular::read_table_bytes;

    use crate::domain::desk::rates::RateTable;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn rates() -> RateTable {
        crate::demo::samples::rate_table()
    }

    const GOOD: &str = "GZ2611230001,2026-11-23 09:15,A01,广州市白云区宏达服装厂,13912345678,湘潭县易俗河李记批发部,0731-57123456,430321,服装,12,纸箱,300,1.2,3000,提付,上楼,湘潭县易俗河镇建设路 18 号,2,是,255,老系统导入";

    fn parse(rows: &[&str], existing: &[&str]) -> Result<Vec<IssuedWaybill>, RowErrors> {
        let csv = format!("{}\n{}\n", WAYBILL_COLUMNS.join(","), rows.join("\n"));
        let table = read_table_bytes("waybills.csv", csv.as_bytes(), &WAYBILL_COLUMNS).unwrap();
        let rates = rates();
        let ctx = ValidationContext::priced(&rates, &[]);
        parse_waybills(&table, &ctx, &|n| existing.contains(&n))
    }

    fn located(errors: &RowErrors) -> Vec<(usize, Option<&str>)> {
        errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect()
    }

    #[test]
    fn a_good_row_becomes_an_issued_waybill() {
        let waybills = parse(&[GOOD], &[]).unwrap();
        let [issued] = &waybills[..] else {
            panic!("{waybills:?}")
        };
        assert_eq!(issued.number, "GZ2611230001");
        assert_eq!(issued.issued_at.to_string(), "2026-11-23 09:15:00");
        assert_eq!(issued.clerk_id, "A01");
        assert_eq!(issued.clerk_name, "");
        assert_eq!(issued.status, WaybillStatus::Issued);
        let w = &issued.waybill;
        assert_eq!(w.dest_name, "湘潭市 湘潭县");
        assert_eq!(w.payment, PaymentMethod::Collect);
        assert_eq!(w.delivery, DeliveryMode::Upstairs);
        assert!(w.controlled_release);
        assert_eq!(w.receipt_copies, 2);
        assert_eq!(
            (
                w.freight_yuan,
                w.premium_yuan,
                w.delivery_fee_yuan,
                w.total_yuan
            ),
            (d("255.00"), d("10.00"), d("50.00"), d("315.00"))
        );
        assert_eq!(w.remarks, "老系统导入");
    }

    #[test]
    fn dates_with_and_without_time() {
        for (text, expected) in [
            ("2026-11-23", "2026-11-23 00:00:00"),
            ("2026-11-23 14:05", "2026-11-23 14:05:00"),
            ("2026-11-23 14:05:09", "2026-11-23 14:05:09"),
            ("2026/11/3", "2026-11-03 00:00:00"),
            ("2026/11/3 8:05", "2026-11-03 08:05:00"),
        ] {
            assert_eq!(
                parse_issued_at(text).map(|t| t.to_string()),
                Ok(expected.to_owned()),
                "{text}"
            );
        }
        for text in ["", "2026-13-01", "23.11.2026", "2026-11-23 25:00", "昨天"] {
            assert!(parse_issued_at(text).is_err(), "{text}");
        }
    }

    #[test]
    fn short_charge_is_kept_not_refused() {
        let row = GOOD.replace(",255,", ",200,");
        let waybills = parse(&[&row], &[]).unwrap();
        assert_eq!(waybills[0].waybill.short_charge_yuan(), Some(d("55.00")));
    }

    #[test]
    fn prohibited_goods_are_not_screened_on_import() {
        let row = GOOD.replace(",服装,", ",汽油,");
        assert_eq!(parse(&[&row], &[]).unwrap()[0].waybill.goods_name, "汽油");
    }

    #[test]
    fn each_bad_cell_names_its_column() {
        let cases: &[(&str, &str, &str)] = &[
            (",2026-11-23 09:15,", ",2026-11-32,", "开单日期"),
            (",A01,", ",,", "开单员工号"),
            (",13912345678,", ",1391234567,", "发货方电话"),
            (",0731-57123456,", ",0731-123,", "收货方电话"),
            (",430321,", ",430300,", "到站代码"),
            (",服装,", ",,", "品名"),
            (",12,", ",0,", "件数"),
            (",纸箱,", ",麻袋,", "包装"),
            (",300,", ",abc,", "重量kg"),
            (",1.2,", ",0,", "体积m3"),
            (",3000,", ",-1,", "保价金额"),
            (",提付,", ",到付,", "付款方式"),
            (",上楼,", ",送货,", "送货方式"),
            (",湘潭县易俗河镇建设路 18 号,", ",,", "送货地址"),
            (",2,是,", ",x,是,", "回单份数"),
            (
                ",提付,上楼,湘潭县易俗河镇建设路 18 号,2,",
                ",回单付,上楼,湘潭县易俗河镇建设路 18 号,0,",
                "回单份数",
            ),
            (",是,", ",要,", "等通知放货"),
            (",255,", ",,", "运费"),
            (",255,", ",abc,", "运费"),
            ("GZ2611230001,", ",", "单号"),
        ];
        for (from, to, column) in cases {
            let row = GOOD.replacen(from, to, 1);
            assert_ne!(row, GOOD, "{from} not in the good row");
            let errors = parse(&[&row], &[]).unwrap_err();
            assert_eq!(located(&errors), [(2, Some(*column))], "{from} → {to}");
        }
    }

    #[test]
    fn numbers_must_be_new() {
        let other = GOOD.replace("GZ2611230001", "GZ2611230002");
        let errors = parse(&[GOOD, &other, GOOD], &["GZ2611230002"]).unwrap_err();
        assert_eq!(located(&errors), [(3, Some("单号")), (4, Some("单号"))]);
        let report = errors.report();
        assert!(
            report.contains("单号 GZ2611230002 已在数据库中"),
            "{report}"
        );
        assert!(
            report.contains("单号 GZ2611230001 与第 2 行重复"),
            "{report}"
        );
    }

    #[test]
    fn issue_dates_outside_1970_to_2099_are_refused() {
        for date in [
            "0000-01-01",
            "+10000-01-01",
            "9999-12-31 00:00",
            "1969-12-31",
        ] {
            let row = GOOD.replace("2026-11-23 09:15", date);
            let errors = parse(&[&row], &[]).unwrap_err();
            assert_eq!(
                errors
                    .iter()
                    .map(|e| e.column.as_deref())
                    .collect::<Vec<_>>(),
                [Some("开单日期")],
                "{date}"
            );
        }
    }

    #[test]
    fn every_bad_row_is_reported_together() {
        let bad_phone = GOOD
            .replace("GZ2611230001", "X2")
            .replace(",13912345678,", ",139,");
        let zero_pieces = GOOD.replace("GZ2611230001", "X3").replace(",12,", ",0,");
        let no_address = GOOD
            .replace("GZ2611230001", "X4")
            .replace(",湘潭县易俗河镇建设路 18 号,", ",,");
        let errors = parse(&[GOOD, &bad_phone, &zero_pieces, &no_address], &[]).unwrap_err();
        assert_eq!(
            located(&errors),
            [
                (3, Some("发货方电话")),
                (4, Some("件数")),
                (5, Some("送货地址"))
            ]
        );
    }

    #[test]
    fn city_code_is_called_not_county_level() {
        let row = GOOD.replace(",430321,", ",430300,");
        let report = parse(&[&row], &[]).unwrap_err().report();
        assert!(
            report.contains("第 2 行「到站代码」：430300 不是县级代码"),
            "{report}"
        );
    }

    #[test]
    fn errors_of_a_row_come_in_column_order() {
        let row = GOOD
            .replace(",255,", ",,")
            .replace(",提付,", ",到付,")
            .replace(",12,", ",0,")
            .replace(",A01,", ",,");
        let errors = parse(&[&row], &[]).unwrap_err();
        assert_eq!(
            located(&errors),
            [
                (2, Some("开单员工号")),
                (2, Some("件数")),
                (2, Some("付款方式")),
                (2, Some("运费"))
            ]
        );
    }

    #[test]
    fn one_message_per_column() {
        // No rate for 110105 and no 运费: only "请填写运费", not also "报价表没有…".
        let row = GOOD.replace(",430321,", ",110105,").replace(",255,", ",,");
        let errors = parse(&[&row], &[]).unwrap_err();
        assert_eq!(errors.total(), 1);
        assert!(errors.report().contains("请填写运费"));
    }
}

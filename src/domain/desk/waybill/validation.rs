//! A draft checked into a [`Waybill`]: every field parsed and judged with a Chinese
//! message of its own, the weight and volume against each other, the destination, the
//! screening of the goods, the printable characters, and the fees computed from the rate
//! table with the remarks the rules add.

use super::{
    CodFeePayer, Condition, Field, FieldError, MAX_DENSITY_KG_PER_M3, MAX_PIECES,
    MAX_RECEIPT_COPIES, MAX_VOLUME_M3, MAX_WEIGHT_KG, Party, PaymentMethod, Waybill, WaybillDraft,
};

/// Why a 回单付 waybill without a receipt copy is refused.
pub const NO_RECEIPT_COPY: &str =
    "付款方式为「回单付」：回单份数至少 1 份（凭签收回单收款，没有回单就收不到钱）";
use crate::domain::desk::destinations::Divisions;
use crate::domain::desk::limits::parse_measure;
use crate::domain::desk::phone::Phone;
use crate::domain::desk::rates::{FeeSettings, RateTable, freight};
use crate::domain::desk::screening::{ProhibitedWord, screen};
use crate::domain::money::{format_yuan, parse_decimal, round_yuan};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What a draft needs to be checked against.
pub struct ValidationContext<'a> {
    /// County-level destinations.
    pub divisions: &'a Divisions,
    /// The rate table.
    pub rates: &'a RateTable,
    /// Premium settings.
    pub fees: &'a FeeSettings,
    /// Prohibited goods.
    pub prohibited: &'a [ProhibitedWord],
    /// Whether the waybill's font can print a character: a name with 🙂 in it would be
    /// saved and then never print. The window and the imports pass the font's own answer
    /// (`documents::pdf::printable`); re-reading stored waybills passes `&|_| true`.
    pub printable: &'a dyn Fn(char) -> bool,
}

impl<'a> ValidationContext<'a> {
    /// A draft priced by `rates` and screened against `prohibited`, with the default
    /// premium settings and every character printable: what the imports of history, the
    /// tests and the benches check against.
    #[must_use]
    pub fn priced(rates: &'a RateTable, prohibited: &'a [ProhibitedWord]) -> Self {
        static FEES: std::sync::LazyLock<FeeSettings> =
            std::sync::LazyLock::new(FeeSettings::default);
        Self {
            divisions: Divisions::bundled(),
            rates,
            fees: &FEES,
            prohibited,
            printable: &|_| true,
        }
    }
}

impl ValidationContext<'static> {
    /// A draft checked as it stands and priced by nothing: no rate table (the freight
    /// must be typed), the default premium settings, nothing prohibited, every character
    /// printable. What tests, benches and imported stand-ins check against.
    #[must_use]
    pub fn lenient() -> Self {
        static NO_RATES: std::sync::LazyLock<RateTable> =
            std::sync::LazyLock::new(RateTable::default);
        static FEES: std::sync::LazyLock<FeeSettings> =
            std::sync::LazyLock::new(FeeSettings::default);
        Self {
            divisions: Divisions::bundled(),
            rates: &NO_RATES,
            fees: &FEES,
            prohibited: &[],
            printable: &|_| true,
        }
    }
}

impl WaybillDraft {
    /// Adds an error for each printed text field holding a character the font cannot
    /// print, unless the field has one already.
    fn refuse_unprintable(&self, printable: &dyn Fn(char) -> bool, errors: &mut Vec<FieldError>) {
        let fields = [
            (Field::ShipperName, &self.shipper_name),
            (Field::ConsigneeName, &self.consignee_name),
            (Field::GoodsName, &self.goods_name),
            (Field::ConditionNote, &self.condition_note),
            (Field::DeliveryAddress, &self.delivery_address),
            (Field::Remarks, &self.remarks),
        ];
        for (field, text) in fields {
            if errors.iter().any(|e| e.field == field) {
                continue;
            }
            if let Some(ch) = text.chars().find(|c| !c.is_whitespace() && !printable(*c)) {
                errors.push(FieldError {
                    field,
                    message: format!(
                        "{}中的「{ch}」无法打印（字库里没有这个字符）：请删去或改用常用字",
                        field.label()
                    ),
                });
            }
        }
    }

    /// Checks every field and computes the fees. All errors are returned together, one per
    /// field at most, so the form can mark them all at once.
    pub fn validate(&self, ctx: &ValidationContext<'_>) -> Result<Waybill, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: Field, message: String| errors.push(FieldError { field, message });

        let dest = ctx.divisions.by_code(self.dest_code.trim());
        if dest.is_none() {
            fail(
                Field::Destination,
                if self.dest_code.trim().is_empty() {
                    "请选择到站（县级：区/县/县级市）".to_owned()
                } else {
                    format!("到站代码 {} 不是有效的县级行政区", self.dest_code.trim())
                },
            );
        }
        let shipper_name = required_text(&self.shipper_name, "请填写发货方全名")
            .map_err(|m| fail(Field::ShipperName, m));
        let shipper_phone =
            Phone::parse(&self.shipper_phone).map_err(|e| fail(Field::ShipperPhone, e.to_string()));
        let consignee_name = required_text(&self.consignee_name, "请填写收货方全名")
            .map_err(|m| fail(Field::ConsigneeName, m));
        let consignee_phone = Phone::parse(&self.consignee_phone)
            .map_err(|e| fail(Field::ConsigneePhone, e.to_string()));

        let goods_name =
            required_text(&self.goods_name, "请填写品名").and_then(|name| {
                match screen(&name, false, ctx.prohibited) {
                    Some(refusal) => Err(refusal.reason),
                    None => Ok(name),
                }
            });
        let goods_name = goods_name.map_err(|m| fail(Field::GoodsName, m));
        if self.dangerous {
            fail(
                Field::Dangerous,
                "危险品不予托运：请向客户说明并登记拒收".to_owned(),
            );
        }

        let pieces = parse_pieces(&self.pieces).map_err(|m| fail(Field::Pieces, m));
        let weight = parse_measure(&self.weight_kg, "重量", "公斤", MAX_WEIGHT_KG)
            .map_err(|m| fail(Field::WeightKg, m));
        let volume = parse_measure(&self.volume_m3, "体积", "方", MAX_VOLUME_M3)
            .map_err(|m| fail(Field::VolumeM3, m));
        if let (Ok(w), Ok(v)) = (&weight, &volume)
            && *w > *v * Decimal::from(MAX_DENSITY_KG_PER_M3)
        {
            fail(
                Field::WeightKg,
                format!(
                    "重量与体积不符：每方 {} 公斤，比钢材还重，请复核重量和体积",
                    (*w / *v).round()
                ),
            );
        }

        if self.condition != Condition::Good && self.condition_note.trim().is_empty() {
            fail(
                Field::ConditionNote,
                format!("货物{}：请写明情况，并已告知发货方", self.condition.label()),
            );
        }
        let delivery_address = self.delivery_address.trim().to_owned();
        if self.delivery.is_delivery() && delivery_address.chars().count() < 4 {
            fail(
                Field::DeliveryAddress,
                format!("「{}」须填写详细送货地址", self.delivery.label()),
            );
        }
        // 回单付 is collected against the signed receipt: without a copy to bring back the
        // money could never be collected (M2).
        let receipt_copies = parse_receipt_copies(&self.receipt_copies)
            .and_then(|copies| {
                if copies == 0 && self.payment == PaymentMethod::OnReceipt {
                    Err(NO_RECEIPT_COPY.to_owned())
                } else {
                    Ok(copies)
                }
            })
            .map_err(|m| fail(Field::ReceiptCopies, m));
        let declared_value = parse_optional_money(&self.declared_value, "保价金额")
            .map_err(|m| fail(Field::DeclaredValue, m));
        let transfer_rebate = if self.transfer {
            match parse_optional_money(&self.transfer_rebate, "中转回扣") {
                Ok(None) => {
                    fail(
                        Field::TransferRebate,
                        "中转货须注明中转回扣（没有请填 0）".to_owned(),
                    );
                    Err(())
                }
                Ok(value) => Ok(value),
                Err(m) => {
                    fail(Field::TransferRebate, m);
                    Err(())
                }
            }
        } else {
            Ok(None)
        };
        let arrival_date =
            parse_optional_date(&self.arrival_date).map_err(|m| fail(Field::ArrivalDate, m));
        let cod = parse_optional_money(&self.cod, "代收货款")
            .map(Option::unwrap_or_default)
            .and_then(|cod| {
                if cod.is_zero() && self.payment == PaymentMethod::CodDeduct {
                    Err(
                        "付款方式「货款扣」要从代收货款中扣运费：请填写代收货款，或改付款方式"
                            .to_owned(),
                    )
                } else {
                    Ok(cod)
                }
            })
            .map_err(|m| fail(Field::Cod, m));

        // Fees: only computable from valid measures and destination.
        let row = match (&weight, dest) {
            (Ok(w), Some(d)) => ctx.rates.row_for(&d.code, *w),
            _ => None,
        };
        let rate_freight = match (row, &weight, &volume) {
            (Some(row), Ok(w), Ok(v)) => Some(freight(row, *w, *v)),
            _ => None,
        };
        let charged = match parse_optional_money(&self.freight, "运费") {
            Ok(Some(value)) => Ok(value),
            Ok(None) => match rate_freight {
                Some(value) => Ok(value),
                None if dest.is_some() && weight.is_ok() && volume.is_ok() => {
                    Err("报价表没有此到站的价格，请手工填写运费".to_owned())
                }
                None => Err(String::new()),
            },
            Err(m) => Err(m),
        };
        let charged = charged.map_err(|m| {
            if !m.is_empty() {
                fail(Field::Freight, m);
            }
        });
        self.refuse_unprintable(ctx.printable, &mut errors);

        let (
            Some(dest),
            Ok(shipper_name),
            Ok(shipper_phone),
            Ok(consignee_name),
            Ok(consignee_phone),
            Ok(goods_name),
            Ok(pieces),
            Ok(weight_kg),
            Ok(volume_m3),
            Ok(receipt_copies),
            Ok(declared_value_yuan),
            Ok(transfer_rebate_yuan),
            Ok(arrival_date),
            Ok(freight_yuan),
            Ok(cod_yuan),
        ) = (
            dest,
            shipper_name,
            shipper_phone,
            consignee_name,
            consignee_phone,
            goods_name,
            pieces,
            weight,
            volume,
            receipt_copies,
            declared_value,
            transfer_rebate,
            arrival_date,
            charged,
            cod,
        )
        else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let premium_yuan = ctx.fees.premium(declared_value_yuan);
        let delivery_fee_yuan = match row {
            Some(row) if self.delivery.is_delivery() => round_yuan(row.delivery_fee_yuan),
            _ => Decimal::ZERO,
        };
        let cod_fee_yuan = ctx.fees.cod_fee(cod_yuan);
        let total_yuan = freight_yuan
            + premium_yuan
            + delivery_fee_yuan
            + if self.cod_fee_payer == CodFeePayer::WithFreight {
                cod_fee_yuan
            } else {
                Decimal::ZERO
            };
        // 货款扣: the charges come out of the money collected, so it must cover them.
        let taken = total_yuan
            + if self.cod_fee_payer == CodFeePayer::FromGoodsMoney {
                cod_fee_yuan
            } else {
                Decimal::ZERO
            };
        if self.payment == PaymentMethod::CodDeduct && taken > cod_yuan {
            return Err(vec![FieldError {
                field: Field::Cod,
                message: format!(
                    "货款扣：运费等合计 {} 元（含手续费）超过代收货款 {} 元，扣不下：请核对代收货款或改付款方式",
                    format_yuan(taken),
                    format_yuan(cod_yuan)
                ),
            }]);
        }
        Ok(Waybill {
            dest_code: dest.code.clone(),
            dest_name: dest.city_and_name(),
            shipper: Party {
                name: shipper_name,
                phone: shipper_phone,
            },
            consignee: Party {
                name: consignee_name,
                phone: consignee_phone,
            },
            goods_name,
            pieces,
            packaging: self.packaging,
            weight_kg,
            volume_m3,
            declared_by_shipper: self.declared_by_shipper,
            fragile: self.fragile,
            orientation: self.orientation,
            condition: self.condition,
            condition_note: if self.condition == Condition::Good {
                String::new()
            } else {
                self.condition_note.trim().to_owned()
            },
            shipper_bears_damage: self.shipper_bears_damage,
            delivery: self.delivery,
            delivery_address: if self.delivery.is_delivery() {
                delivery_address
            } else {
                String::new()
            },
            receipt_copies,
            controlled_release: self.controlled_release,
            declared_value_yuan: declared_value_yuan.filter(|v| *v > Decimal::ZERO),
            cod_yuan,
            cod_fee_yuan,
            cod_fee_payer: if cod_yuan.is_zero() {
                CodFeePayer::default()
            } else {
                self.cod_fee_payer
            },
            payment: self.payment,
            transfer: self.transfer,
            transfer_rebate_yuan,
            arrival_date,
            rate_freight_yuan: rate_freight,
            freight_yuan,
            premium_yuan,
            delivery_fee_yuan,
            total_yuan,
            remarks: self.remarks.trim().to_owned(),
        })
    }
}

fn required_text(text: &str, message: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        Err(message.to_owned())
    } else if text.chars().count() > 60 {
        Err("内容过长（最多 60 字）".to_owned())
    } else {
        Ok(text.to_owned())
    }
}

fn parse_pieces(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写件数".to_owned());
    }
    match text.parse::<u32>() {
        Ok(0) => Err("件数至少为 1".to_owned()),
        Ok(n) if n > MAX_PIECES => Err(format!("件数不能超过 {MAX_PIECES}")),
        Ok(n) => Ok(n),
        Err(_) => Err("件数须为整数".to_owned()),
    }
}

fn parse_receipt_copies(text: &str) -> Result<u8, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    match text.parse::<u8>() {
        Ok(n) if n <= MAX_RECEIPT_COPIES => Ok(n),
        _ => Err(format!("回单份数须为 0–{MAX_RECEIPT_COPIES} 的整数")),
    }
}

fn parse_optional_money(text: &str, what: &str) -> Result<Option<Decimal>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value = parse_decimal(text).ok_or_else(|| format!("{what}不是有效的金额"))?;
    if value < Decimal::ZERO {
        return Err(format!("{what}不能为负数"));
    }
    if value > Decimal::from(crate::domain::desk::limits::MAX_MONEY_YUAN) {
        return Err(format!("{what}过大，请复核"));
    }
    Ok(Some(round_yuan(value)))
}

fn parse_optional_date(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::desk::limits::typed_day(text)
        .ok_or_else(|| "日期格式应为 2026-11-30".to_owned())
        .and_then(|day| crate::domain::desk::limits::check_date(day, "日期"))
        .map(Some)
}

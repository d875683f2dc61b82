//! The waybill (托运单): the draft a clerk types, its validation into a [`Waybill`] with
//! Chinese messages per field, the remarks the rules add by themselves, and the numbering.
//! DOMAIN.md §2 lists the fields; they appear here in the order of the paper form.

mod validation;

pub use validation::ValidationContext;

use crate::domain::desk::phone::Phone;
use crate::domain::money::format_yuan;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Defines a closed set of choices printed on the form, each with its Chinese label, so
/// that the label is written in one place and storage keeps the label itself.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }
        impl $name {
            /// Every choice, in the order of the form.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The Chinese label, as shown, printed and stored.
            #[must_use]
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
            /// The choice with this label, if any.
            #[must_use]
            pub fn from_label(label: &str) -> Option<Self> {
                let label = label.trim();
                Self::ALL.iter().copied().find(|v| v.label() == label)
            }
        }
    };
}

labelled_enum!(
    /// Packaging (包装).
    Packaging {
        /// 纸箱
        Carton => "纸箱",
        /// 木箱
        WoodenCase => "木箱",
        /// 编织袋 (纤袋): labels do not stick, marked by pen.
        WovenBag => "编织袋",
        /// 托盘
        Pallet => "托盘",
        /// 泡沫箱
        FoamBox => "泡沫箱",
        /// 捆扎
        Bundle => "捆扎",
        /// 无包装: damage is the shipper's risk.
        Unpacked => "无包装",
        /// 其他
        Other => "其他",
    }
);

labelled_enum!(
    /// How the goods reach the consignee (送货方式).
    DeliveryMode {
        /// 自提: the consignee collects at the station.
        SelfPickup => "自提",
        /// 配送
        Distribution => "配送",
        /// 专车
        DedicatedTruck => "专车",
        /// 直送
        Direct => "直送",
        /// 送货卸货
        DeliverUnload => "送货卸货",
        /// 上楼
        Upstairs => "上楼",
    }
);

labelled_enum!(
    /// Who pays the freight and when (付款方式).
    PaymentMethod {
        /// 现付: paid at the counter now.
        PayNow => "现付",
        /// 提付: collected from the consignee.
        Collect => "提付",
        /// 月结: the shipper's monthly account.
        Monthly => "月结",
        /// 回单付: paid when the signed receipt comes back.
        OnReceipt => "回单付",
        /// 货款扣: taken from the goods' price the station collects for the shipper
        /// (代收货款, issue 17), when it is paid back.
        CodDeduct => "货款扣",
    }
);

labelled_enum!(
    /// Who pays the fee for collecting the goods' price (代收手续费).
    #[derive(Default)]
    CodFeePayer {
        /// 从货款扣: taken from the money paid back to the shipper.
        #[default]
        FromGoodsMoney => "从货款扣",
        /// 随运费付: added to the waybill's total, paid as the freight is.
        WithFreight => "随运费付",
    }
);

labelled_enum!(
    /// How the pieces must stand (放置朝向).
    Orientation {
        /// No requirement.
        Any => "不限",
        /// 向上
        ThisSideUp => "向上",
        /// 勿倒置
        NoInvert => "勿倒置",
        /// 勿重压
        NoStack => "勿重压",
    }
);

labelled_enum!(
    /// The state of the goods when received (收货时状况).
    Condition {
        /// 完好
        Good => "完好",
        /// 破损
        Damaged => "破损",
        /// 泄漏
        Leaking => "泄漏",
        /// 变形
        Deformed => "变形",
    }
);

impl DeliveryMode {
    /// Whether the station takes the goods to the consignee (every mode but 自提).
    #[must_use]
    pub fn is_delivery(self) -> bool {
        self != Self::SelfPickup
    }
}

labelled_enum!(
    /// The fields of the waybill form, named as the paper form names them. Validation
    /// errors and alteration records point at these.
    Field {
        /// 到站
        Destination => "到站",
        /// 发货方
        ShipperName => "发货方",
        /// 发货方电话
        ShipperPhone => "发货方电话",
        /// 收货方
        ConsigneeName => "收货方",
        /// 收货方电话
        ConsigneePhone => "收货方电话",
        /// 品名
        GoodsName => "品名",
        /// 件数
        Pieces => "件数",
        /// 包装
        Packaging => "包装",
        /// 重量(kg)
        WeightKg => "重量(kg)",
        /// 体积(m³)
        VolumeM3 => "体积(m³)",
        /// 按发货方申报
        DeclaredByShipper => "按发货方申报",
        /// 危险品
        Dangerous => "危险品",
        /// 易碎品
        Fragile => "易碎品",
        /// 放置朝向
        Orientation => "放置朝向",
        /// 收货状况
        Condition => "收货状况",
        /// 状况说明
        ConditionNote => "状况说明",
        /// 货损由发货方自负
        ShipperBearsDamage => "货损由发货方自负",
        /// 送货方式
        Delivery => "送货方式",
        /// 送货地址
        DeliveryAddress => "送货地址",
        /// 回单份数
        ReceiptCopies => "回单份数",
        /// 等通知放货
        ControlledRelease => "等通知放货",
        /// 保价金额
        DeclaredValue => "保价金额",
        /// 代收货款
        Cod => "代收货款",
        /// 代收手续费 (and who pays it)
        CodFee => "代收手续费",
        /// 付款方式
        Payment => "付款方式",
        /// 中转
        Transfer => "中转",
        /// 中转回扣
        TransferRebate => "中转回扣",
        /// 要求到货日期
        ArrivalDate => "要求到货日期",
        /// 运费
        Freight => "运费",
        /// 保价费
        Premium => "保价费",
        /// 送货费
        DeliveryFee => "送货费",
        /// 合计
        Total => "合计",
        /// 备注
        Remarks => "备注",
    }
);

/// The most pieces on one waybill: a label's barcode carries the piece as four digits.
pub const MAX_PIECES: u32 = 9999;
pub use crate::domain::desk::limits::{MAX_VOLUME_M3, MAX_WEIGHT_KG};
/// Goods denser than this (kg per m³, about steel) mean weight or volume was mistyped.
pub const MAX_DENSITY_KG_PER_M3: i64 = 8_000;
/// The most signed receipts a shipper may ask to be returned.
pub const MAX_RECEIPT_COPIES: u8 = 9;

/// What the clerk typed, as typed. The form edits this; only [`WaybillDraft::validate`]
/// turns it into a [`Waybill`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaybillDraft {
    /// Destination code chosen in the picker (empty until chosen).
    pub dest_code: String,
    /// 发货方 full name.
    pub shipper_name: String,
    /// 发货方 phone as typed.
    pub shipper_phone: String,
    /// 收货方 full name.
    pub consignee_name: String,
    /// 收货方 phone as typed.
    pub consignee_phone: String,
    /// 品名.
    pub goods_name: String,
    /// 件数 as typed.
    pub pieces: String,
    /// 包装.
    pub packaging: Packaging,
    /// 重量 in kg as typed.
    pub weight_kg: String,
    /// 体积 in m³ as typed.
    pub volume_m3: String,
    /// Pieces, weight and volume are the shipper's declaration, not measured (二、3).
    pub declared_by_shipper: bool,
    /// The clerk's answer: dangerous goods?
    pub dangerous: bool,
    /// The clerk's answer: fragile goods?
    pub fragile: bool,
    /// 放置朝向.
    pub orientation: Orientation,
    /// State of the goods when received.
    pub condition: Condition,
    /// What is wrong with them, when not 完好.
    pub condition_note: String,
    /// Goods that keep arriving damaged: 「货损由发货方自负」.
    pub shipper_bears_damage: bool,
    /// 送货方式.
    pub delivery: DeliveryMode,
    /// 送货地址, required for any delivery.
    pub delivery_address: String,
    /// 回单份数 as typed; empty or 0 for none.
    pub receipt_copies: String,
    /// 等通知放货 (controlled release).
    pub controlled_release: bool,
    /// 保价金额 in yuan as typed; empty for none.
    pub declared_value: String,
    /// 代收货款 in yuan as typed; empty for none.
    pub cod: String,
    /// Who pays the 代收手续费.
    pub cod_fee_payer: CodFeePayer,
    /// 付款方式.
    pub payment: PaymentMethod,
    /// Goods go on with another carrier (中转).
    pub transfer: bool,
    /// 中转回扣 in yuan as typed, required for a transfer.
    pub transfer_rebate: String,
    /// 要求到货日期 as typed (YYYY-MM-DD), may be empty.
    pub arrival_date: String,
    /// Freight charged, as typed; empty takes the rate table's freight.
    pub freight: String,
    /// The clerk's own remarks.
    pub remarks: String,
}

impl WaybillDraft {
    /// A typical consignment of the station, for examples, tests and benches: 广州市白云区
    /// 宏达服装厂 (13912345678) sends 服装 to 湘潭县易俗河李记批发部 (0731-57123456) in
    /// 湘潭县 (430321). Pieces, measures, money and options stay as in
    /// [`WaybillDraft::default`]; a caller sets what its case needs.
    #[must_use]
    pub fn sample() -> Self {
        Self {
            dest_code: "430321".into(),
            shipper_name: "广州市白云区宏达服装厂".into(),
            shipper_phone: "13912345678".into(),
            consignee_name: "湘潭县易俗河李记批发部".into(),
            consignee_phone: "0731-57123456".into(),
            goods_name: "服装".into(),
            ..Self::default()
        }
    }
}

impl Default for WaybillDraft {
    fn default() -> Self {
        Self {
            dest_code: String::new(),
            shipper_name: String::new(),
            shipper_phone: String::new(),
            consignee_name: String::new(),
            consignee_phone: String::new(),
            goods_name: String::new(),
            pieces: String::new(),
            packaging: Packaging::Carton,
            weight_kg: String::new(),
            volume_m3: String::new(),
            declared_by_shipper: false,
            dangerous: false,
            fragile: false,
            orientation: Orientation::Any,
            condition: Condition::Good,
            condition_note: String::new(),
            shipper_bears_damage: false,
            delivery: DeliveryMode::SelfPickup,
            delivery_address: String::new(),
            receipt_copies: String::new(),
            controlled_release: false,
            declared_value: String::new(),
            cod: String::new(),
            cod_fee_payer: CodFeePayer::FromGoodsMoney,
            payment: PaymentMethod::PayNow,
            transfer: false,
            transfer_rebate: String::new(),
            arrival_date: String::new(),
            freight: String::new(),
            remarks: String::new(),
        }
    }
}

/// One side of the consignment: shipper (发货方) or consignee (收货方).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Full name.
    pub name: String,
    /// Checked phone number.
    pub phone: Phone,
}

/// A validated waybill: every value checked and every fee computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waybill {
    /// County-level destination code.
    pub dest_code: String,
    /// Destination as printed: "湘潭市 湘潭县".
    pub dest_name: String,
    /// 发货方.
    pub shipper: Party,
    /// 收货方.
    pub consignee: Party,
    /// 品名.
    pub goods_name: String,
    /// 件数, 1..=9999.
    pub pieces: u32,
    /// 包装.
    pub packaging: Packaging,
    /// 重量.
    pub weight_kg: Decimal,
    /// 体积.
    pub volume_m3: Decimal,
    /// Pieces, weight and volume as the shipper declared them.
    pub declared_by_shipper: bool,
    /// Fragile goods.
    pub fragile: bool,
    /// 放置朝向.
    pub orientation: Orientation,
    /// State when received.
    pub condition: Condition,
    /// Note on the state.
    pub condition_note: String,
    /// 「货损由发货方自负」.
    pub shipper_bears_damage: bool,
    /// 送货方式.
    pub delivery: DeliveryMode,
    /// 送货地址 (empty for 自提).
    pub delivery_address: String,
    /// 回单份数, 0 for none.
    pub receipt_copies: u8,
    /// 等通知放货.
    pub controlled_release: bool,
    /// 保价金额, `None` when not insured.
    pub declared_value_yuan: Option<Decimal>,
    /// 代收货款: the goods' price collected from the consignee for the shipper; zero for
    /// none. Owed to the shipper, never revenue.
    #[serde(default)]
    pub cod_yuan: Decimal,
    /// 代收手续费, zero when nothing is collected.
    #[serde(default)]
    pub cod_fee_yuan: Decimal,
    /// Who pays it.
    #[serde(default)]
    pub cod_fee_payer: CodFeePayer,
    /// 付款方式.
    pub payment: PaymentMethod,
    /// 中转.
    pub transfer: bool,
    /// 中转回扣 (only for a transfer).
    pub transfer_rebate_yuan: Option<Decimal>,
    /// 要求到货日期.
    pub arrival_date: Option<NaiveDate>,
    /// Freight by the rate table, `None` when the table has no price for the destination.
    pub rate_freight_yuan: Option<Decimal>,
    /// Freight charged.
    pub freight_yuan: Decimal,
    /// 保价费.
    pub premium_yuan: Decimal,
    /// 送货费.
    pub delivery_fee_yuan: Decimal,
    /// freight + premium + delivery fee (+ the 代收手续费 when it is paid with the freight).
    pub total_yuan: Decimal,
    /// The clerk's own remarks.
    pub remarks: String,
}

/// A validation error of one field, in Chinese, saying what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field at fault.
    pub field: Field,
    /// What is wrong.
    pub message: String,
}

impl Waybill {
    /// A 要求到货日期 before the day the waybill is issued (a typo, or last month's date
    /// left in) cannot be met and would print as a promise already broken.
    ///
    /// # Errors
    /// The field's error, naming both days.
    pub fn check_arrival_date(&self, issued_on: NaiveDate) -> Result<(), FieldError> {
        match self.arrival_date {
            Some(day) if day < issued_on => Err(FieldError {
                field: Field::ArrivalDate,
                message: format!(
                    "要求到货日期 {} 早于开单日 {}",
                    day.format("%Y-%m-%d"),
                    issued_on.format("%Y-%m-%d")
                ),
            }),
            _ => Ok(()),
        }
    }

    /// The draft that reproduces this waybill, for 修改. Freight is carried as charged.
    #[must_use]
    pub fn to_draft(&self) -> WaybillDraft {
        WaybillDraft {
            dest_code: self.dest_code.clone(),
            shipper_name: self.shipper.name.clone(),
            shipper_phone: self.shipper.phone.to_string(),
            consignee_name: self.consignee.name.clone(),
            consignee_phone: self.consignee.phone.to_string(),
            goods_name: self.goods_name.clone(),
            pieces: self.pieces.to_string(),
            packaging: self.packaging,
            weight_kg: self.weight_kg.normalize().to_string(),
            volume_m3: self.volume_m3.normalize().to_string(),
            declared_by_shipper: self.declared_by_shipper,
            dangerous: false,
            fragile: self.fragile,
            orientation: self.orientation,
            condition: self.condition,
            condition_note: self.condition_note.clone(),
            shipper_bears_damage: self.shipper_bears_damage,
            delivery: self.delivery,
            delivery_address: self.delivery_address.clone(),
            receipt_copies: if self.receipt_copies == 0 {
                String::new()
            } else {
                self.receipt_copies.to_string()
            },
            controlled_release: self.controlled_release,
            declared_value: self
                .declared_value_yuan
                .map(format_yuan)
                .unwrap_or_default(),
            cod: if self.cod_yuan.is_zero() {
                String::new()
            } else {
                format_yuan(self.cod_yuan)
            },
            cod_fee_payer: self.cod_fee_payer,
            payment: self.payment,
            transfer: self.transfer,
            transfer_rebate: self
                .transfer_rebate_yuan
                .map(format_yuan)
                .unwrap_or_default(),
            arrival_date: self
                .arrival_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            freight: format_yuan(self.freight_yuan),
            remarks: self.remarks.clone(),
        }
    }

    /// How much the charged freight falls short of the rate table (短收), if it does.
    #[must_use]
    pub fn short_charge_yuan(&self) -> Option<Decimal> {
        self.rate_freight_yuan
            .map(|rate| rate - self.freight_yuan)
            .filter(|short| *short > Decimal::ZERO)
    }

    /// Whether the station collects the goods' price for the shipper (代收货款).
    #[must_use]
    pub fn collects_cod(&self) -> bool {
        self.cod_yuan > Decimal::ZERO
    }

    /// What is paid back to the shipper of the 代收货款 once collected (返款): the amount,
    /// less the fee when it comes out of the goods' money, less the waybill's total when
    /// the freight is 货款扣. Never below zero (validation refuses a 货款扣 waybill whose
    /// charges exceed what it collects).
    #[must_use]
    pub fn cod_payback_yuan(&self) -> Decimal {
        cod_payback(CodTerms {
            cod_yuan: self.cod_yuan,
            fee_yuan: self.cod_fee_yuan,
            fee_payer: self.cod_fee_payer,
            payment: self.payment,
            total_yuan: self.total_yuan,
        })
    }

    /// The remark that puts damage at the shipper's risk, if the waybill carries one:
    /// 货损由发货方自负 (ticked on the form), or 货损自负 for fragile or unpacked goods. A
    /// damage claim on such a waybill is not payable (`domain::service::claims`).
    #[must_use]
    pub fn damage_terms(&self) -> Option<&'static str> {
        if self.shipper_bears_damage {
            Some("货损由发货方自负")
        } else if self.fragile || self.packaging == Packaging::Unpacked {
            Some("货损自负")
        } else {
            None
        }
    }

    /// The remarks the rules require, in the order they are printed: damage at the
    /// shipper's risk, insurance terms, controlled release, delivery, receipts, transfer.
    #[must_use]
    pub fn rule_remarks(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.collects_cod() {
            out.push(format!(
                "代收货款 {} 元（手续费 {} 元{}）",
                format_yuan(self.cod_yuan),
                format_yuan(self.cod_fee_yuan),
                self.cod_fee_payer.label()
            ));
        }
        if let Some(terms) = self.damage_terms() {
            out.push(terms.to_owned());
        }
        if self.declared_value_yuan.is_some() {
            out.push("保丢不保损".to_owned());
        }
        if self.controlled_release {
            out.push("等通知放货".to_owned());
        }
        if self.delivery.is_delivery() {
            out.push(format!(
                "送货（{}）：{}",
                self.delivery.label(),
                self.delivery_address
            ));
        }
        if self.receipt_copies > 0 {
            out.push(format!("签回单 {} 份", self.receipt_copies));
        }
        if self.transfer {
            out.push(format!(
                "中转，回扣 {} 元",
                format_yuan(self.transfer_rebate_yuan.unwrap_or_default())
            ));
        }
        if self.condition != Condition::Good {
            out.push(format!(
                "收货时{}：{}",
                self.condition.label(),
                self.condition_note
            ));
        }
        if self.declared_by_shipper {
            out.push("件数、重量、体积按发货方申报".to_owned());
        }
        if let Some(date) = self.arrival_date {
            out.push(format!("要求 {} 前到货", date.format("%Y-%m-%d")));
        }
        out
    }

    /// Every field with its value as shown and printed, in form order. Alterations are
    /// found by comparing these lists.
    #[must_use]
    pub fn field_values(&self) -> Vec<(Field, String)> {
        let yes_no = |b: bool| if b { "是" } else { "否" }.to_owned();
        let money = |v: Option<Decimal>| v.map(format_yuan).unwrap_or_default();
        vec![
            (
                Field::Destination,
                format!("{} {}", self.dest_code, self.dest_name),
            ),
            (Field::ShipperName, self.shipper.name.clone()),
            (Field::ShipperPhone, self.shipper.phone.to_string()),
            (Field::ConsigneeName, self.consignee.name.clone()),
            (Field::ConsigneePhone, self.consignee.phone.to_string()),
            (Field::GoodsName, self.goods_name.clone()),
            (Field::Pieces, self.pieces.to_string()),
            (Field::Packaging, self.packaging.label().to_owned()),
            (Field::WeightKg, self.weight_kg.normalize().to_string()),
            (Field::VolumeM3, self.volume_m3.normalize().to_string()),
            (Field::DeclaredByShipper, yes_no(self.declared_by_shipper)),
            (Field::Fragile, yes_no(self.fragile)),
            (Field::Orientation, self.orientation.label().to_owned()),
            (Field::Condition, self.condition.label().to_owned()),
            (Field::ConditionNote, self.condition_note.clone()),
            (Field::ShipperBearsDamage, yes_no(self.shipper_bears_damage)),
            (Field::Delivery, self.delivery.label().to_owned()),
            (Field::DeliveryAddress, self.delivery_address.clone()),
            (Field::ReceiptCopies, self.receipt_copies.to_string()),
            (Field::ControlledRelease, yes_no(self.controlled_release)),
            (Field::DeclaredValue, money(self.declared_value_yuan)),
            (
                Field::Cod,
                money(Some(self.cod_yuan).filter(|c| !c.is_zero())),
            ),
            (
                Field::CodFee,
                if self.collects_cod() {
                    format!(
                        "{}（{}）",
                        format_yuan(self.cod_fee_yuan),
                        self.cod_fee_payer.label()
                    )
                } else {
                    String::new()
                },
            ),
            (Field::Payment, self.payment.label().to_owned()),
            (Field::Transfer, yes_no(self.transfer)),
            (Field::TransferRebate, money(self.transfer_rebate_yuan)),
            (
                Field::ArrivalDate,
                self.arrival_date.map(|d| d.to_string()).unwrap_or_default(),
            ),
            (Field::Freight, format_yuan(self.freight_yuan)),
            (Field::Premium, format_yuan(self.premium_yuan)),
            (Field::DeliveryFee, format_yuan(self.delivery_fee_yuan)),
            (Field::Total, format_yuan(self.total_yuan)),
            (Field::Remarks, self.remarks.clone()),
        ]
    }
}

/// What decides the share of a waybill's 代收货款 that goes back to the shipper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodTerms {
    /// 代收货款.
    pub cod_yuan: Decimal,
    /// 代收手续费.
    pub fee_yuan: Decimal,
    /// Who pays the fee.
    pub fee_payer: CodFeePayer,
    /// 付款方式 (货款扣 takes the total out of it).
    pub payment: PaymentMethod,
    /// The waybill's 合计.
    pub total_yuan: Decimal,
}

/// What goes back to the shipper of a 代收货款 (返款): the amount, less the fee when it
/// comes out of the goods' money, less the waybill's total when the freight is 货款扣;
/// never below zero. The rest of it is the station's, kept when it is collected.
#[must_use]
pub fn cod_payback(terms: CodTerms) -> Decimal {
    if terms.cod_yuan <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let mut out = terms.cod_yuan;
    if terms.fee_payer == CodFeePayer::FromGoodsMoney {
        out -= terms.fee_yuan;
    }
    if terms.payment == PaymentMethod::CodDeduct {
        out -= terms.total_yuan;
    }
    out.max(Decimal::ZERO)
}

/// The lifecycle state of an issued waybill as far as the desk knows it. The dispatch
/// work adds its states here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaybillStatus {
    /// 已开单: issued and valid.
    Issued,
    /// 作废: voided with a reason; kept, never printed as valid.
    Void,
}

impl WaybillStatus {
    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Issued => "已开单",
            Self::Void => "作废",
        }
    }

    /// The status stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [Self::Issued, Self::Void]
            .into_iter()
            .find(|s| s.label() == label)
    }
}

/// A waybill as issued: its number, who issued it and when, its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedWaybill {
    /// 单号, unique per station.
    pub number: String,
    /// When it was issued (local time of the station).
    pub issued_at: NaiveDateTime,
    /// 工号 of the issuing clerk.
    pub clerk_id: String,
    /// Name of the issuing clerk.
    pub clerk_name: String,
    /// State.
    pub status: WaybillStatus,
    /// How many times it was altered after issue (已修改 N 次).
    pub alter_count: u32,
    /// The waybill itself.
    pub waybill: Waybill,
}

/// Builds a waybill number: station prefix, date as YYMMDD, and a four-digit daily
/// sequence: `GZ2611230007`.
#[must_use]
pub fn waybill_number(prefix: &str, date: NaiveDate, sequence: u32) -> String {
    format!("{}{}{sequence:04}", prefix.trim(), date.format("%y%m%d"))
}

#[cfg(test)]
mod tests;

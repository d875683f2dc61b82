//! Settings of the station that the rules and documents read: who the station is, how
//! waybills are numbered, the premium, and how waybills and labels are printed. Plain
//! data with serde; storage keeps them in the database so every counter PC agrees.
//!
//! The printed terms promise what a claim pays (未保价货物丢失按运费三倍以内赔偿), and the
//! claim rule (`domain::service::claims`) pays by the multiple in the claim settings: the terms hold
//! a placeholder for that multiple instead of a number of their own, so the two cannot
//! disagree. A custom text that still writes a different multiple out is found by
//! [`conflicting_multiples`] for the settings page to warn about. The storage fee is
//! promised the same way: `{保管费}` prints the free days and daily rate the release page
//! charges by (`domain::dispatch::pickup::storage_fee`).

use crate::domain::desk::rates::FeeSettings;
use crate::domain::dispatch::pickup::storage_fee::StorageTerms;
use crate::domain::service::claims::ClaimSettings;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The desk's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeskSettings {
    /// Company name printed on the waybill.
    pub company_name: String,
    /// This station's name (起运站), e.g. 广州白云站.
    pub station_name: String,
    /// Station phone printed on the waybill.
    pub station_phone: String,
    /// Prefix of waybill numbers, e.g. GZ.
    pub number_prefix: String,
    /// Premium rate and minimum.
    pub fees: FeeSettings,
}

impl Default for DeskSettings {
    fn default() -> Self {
        Self {
            company_name: "广州市每地达物流有限公司".to_owned(),
            station_name: "广州站".to_owned(),
            station_phone: String::new(),
            number_prefix: "GZ".to_owned(),
            fees: FeeSettings::default(),
        }
    }
}

/// Paper of the waybill printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum WaybillPaper {
    /// 241 × 140 mm continuous form of dot-matrix printers (the common size).
    #[default]
    Continuous241x140,
    /// A5 landscape, 210 × 148 mm.
    A5Landscape,
    /// A4 portrait, 210 × 297 mm.
    A4,
}

impl WaybillPaper {
    /// Every paper, in the order of the settings page.
    pub const ALL: [Self; 3] = [Self::Continuous241x140, Self::A5Landscape, Self::A4];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Continuous241x140 => "241×140 连续纸",
            Self::A5Landscape => "A5 横向",
            Self::A4 => "A4",
        }
    }

    /// Width and height in mm.
    #[must_use]
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Self::Continuous241x140 => (241.0, 140.0),
            Self::A5Landscape => (210.0, 148.0),
            Self::A4 => (210.0, 297.0),
        }
    }
}

/// Size of the thermal label stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum LabelSize {
    /// 100 × 100 mm.
    #[default]
    S100x100,
    /// 100 × 150 mm.
    S100x150,
    /// 76 × 130 mm.
    S76x130,
    /// 80 × 60 mm.
    S80x60,
}

impl LabelSize {
    /// Every size.
    pub const ALL: [Self; 4] = [Self::S100x100, Self::S100x150, Self::S76x130, Self::S80x60];

    /// Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::S100x100 => "100×100",
            Self::S100x150 => "100×150",
            Self::S76x130 => "76×130",
            Self::S80x60 => "80×60",
        }
    }

    /// Width and height in mm.
    #[must_use]
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Self::S100x100 => (100.0, 100.0),
            Self::S100x150 => (100.0, 150.0),
            Self::S76x130 => (76.0, 130.0),
            Self::S80x60 => (80.0, 60.0),
        }
    }
}

/// How waybills and labels are printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintSettings {
    /// Waybill paper.
    pub paper: WaybillPaper,
    /// The copies (联) printed, one page each, in order.
    pub copies: Vec<String>,
    /// Overlay mode (套打): print only the values onto pre-printed forms.
    pub overlay: bool,
    /// Overlay calibration: shift right, in mm (negative: left).
    pub offset_x_mm: Decimal,
    /// Overlay calibration: shift down, in mm (negative: up).
    pub offset_y_mm: Decimal,
    /// Terms printed at the foot of the waybill, as the supervisor wrote them: each
    /// [`CLAIM_MULTIPLE_PLACEHOLDER`] is replaced by the claim multiple in force when the
    /// waybill prints ([`PrintSettings::printed_terms`]).
    pub terms: String,
    /// Label stock.
    pub label_size: LabelSize,
    /// Print a QR code on labels too.
    pub label_qr: bool,
    /// Printer for waybills (empty: the system default).
    pub waybill_printer: String,
    /// Printer for labels (empty: the system default).
    pub label_printer: String,
}

impl Default for PrintSettings {
    fn default() -> Self {
        Self {
            paper: WaybillPaper::default(),
            copies: ["存根联", "财务联", "收货人联", "发货人联"]
                .map(str::to_owned)
                .to_vec(),
            overlay: false,
            offset_x_mm: Decimal::ZERO,
            offset_y_mm: Decimal::ZERO,
            terms: DEFAULT_TERMS.to_owned(),
            label_size: LabelSize::default(),
            label_qr: false,
            waybill_printer: String::new(),
            label_printer: String::new(),
        }
    }
}

/// The placeholder in the waybill terms for the freight multiple claims are paid up to
/// (`ClaimSettings::freight_multiple`), replaced when the waybill prints.
pub const CLAIM_MULTIPLE_PLACEHOLDER: &str = "{赔偿倍数}";

/// The placeholder in the waybill terms for the storage fee (`StorageTerms::printed`:
/// 7日内未提，超期每件每天收取保管费1元), replaced when the waybill prints.
pub const STORAGE_FEE_PLACEHOLDER: &str = "{保管费}";

/// The terms printed at the foot of the waybill until the supervisor writes others.
pub const DEFAULT_TERMS: &str = "托运人须如实申报货物品名、件数、重量及价值，不得夹带危险品及违禁品。未保价货物丢失按运费{赔偿倍数}以内赔偿；保价货物保丢不保损。货物到站后{保管费}。";

/// Default terms of earlier versions, before they held the placeholders: the first with
/// neither, the second with the claim multiple only. A stored text that is exactly one of
/// them was never edited, so it is read as [`DEFAULT_TERMS`] and follows the settings.
const LEGACY_DEFAULT_TERMS: [&str; 2] = [
    "托运人须如实申报货物品名、件数、重量及价值，不得夹带危险品及违禁品。未保价货物丢失按运费三倍以内赔偿；保价货物保丢不保损。货物到站后七日内未提，按日收取保管费。",
    "托运人须如实申报货物品名、件数、重量及价值，不得夹带危险品及违禁品。未保价货物丢失按运费{赔偿倍数}以内赔偿；保价货物保丢不保损。货物到站后七日内未提，按日收取保管费。",
];

/// The figures the printed terms quote, read from the settings that the rules apply:
/// the claim multiple and the storage fee.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermFigures {
    /// What a claim pays up to.
    pub claims: ClaimSettings,
    /// What goods left at the station pay.
    pub storage: StorageTerms,
}

impl PrintSettings {
    /// The terms as printed on the waybill: trimmed, each placeholder replaced by its
    /// figure in `figures`: the claim multiple in words (三倍, 2.5倍), the storage fee's
    /// free days and rate.
    #[must_use]
    pub fn printed_terms(&self, figures: &TermFigures) -> String {
        self.terms
            .trim()
            .replace(
                CLAIM_MULTIPLE_PLACEHOLDER,
                &multiple_in_words(figures.claims.freight_multiple),
            )
            .replace(STORAGE_FEE_PLACEHOLDER, &figures.storage.printed())
    }

    /// Whether the terms speak of the storage fee in words of their own instead of the
    /// placeholder: then the paper may promise other days or another rate than the
    /// release page charges.
    #[must_use]
    pub fn storage_fee_written_out(&self) -> bool {
        self.terms.contains("保管费") && !self.terms.contains(STORAGE_FEE_PLACEHOLDER)
    }

    /// The settings as stored before the terms held the placeholder, brought up to date:
    /// terms that are exactly the old default become the new default. Edited terms are
    /// kept as written.
    #[must_use]
    pub fn upgraded(mut self) -> Self {
        if LEGACY_DEFAULT_TERMS.contains(&self.terms.trim()) {
            DEFAULT_TERMS.clone_into(&mut self.terms);
        }
        self
    }
}

/// Chinese numerals of 0 … 9; 2 is written 二 as in legal drafting (运费二倍).
const NUMERALS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A multiple as Chinese terms write it: whole numbers up to 100 in Chinese numerals
/// (三倍, 十倍, 十二倍, 二十五倍, 一百倍), anything else in digits (2.5倍, 150倍).
#[must_use]
pub fn multiple_in_words(multiple: Decimal) -> String {
    let m = multiple.normalize();
    let whole = if m.fract().is_zero() {
        rust_decimal::prelude::ToPrimitive::to_usize(&m)
    } else {
        None
    };
    let words = match whole {
        Some(n @ 1..=9) => NUMERALS[n].to_owned(),
        Some(10) => "十".to_owned(),
        Some(n @ 11..=19) => format!("十{}", NUMERALS[n % 10]),
        Some(n @ 20..=99) => {
            let ones = if n % 10 == 0 { "" } else { NUMERALS[n % 10] };
            format!("{}十{ones}", NUMERALS[n / 10])
        }
        Some(100) => "一百".to_owned(),
        _ => m.to_string(),
    };
    format!("{words}倍")
}

/// The value of a multiple as written before 倍: digits (3, 2.5, full-width ３) or Chinese
/// numerals (三, 两, 双, 十二, 二十五, 一百); `None` for anything else.
fn written_multiple(written: &str) -> Option<Decimal> {
    let ascii: String = written
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '．' => '.',
            other => other,
        })
        .collect();
    if ascii.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return ascii.parse().ok();
    }
    let mut total = 0_u32;
    let mut digit: Option<u32> = None;
    for c in ascii.chars() {
        let value = match c {
            '两' | '双' => 2,
            '十' | '百' => {
                let unit = if c == '十' { 10 } else { 100 };
                total += digit.take().unwrap_or(1) * unit;
                continue;
            }
            other => u32::try_from(NUMERALS.iter().position(|n| n.starts_with(other))?).ok()?,
        };
        digit = Some(value);
    }
    Some(Decimal::from(total + digit.unwrap_or(0)))
}

/// Whether `c` may be part of a multiple written before 倍.
fn is_multiple_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c, '.' | '．' | '０'..='９' | '两' | '双' | '十' | '百')
        || NUMERALS.iter().any(|n| n.starts_with(c))
}

/// The multiples `terms` writes out (三倍, 2.5倍) that differ from `multiple`, in the
/// order written: a customer reading them is promised another cap than the claim rule
/// pays. The placeholder is not a written multiple.
#[must_use]
pub fn conflicting_multiples(terms: &str, multiple: Decimal) -> Vec<String> {
    let chars: Vec<char> = terms.chars().collect();
    let mut out = Vec::new();
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '倍') {
        let start = chars[..at]
            .iter()
            .rposition(|c| !is_multiple_char(*c))
            .map_or(0, |p| p + 1);
        if start == at {
            continue;
        }
        let written: String = chars[start..at].iter().collect();
        if written_multiple(&written).is_some_and(|m| m != multiple) {
            out.push(format!("{written}倍"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn a_multiple_is_written_the_way_chinese_terms_read() {
        for (multiple, words) in [
            ("1", "一倍"),
            ("2", "二倍"),
            ("3", "三倍"),
            ("3.00", "三倍"),
            ("10", "十倍"),
            ("12", "十二倍"),
            ("20", "二十倍"),
            ("25", "二十五倍"),
            ("100", "一百倍"),
            ("2.5", "2.5倍"),
            ("1.25", "1.25倍"),
            ("150", "150倍"),
        ] {
            assert_eq!(multiple_in_words(dec(multiple)), words, "{multiple}");
        }
    }

    fn figures(multiple: &str, free_days: u32, rate: &str) -> TermFigures {
        TermFigures {
            claims: ClaimSettings {
                freight_multiple: dec(multiple),
            },
            storage: StorageTerms {
                free_days,
                yuan_per_piece_day: dec(rate),
            },
        }
    }

    #[test]
    fn the_printed_terms_carry_the_claim_multiple_and_storage_fee_in_force() {
        let print = PrintSettings::default();
        assert!(print.terms.contains(CLAIM_MULTIPLE_PLACEHOLDER));
        assert!(print.terms.contains(STORAGE_FEE_PLACEHOLDER));
        assert!(!print.storage_fee_written_out());
        for (figures, sentences) in [
            (
                figures("3", 7, "1"),
                [
                    "未保价货物丢失按运费三倍以内赔偿",
                    "货物到站后7日内未提，超期每件每天收取保管费1元。",
                ],
            ),
            (
                figures("2", 3, "0.50"),
                [
                    "未保价货物丢失按运费二倍以内赔偿",
                    "货物到站后3日内未提，超期每件每天收取保管费0.5元。",
                ],
            ),
            (
                figures("2.5", 10, "0"),
                [
                    "未保价货物丢失按运费2.5倍以内赔偿",
                    "货物到站后10日内请及时提货。",
                ],
            ),
        ] {
            let printed = print.printed_terms(&figures);
            for sentence in sentences {
                assert!(printed.contains(sentence), "{figures:?}: {printed}");
            }
            assert!(!printed.contains('{'), "{printed}");
        }
        assert_eq!(
            print.printed_terms(&TermFigures::default()),
            "托运人须如实申报货物品名、件数、重量及价值，不得夹带危险品及违禁品。未保价货物丢失按运费三倍以内赔偿；保价货物保丢不保损。货物到站后7日内未提，超期每件每天收取保管费1元。"
        );
        // Custom terms without the placeholders print as written, trimmed; speaking of
        // the storage fee in words of their own is what the settings page warns about.
        let custom = PrintSettings {
            terms: "  货物丢失按运费五倍以内赔偿。三日后收保管费。 ".to_owned(),
            ..PrintSettings::default()
        };
        assert_eq!(
            custom.printed_terms(&TermFigures::default()),
            "货物丢失按运费五倍以内赔偿。三日后收保管费。"
        );
        assert!(custom.storage_fee_written_out());
    }

    #[test]
    fn the_old_default_terms_are_read_as_the_new_default() {
        for legacy in LEGACY_DEFAULT_TERMS {
            let old = PrintSettings {
                terms: format!("{legacy}\n"),
                ..PrintSettings::default()
            };
            assert_eq!(old.upgraded().terms, DEFAULT_TERMS);
        }
        let edited = PrintSettings {
            terms: LEGACY_DEFAULT_TERMS[1].replace("七日", "三日"),
            ..PrintSettings::default()
        };
        assert_eq!(edited.clone().upgraded(), edited);
        assert_eq!(
            PrintSettings::default().upgraded(),
            PrintSettings::default()
        );
    }

    #[test]
    fn written_multiples_that_differ_from_the_setting_are_found() {
        for (terms, multiple, expected) in [
            ("未保价货物丢失按运费三倍以内赔偿", "2", vec!["三倍"]),
            ("未保价货物丢失按运费三倍以内赔偿", "3", vec![]),
            ("按运费两倍赔偿", "2", vec![]),
            ("按运费双倍赔偿", "3", vec!["双倍"]),
            ("按运费3倍以内赔偿", "3", vec![]),
            ("按运费3倍以内赔偿", "2.5", vec!["3倍"]),
            ("按运费2.5倍以内赔偿", "2.5", vec![]),
            ("按运费２.５倍以内赔偿", "2.5", vec![]),
            ("按运费十二倍，最多二十五倍", "12", vec!["二十五倍"]),
            ("按运费一百倍", "100", vec![]),
            ("按运费{赔偿倍数}以内赔偿", "2", vec![]),
            ("货物到站后七日内未提，按日收取保管费", "2", vec![]),
            ("倍数另议", "2", vec![]),
        ] {
            assert_eq!(
                conflicting_multiples(terms, dec(multiple)),
                expected,
                "{terms} / {multiple}"
            );
        }
        assert!(conflicting_multiples(DEFAULT_TERMS, dec("2")).is_empty());
        assert_eq!(
            conflicting_multiples(LEGACY_DEFAULT_TERMS[0], dec("2")),
            ["三倍"]
        );
    }
}

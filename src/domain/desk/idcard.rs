//! Identity documents of whoever collects goods (提货人证件): the mainland resident ID card
//! (居民身份证) checked by its GB 11643-1999 check digit and birth date, and the other
//! documents a counter sees, checked only for a plausible shape. The pickup register
//! (提货登记) keeps the number in the normal spelling this module returns.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The kind of identity document shown at pickup (证件类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdType {
    /// 居民身份证: 18 characters, checked by GB 11643-1999.
    MainlandId,
    /// 港澳居民来往内地通行证 (回乡证).
    HongKongMacaoPermit,
    /// 台湾居民来往大陆通行证 (台胞证).
    TaiwanPermit,
    /// 护照.
    Passport,
    /// 其他证件 (驾驶证, 军官证 …), written as shown.
    Other,
}

impl IdType {
    /// Every kind, in the order of the form.
    pub const ALL: [Self; 5] = [
        Self::MainlandId,
        Self::HongKongMacaoPermit,
        Self::TaiwanPermit,
        Self::Passport,
        Self::Other,
    ];

    /// Chinese label, as shown and stored.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::MainlandId => "居民身份证",
            Self::HongKongMacaoPermit => "港澳通行证",
            Self::TaiwanPermit => "台胞证",
            Self::Passport => "护照",
            Self::Other => "其他证件",
        }
    }

    /// The kind stored under this label.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        Self::ALL.into_iter().find(|t| t.label() == label)
    }
}

/// Why a typed document number is refused, as the pickup form says it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing typed.
    #[error("请填写提货人证件号码")]
    Empty,
    /// A mainland ID of the wrong length.
    #[error("身份证号码应为 18 位，现在是 {0} 位：请核对证件重新输入")]
    Length(usize),
    /// A mainland ID with something other than 17 digits and a final digit or X.
    #[error("身份证号码应为 17 位数字加 1 位数字或 X")]
    Characters,
    /// A mainland ID whose birth date (characters 7–14) is not a real date, or lies in
    /// the future or before 1900.
    #[error("身份证号码中的出生日期「{0}」不成立：请核对证件")]
    BirthDate(String),
    /// A mainland ID whose check digit does not match: a typo somewhere.
    #[error("身份证号码校验位不符（应为 {expected}）：有数字输错了，请逐位核对证件")]
    CheckDigit {
        /// The check digit the first 17 digits call for.
        expected: char,
    },
    /// Another document number of an implausible shape.
    #[error("证件号码应为 5–20 位字母、数字或 - ，请核对")]
    Shape,
}

/// The weights of the first 17 digits (GB 11643-1999: 2^(18−i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character GB 11643-1999 calls for after these 17 digits, or `None` when
/// they are not 17 ASCII digits.
#[must_use]
pub fn mainland_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS.get(usize::try_from(sum % 11).ok()?).copied()
}

/// A document number as typed, its spaces dropped and its letters upper-cased.
fn normal_spelling(text: &str) -> Result<String, IdError> {
    let normal: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if normal.is_empty() {
        return Err(IdError::Empty);
    }
    Ok(normal)
}

/// A checked mainland resident ID number (居民身份证号码), upper-case X.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MainlandId(String);

impl MainlandId {
    /// Checks a number as typed (spaces ignored, `x` accepted for `X`): 18 characters,
    /// 17 digits and a check digit or X, a real birth date not after `today` and not
    /// before 1900, and the GB 11643-1999 check digit.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, IdError> {
        let normal = normal_spelling(text)?;
        let len = normal.chars().count();
        if len != 18 {
            return Err(IdError::Length(len));
        }
        let (first17, last) = normal.split_at(17);
        let Some(expected) = mainland_check_char(first17) else {
            return Err(IdError::Characters);
        };
        if !matches!(last.as_bytes(), [b'0'..=b'9' | b'X']) {
            return Err(IdError::Characters);
        }
        let birth = &first17[6..14];
        let real_date = NaiveDate::parse_from_str(birth, "%Y%m%d")
            .is_ok_and(|d| d.year() >= 1900 && d <= today);
        if !real_date {
            return Err(IdError::BirthDate(birth.to_owned()));
        }
        if !last.starts_with(expected) {
            return Err(IdError::CheckDigit { expected });
        }
        Ok(Self(normal))
    }

    /// The number, 18 characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date it carries.
    #[must_use]
    pub fn birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").ok()
    }

    /// The number with the middle hidden for printed slips: `110105********002X`.
    #[must_use]
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

/// Checks a document number of `id_type` and returns it in its normal spelling: a
/// mainland ID by [`MainlandId::parse`], anything else as 5–20 letters, digits or dashes
/// (upper-cased, spaces dropped).
pub fn check_id_number(id_type: IdType, text: &str, today: NaiveDate) -> Result<String, IdError> {
    if id_type == IdType::MainlandId {
        return MainlandId::parse(text, today).map(|id| id.0);
    }
    let normal = normal_spelling(text)?;
    let plausible = (5..=20).contains(&normal.chars().count())
        && normal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && normal.chars().any(|c| c.is_ascii_digit());
    if plausible {
        Ok(normal)
    } else {
        Err(IdError::Shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// GB 11643-1999: known good numbers pass, in any case and spacing.
    #[test]
    fn valid_mainland_ids() {
        let cases = [
            ("11010519491231002X", "11010519491231002X"),
            ("11010519491231002x", "11010519491231002X"),
            ("110105 19491231 002X", "11010519491231002X"),
            ("440106199003071231", "440106199003071231"),
            ("430321198511200018", "430321198511200018"),
            // 29 February of a leap year.
            ("510104200002294573", "510104200002294573"),
            ("110101198001010010", "110101198001010010"),
        ];
        for (typed, normal) in cases {
            let id = MainlandId::parse(typed, today()).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(id.as_str(), normal);
        }
        let id = MainlandId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(id.masked(), "110105********002X");
    }

    /// Each kind of broken number is refused with its own reason.
    #[test]
    fn broken_mainland_ids() {
        let cases = [
            ("", IdError::Empty),
            ("1101051949123100", IdError::Length(16)),
            ("11010519491231002X1", IdError::Length(19)),
            // 15-digit first-generation numbers are no longer valid.
            ("110105491231002", IdError::Length(15)),
            ("11010519491231002Y", IdError::Characters),
            ("1101051949123100XX", IdError::Characters),
            ("11010519491231O02X", IdError::Characters),
            // One digit mistyped, two digits swapped, wrong check character.
            ("11010519491231003X", IdError::CheckDigit { expected: '8' }),
            ("110105194912310020", IdError::CheckDigit { expected: 'X' }),
            ("440106199003071232", IdError::CheckDigit { expected: '1' }),
            // 30 February, month 13, born tomorrow, born in 1899.
            (
                "510104200002304573",
                IdError::BirthDate("20000230".to_owned()),
            ),
            (
                "440106199013071231",
                IdError::BirthDate("19901307".to_owned()),
            ),
            (
                "440106202611241231",
                IdError::BirthDate("20261124".to_owned()),
            ),
            (
                "440106189912311231",
                IdError::BirthDate("18991231".to_owned()),
            ),
        ];
        for (typed, error) in cases {
            assert_eq!(MainlandId::parse(typed, today()), Err(error), "{typed}");
        }
    }

    #[test]
    fn check_char_table() {
        assert_eq!(mainland_check_char("11010519491231002"), Some('X'));
        assert_eq!(mainland_check_char("44010619900307123"), Some('1'));
        assert_eq!(mainland_check_char("43032119851120001"), Some('8'));
        assert_eq!(mainland_check_char("1101051949123100"), None);
        assert_eq!(mainland_check_char("1101051949123100A"), None);
    }

    #[test]
    fn other_documents_are_checked_for_shape_only() {
        let ok = [
            (IdType::Passport, "e 1234 5678", "E12345678"),
            (IdType::HongKongMacaoPermit, "H12345678", "H12345678"),
            (IdType::TaiwanPermit, "12345678", "12345678"),
            (IdType::Other, "440106-1990", "440106-1990"),
        ];
        for (kind, typed, normal) in ok {
            assert_eq!(check_id_number(kind, typed, today()).as_deref(), Ok(normal));
        }
        for typed in [
            "",
            "E12",
            "ABCDEFGH",
            "E1234567890123456789012",
            "张三123456",
        ] {
            assert!(
                check_id_number(IdType::Passport, typed, today()).is_err(),
                "{typed}"
            );
        }
        assert_eq!(
            check_id_number(IdType::MainlandId, "11010519491231002x", today()).as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(
            check_id_number(IdType::MainlandId, "110105194912310020", today()),
            Err(IdError::CheckDigit { expected: 'X' })
        );
    }

    #[test]
    fn id_type_labels_round_trip() {
        for kind in IdType::ALL {
            assert_eq!(IdType::from_label(kind.label()), Some(kind));
        }
        assert_eq!(IdType::from_label("驾照"), None);
    }
}

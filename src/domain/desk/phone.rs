//! Telephone numbers of shippers and consignees: mainland mobiles and landlines with area
//! code, checked and written one way so that a repeat customer is found by any spelling.

use std::fmt;

/// A checked telephone number in its normal spelling: `13912345678`,
/// `0731-58123456` or `020-87654321-801`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Phone(String);

/// Why a typed number is not a telephone number, as the form says it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing typed.
    #[error("请填写电话")]
    Empty,
    /// Characters other than digits and the usual separators.
    #[error("电话只能包含数字、空格、- 和括号")]
    BadCharacters,
    /// Looks like a mobile but is not 11 digits starting 13–19.
    #[error("手机号应为 11 位，以 13–19 开头")]
    BadMobile,
    /// Looks like a landline but the area code or number length is wrong.
    #[error("固话应为 区号-号码（如 0731-58123456），号码 7–8 位，可带分机")]
    BadLandline,
}

impl Phone {
    /// Checks and normalizes a number as typed. Accepted: mobiles (11 digits starting
    /// 1[3-9], optionally `+86`/`86` in front, with spaces or dashes anywhere), and
    /// landlines with area code (`0731-58123456`, `(020)87654321`, `07315812345`), with an
    /// optional extension after `-`, `转` or `#`.
    pub fn parse(text: &str) -> Result<Self, PhoneError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        // Split off an extension written with 转 or #; a dash extension is found below.
        let (main, mut extension) = match text.find(['转', '#']) {
            Some(at) => {
                let ext: String = text[at..].chars().skip(1).collect();
                (&text[..at], Some(ext.trim().to_owned()))
            }
            None => (text, None),
        };
        if !main
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '（' | '）' | '+'))
        {
            return Err(PhoneError::BadCharacters);
        }
        let mut digits: String = main.chars().filter(char::is_ascii_digit).collect();
        let country_code = (main.trim_start().starts_with('+') && digits.starts_with("86"))
            || (digits.len() == 13 && digits.starts_with("861"));
        if country_code {
            digits.drain(..2);
        }

        if digits.starts_with('1') {
            let valid = digits.len() == 11
                && matches!(digits.as_bytes()[1], b'3'..=b'9')
                && extension.is_none();
            return if valid {
                Ok(Self(digits))
            } else {
                Err(PhoneError::BadMobile)
            };
        }
        if !digits.starts_with('0') {
            return Err(PhoneError::BadLandline);
        }
        // Beijing (010) and the 02x cities have three-digit area codes, all others four.
        let area_len = if digits.starts_with("01") || digits.starts_with("02") {
            3
        } else {
            4
        };
        // A dash extension: the last dash-separated group after a full number.
        let groups: Vec<&str> = main
            .split(['-', ' '])
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .collect();
        if extension.is_none()
            && groups.len() >= 3
            && let Some(last) = groups.last()
        {
            let last_digits: String = last.chars().filter(char::is_ascii_digit).collect();
            if (1..=6).contains(&last_digits.len()) {
                digits.truncate(digits.len() - last_digits.len());
                extension = Some(last_digits);
            }
        }
        if digits.len() < area_len {
            return Err(PhoneError::BadLandline);
        }
        let (area, number) = digits.split_at(area_len);
        let number_ok =
            (7..=8).contains(&number.len()) && !number.starts_with('0') && !number.starts_with('1');
        if !number_ok {
            return Err(PhoneError::BadLandline);
        }
        match extension {
            Some(ext)
                if ext.is_empty() || ext.len() > 6 || !ext.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Err(PhoneError::BadLandline)
            }
            Some(ext) => Ok(Self(format!("{area}-{number}-{ext}"))),
            None => Ok(Self(format!("{area}-{number}"))),
        }
    }

    /// The normal spelling.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits of the number itself (not of an extension): what a customer
    /// says at the counter ("尾号 4321").
    #[must_use]
    pub fn tail4(&self) -> String {
        tail4(&self.0)
    }

    /// The number with its middle hidden for a label stuck on the goods: `139****5678`.
    #[must_use]
    pub fn masked(&self) -> String {
        let digits: Vec<char> = self.main_number().chars().collect();
        if digits.len() == 11 {
            let head: String = digits[..3].iter().collect();
            let tail: String = digits[7..].iter().collect();
            format!("{head}****{tail}")
        } else {
            let tail = self.tail4();
            let area = self.0.split('-').next().unwrap_or_default();
            format!("{area}-****{tail}")
        }
    }

    fn main_number(&self) -> &str {
        let mut parts = self.0.split('-');
        match (parts.next(), parts.next()) {
            (Some(_area), Some(number)) => number,
            (Some(mobile), None) => mobile,
            _ => &self.0,
        }
    }
}

/// The last four digits of the main number of a stored phone spelling (see [`Phone`]).
#[must_use]
pub fn tail4(normal: &str) -> String {
    let mut parts = normal.split('-');
    let main = match (parts.next(), parts.next()) {
        (Some(_), Some(number)) => number,
        (Some(mobile), None) => mobile,
        _ => normal,
    };
    let start = main.len().saturating_sub(4);
    main[start..].to_owned()
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hides the middle of every phone number written in free text, as labels print them:
/// a mobile (11 digits from 1) reads `139****5678`, a landline with its area code
/// (`0773-2347804`) reads `0773-****7804`. Other runs of digits (dates, waybill numbers,
/// amounts) are left as they are.
#[must_use]
pub fn mask_phones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        out.push_str(&mask_token(token));
        token.clear();
    };
    for ch in text.chars() {
        if ch.is_ascii_digit() || (ch == '-' && !token.is_empty()) {
            token.push(ch);
        } else {
            flush(&mut token, &mut out);
            out.push(ch);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// One run of digits and hyphens, masked when it is a phone number.
fn mask_token(token: &str) -> String {
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = token.split('-').collect();
    match parts.as_slice() {
        [mobile] if mobile.len() == 11 && mobile.starts_with('1') && digits(mobile) => {
            format!("{}****{}", &mobile[..3], &mobile[7..])
        }
        [area, number, rest @ ..]
            if area.starts_with('0')
                && (3..=4).contains(&area.len())
                && (7..=8).contains(&number.len())
                && digits(area)
                && digits(number) =>
        {
            let mut masked = format!("{area}-****{}", &number[number.len() - 4..]);
            for extension in rest {
                masked.push('-');
                masked.push_str(extension);
            }
            masked
        }
        _ => token.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_free_text_are_masked_and_nothing_else() {
        assert_eq!(
            mask_phones(
                "11-20 P19：客户 13912345678 投诉，回电 0773-2347804；单号 GZ26112300070001"
            ),
            "11-20 P19：客户 139****5678 投诉，回电 0773-****7804；单号 GZ26112300070001"
        );
        for untouched in [
            "2026-11-02 08:30",
            "运费 255.00",
            "12345678901234",
            "020-8765",
        ] {
            assert_eq!(mask_phones(untouched), untouched);
        }
    }

    #[test]
    fn accepts_and_normalizes() {
        for (typed, normal) in [
            ("13912345678", "13912345678"),
            ("139 1234 5678", "13912345678"),
            ("139-1234-5678", "13912345678"),
            ("+86 139 1234 5678", "13912345678"),
            ("8613912345678", "13912345678"),
            ("19912345678", "19912345678"),
            ("0731-58123456", "0731-58123456"),
            ("073158123456", "0731-58123456"),
            ("(020)87654321", "020-87654321"),
            ("（020）87654321", "020-87654321"),
            ("020-87654321-801", "020-87654321-801"),
            ("020-87654321转801", "020-87654321-801"),
            ("010 6512345", "010-6512345"),
            ("0755-2345678", "0755-2345678"),
        ] {
            assert_eq!(
                Phone::parse(typed).map(|p| p.0),
                Ok(normal.to_owned()),
                "{typed}"
            );
        }
    }

    #[test]
    fn refuses_with_the_reason() {
        for (typed, error) in [
            ("", PhoneError::Empty),
            ("   ", PhoneError::Empty),
            ("1391234567", PhoneError::BadMobile),
            ("139123456789", PhoneError::BadMobile),
            ("12912345678", PhoneError::BadMobile),
            ("11012345678", PhoneError::BadMobile),
            ("abc", PhoneError::BadCharacters),
            ("139.1234.5678", PhoneError::BadCharacters),
            ("0731-581234", PhoneError::BadLandline),
            ("0731-581234567", PhoneError::BadLandline),
            ("0731-08123456", PhoneError::BadLandline),
            ("58123456", PhoneError::BadLandline),
        ] {
            assert_eq!(Phone::parse(typed), Err(error), "{typed:?}");
        }
    }

    #[test]
    fn tail_and_mask() {
        let mobile = Phone::parse("13912344321").unwrap();
        assert_eq!(mobile.tail4(), "4321");
        assert_eq!(mobile.masked(), "139****4321");
        let landline = Phone::parse("020-87654321-801").unwrap();
        assert_eq!(landline.tail4(), "4321");
        assert_eq!(landline.masked(), "020-****4321");
    }
}

//! **The money area** owns amounts and where money goes: yuan arithmetic here; the payments
//! ledger and cash counts in `ledger`; 月结 statements in `statements`; the day and month
//! reports in `reports`; 代收货款 paid back to shippers in `cod`.
//!
//! Money: yuan amounts as exact decimals, rounded half-up to the fen (0.01), and the
//! conversions to and from the integer fen that storage keeps.

pub mod cod;
pub mod ledger;
pub mod reports;
pub mod statements;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// Rounds an amount half-up (away from zero at .5) to 0.01 yuan, as FORMATS.md asks for
/// every fee.
#[must_use]
pub fn round_yuan(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats an amount with exactly two decimals: `"123.40"`.
#[must_use]
pub fn format_yuan(amount: Decimal) -> String {
    format!("{:.2}", round_yuan(amount))
}

/// Formats an amount of money with the yuan sign in front and the minus before it:
/// `"¥123.40"`, `"-¥6600.00"` (money paid out reads as it is written on paper).
#[must_use]
pub fn format_money(amount: Decimal) -> String {
    let rounded = round_yuan(amount);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        format!("-¥{:.2}", -rounded)
    } else {
        format!("¥{:.2}", rounded.abs())
    }
}

/// Parses a decimal number as a clerk or a spreadsheet writes it: surrounding spaces, a
/// leading `¥` or `￥`, and thousands separators are accepted. Returns `None` for anything
/// else (including an empty string), so the caller can say which field is wrong.
#[must_use]
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let cleaned: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    Decimal::from_str(&cleaned)
        .or_else(|_| Decimal::from_scientific(&cleaned))
        .ok()
}

/// Converts yuan to whole fen for storage, rounding half-up first.
#[must_use]
pub fn to_fen(amount: Decimal) -> i64 {
    (round_yuan(amount) * Decimal::ONE_HUNDRED)
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// Converts whole fen from storage back to yuan.
#[must_use]
pub fn from_fen(fen: i64) -> Decimal {
    Decimal::new(fen, 2)
}

/// Writes an amount in Chinese capital numerals as on a receipt: `1396` →
/// `壹仟叁佰玖拾陆元整`, `12.30` → `壹拾贰元叁角`, `0.05` → `伍分`.
#[must_use]
pub fn capital_yuan(amount: Decimal) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
    const GROUPS: [&str; 3] = ["", "万", "亿"];

    let fen_total = to_fen(amount.abs());
    let mut out = String::new();
    if amount.is_sign_negative() && fen_total != 0 {
        out.push('负');
    }
    let yuan = fen_total / 100;
    let jiao = usize::try_from((fen_total / 10) % 10).unwrap_or(0);
    let fen = usize::try_from(fen_total % 10).unwrap_or(0);

    if yuan > 0 {
        // Four-digit groups from the top (亿, 万, units); a zero is written once for any run
        // of zeros that stands between two non-zero digits.
        let mut groups = Vec::new();
        let mut rest = yuan;
        while rest > 0 {
            groups.push(rest % 10_000);
            rest /= 10_000;
        }
        let mut pending_zero = false;
        let mut written = false;
        for (index, &group) in groups.iter().enumerate().rev() {
            if group == 0 {
                pending_zero |= written;
                continue;
            }
            for pos in (0..4).rev() {
                let digit = usize::try_from((group / 10_i64.pow(pos)) % 10).unwrap_or(0);
                if digit == 0 {
                    pending_zero |= written;
                } else {
                    if pending_zero {
                        out.push('零');
                    }
                    pending_zero = false;
                    written = true;
                    out.push(DIGITS[digit]);
                    out.push_str(UNITS[pos as usize]);
                }
            }
            out.push_str(GROUPS[index.min(GROUPS.len() - 1)]);
        }
        out.push('元');
    }
    if jiao == 0 && fen == 0 {
        if yuan == 0 {
            out.push_str("零元");
        }
        out.push('整');
    } else {
        if jiao > 0 {
            out.push(DIGITS[jiao]);
            out.push('角');
        } else if yuan > 0 {
            out.push('零');
        }
        if fen > 0 {
            out.push(DIGITS[fen]);
            out.push('分');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_up_to_fen() {
        for (input, expected) in [
            ("1.005", "1.01"),
            ("1.004", "1.00"),
            ("2.675", "2.68"),
            ("0.125", "0.13"),
            ("-1.005", "-1.01"),
            ("9", "9.00"),
        ] {
            assert_eq!(format_yuan(d(input)), expected, "{input}");
        }
    }

    #[test]
    fn money_reads_with_the_minus_before_the_yuan_sign() {
        assert_eq!(format_money(d("6600")), "¥6600.00");
        assert_eq!(format_money(d("-6600")), "-¥6600.00");
        assert_eq!(format_money(d("-0.001")), "¥0.00");
        assert_eq!(format_money(d("0.125")), "¥0.13");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_decimal(" 12.5 "), Some(d("12.5")));
        assert_eq!(parse_decimal("¥1,234.50"), Some(d("1234.50")));
        assert_eq!(parse_decimal("1e3"), Some(d("1000")));
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("abc"), None);
    }

    #[test]
    fn fen_round_trip() {
        for s in ["0", "0.01", "123.45", "99999.99", "-3.10"] {
            assert_eq!(from_fen(to_fen(d(s))), round_yuan(d(s)));
        }
        assert_eq!(to_fen(d("1.005")), 101);
    }

    #[test]
    fn capital_numerals() {
        for (input, expected) in [
            ("1396", "壹仟叁佰玖拾陆元整"),
            ("0", "零元整"),
            ("10", "壹拾元整"),
            ("12.30", "壹拾贰元叁角"),
            ("0.05", "伍分"),
            ("100.05", "壹佰元零伍分"),
            ("1005", "壹仟零伍元整"),
            ("10000", "壹万元整"),
            ("100100", "壹拾万零壹佰元整"),
            ("20000.50", "贰万元伍角"),
        ] {
            assert_eq!(capital_yuan(d(input)), expected, "{input}");
        }
    }
}

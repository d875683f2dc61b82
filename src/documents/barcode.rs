//! Code 128 (GB/T 18347 is the Chinese adoption of ISO/IEC 15417) for waybill numbers and
//! label codes. The barcoders crate turns a symbol string into bars; this module chooses
//! the code sets that string spells out: set B for letters, set C (two digits per
//! symbol) for runs of digits long enough to pay for the switch. A label code such as
//! `GZ26112300070001` becomes Start B, `G`, `Z`, Code C, then seven digit pairs: 12 symbols
//! instead of 18, so the bars can be wide enough for a 203 dpi thermal printer.

/// Why a text cannot be a Code 128 barcode, in Chinese (`BarcodeError::Barcode` carries it
/// into a document's error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BarcodeError(pub String);
use barcoders::sym::code128::Code128;

/// One code set of Code 128 that kaidan uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    /// Set B: ASCII 32–127, one character a symbol.
    B,
    /// Set C: the digit pairs 00–99, two digits a symbol.
    C,
}

/// Symbol values of the control symbols (ISO/IEC 15417 table 1).
const START_B: u8 = 104;
const START_C: u8 = 105;
const CODE_B: u8 = 100;
const CODE_C: u8 = 99;

/// Whether a run of `run` digits at this place is worth set C: any even run that is the
/// whole data, four or more at either end, six or more in the middle.
fn worth_set_c(run: usize, at_start: bool, to_end: bool) -> bool {
    match (at_start, to_end) {
        (true, true) => run >= 4 || run == 2,
        (true, false) | (false, true) => run >= 4,
        (false, false) => run >= 6,
    }
}

/// Splits `data` into code-set segments. Only printable ASCII can be encoded.
fn segments(data: &str) -> Result<Vec<(Set, &str)>, BarcodeError> {
    if data.is_empty() {
        return Err(BarcodeError("条码内容为空".to_owned()));
    }
    if let Some(bad) = data.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(BarcodeError(format!(
            "「{data}」含有条码不能表示的字符「{bad}」（只能用字母、数字和常用符号）"
        )));
    }
    let bytes = data.as_bytes();
    let n = bytes.len();
    let mut out: Vec<(Set, std::ops::Range<usize>)> = Vec::new();
    let mut push = |set: Set, range: std::ops::Range<usize>| match out.last_mut() {
        Some((last, r)) if *last == set && r.end == range.start => r.end = range.end,
        _ => out.push((set, range)),
    };
    let mut i = 0;
    while i < n {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run > 0 && worth_set_c(run, i == 0, i + run == n) {
            let pairs = run - run % 2;
            if run % 2 == 1 && i > 0 {
                // The odd digit goes with the letters before it, so set C runs to the end.
                push(Set::B, i..i + 1);
                push(Set::C, i + 1..i + run);
            } else {
                push(Set::C, i..i + pairs);
                if run % 2 == 1 {
                    push(Set::B, i + pairs..i + run);
                }
            }
            i += run;
        } else {
            let end = if run > 0 { i + run } else { i + 1 };
            push(Set::B, i..end);
            i = end;
        }
    }
    Ok(out
        .into_iter()
        .map(|(set, range)| (set, &data[range]))
        .collect())
}

/// The symbol string barcoders takes for `data`: `À`/`Ɓ`/`Ć` start or switch to sets
/// A/B/C. `GZ26112300070001` → `ƁGZĆ26112300070001`.
pub fn code128_input(data: &str) -> Result<String, BarcodeError> {
    let mut out = String::with_capacity(data.len() + 4);
    for (set, text) in segments(data)? {
        out.push(match set {
            Set::B => 'Ɓ',
            Set::C => 'Ć',
        });
        out.push_str(text);
    }
    Ok(out)
}

/// The symbol values of `data`, start symbol first and check symbol last (the stop
/// symbol, always 106, left out). The check symbol is the start value plus each data
/// symbol's value times its position, modulo 103.
pub fn code128_values(data: &str) -> Result<Vec<u8>, BarcodeError> {
    let mut values = Vec::new();
    for (index, (set, text)) in segments(data)?.into_iter().enumerate() {
        values.push(match (index, set) {
            (0, Set::B) => START_B,
            (0, Set::C) => START_C,
            (_, Set::B) => CODE_B,
            (_, Set::C) => CODE_C,
        });
        match set {
            Set::B => values.extend(text.bytes().map(|b| b - b' ')),
            Set::C => values.extend(
                text.as_bytes()
                    .chunks(2)
                    .map(|pair| (pair[0] - b'0') * 10 + (pair[1] - b'0')),
            ),
        }
    }
    let sum: u32 = values
        .iter()
        .enumerate()
        .map(|(pos, v)| u32::from(*v) * u32::try_from(pos.max(1)).unwrap_or(u32::MAX))
        .sum();
    values.push(u8::try_from(sum % 103).unwrap_or_default());
    Ok(values)
}

/// The modules of the symbol for `data`, left to right: 1 a bar module, 0 a space
/// module; 11 per symbol and 13 for the stop pattern, without quiet zones.
pub fn code128_modules(data: &str) -> Result<Vec<u8>, BarcodeError> {
    let input = code128_input(data)?;
    Code128::new(&input)
        .map(|code| code.encode())
        .map_err(|e| BarcodeError(format!("「{data}」：{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bar and space widths of a module list cut into 11-module symbols.
    fn widths(modules: &[u8]) -> String {
        let mut out = String::new();
        let mut run = 1;
        for pair in modules.windows(2) {
            if pair[0] == pair[1] {
                run += 1;
            } else {
                out.push(char::from(b'0' + run));
                run = 1;
            }
        }
        out.push(char::from(b'0' + run));
        out
    }

    #[test]
    fn label_code_uses_set_c_for_the_digits() {
        assert_eq!(
            code128_input("GZ26112300070001").unwrap(),
            "ƁGZĆ26112300070001"
        );
        // Start B, G, Z, Code C, 26 11 23 00 07 00 01, check.
        let values = code128_values("GZ26112300070001").unwrap();
        assert_eq!(
            values,
            vec![104, 39, 58, 99, 26, 11, 23, 0, 7, 0, 1, 95],
            "check = (104 + 39·1 + 58·2 + 99·3 + 26·4 + 11·5 + 23·6 + 0·7 + 7·8 + 0·9 + 1·10) mod 103 = 919 mod 103 = 95"
        );
    }

    #[test]
    fn set_choices() {
        for (data, input) in [
            ("12", "Ć12"),
            ("123", "Ɓ123"),
            ("1234", "Ć1234"),
            ("12345", "Ć1234Ɓ5"),
            ("AB1234", "ƁABĆ1234"),
            ("AB12345", "ƁAB1Ć2345"),
            ("A12B", "ƁA12B"),
            ("A123456B", "ƁAĆ123456ƁB"),
            ("GZ2611230007", "ƁGZĆ2611230007"),
        ] {
            assert_eq!(code128_input(data).unwrap(), input, "{data}");
        }
    }

    #[test]
    fn bars_follow_the_standard_patterns() {
        let modules = code128_modules("GZ26112300070001").unwrap();
        let values = code128_values("GZ26112300070001").unwrap();
        // 12 symbols of 11 modules and the 13-module stop pattern.
        assert_eq!(modules.len(), values.len() * 11 + 13);
        let symbol = |i: usize| widths(&modules[i * 11..(i + 1) * 11]);
        // Widths from ISO/IEC 15417 table 1.
        assert_eq!(symbol(0), "211214", "Start B");
        assert_eq!(symbol(3), "113141", "Code C");
        assert_eq!(symbol(7), "212222", "value 0 (digits 00)");
        assert_eq!(symbol(11), "114113", "check value 95");
        assert_eq!(widths(&modules[12 * 11..]), "2331112", "Stop");
        for i in 0..values.len() {
            let w = symbol(i);
            assert_eq!(w.len(), 6, "three bars and three spaces in symbol {i}");
            let bar_modules: u32 = w.chars().step_by(2).filter_map(|c| c.to_digit(10)).sum();
            assert_eq!(bar_modules % 2, 0, "even parity of symbol {i}");
        }
    }

    #[test]
    fn refuses_what_code_128_cannot_carry() {
        assert!(code128_input("").is_err());
        let err = code128_input("GZ号1").unwrap_err();
        assert!(err.to_string().contains("号"), "{err}");
    }
}

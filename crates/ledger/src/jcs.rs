//! RFC 8785 JSON Canonicalization Scheme (JCS), written for this crate.
//!
//! Rules applied (RFC 8785 §3.2):
//! * no whitespace between tokens;
//! * object members sorted by their names compared as sequences of UTF-16
//!   code units;
//! * strings escaped as ECMAScript `JSON.stringify` does: `\"`, `\\`, `\b`,
//!   `\f`, `\n`, `\r`, `\t`, other code points below U+0020 as `\u00xx`
//!   (lower-case hex), everything else emitted as UTF-8 unchanged;
//! * numbers formatted by the ECMAScript `Number::toString` algorithm
//!   (shortest round-tripping digits, exponent form outside `1e-7 ..
//!   1e21`, `-0` written as `0`).
//!
//! Integers parsed from JSON that lie outside the I-JSON safe range
//! `±(2^53 - 1)` are rejected instead of being silently rounded to a
//! binary64 value, since a reader in another language could not reproduce
//! their canonical form.

use serde_json::{Map, Number, Value};

/// Largest integer magnitude accepted (`2^53 - 1`, I-JSON's safe range).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why a JSON value has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JcsError {
    /// An integer outside `±(2^53 - 1)`.
    #[error("integer {0} is outside the I-JSON safe range ±(2^53-1)")]
    UnsafeInteger(String),
    /// NaN or an infinity (cannot come from parsed JSON, but can be built).
    #[error("number is not finite")]
    NonFinite,
}

/// Canonical UTF-8 bytes of a JSON value.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, JcsError> {
    let mut out = String::new();
    write_value(value, &mut out)?;
    Ok(out.into_bytes())
}

fn write_value(value: &Value, out: &mut String) -> Result<(), JcsError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(n, out)?,
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => write_object(map, out)?,
    }
    Ok(())
}

fn write_object(map: &Map<String, Value>, out: &mut String) -> Result<(), JcsError> {
    let mut members: Vec<(&String, &Value)> = map.iter().collect();
    members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    out.push('{');
    for (i, (name, value)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(name, out);
        out.push(':');
        write_value(value, out)?;
    }
    out.push('}');
    Ok(())
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(n: &Number, out: &mut String) -> Result<(), JcsError> {
    if let Some(u) = n.as_u64() {
        if u > MAX_SAFE_INTEGER {
            return Err(JcsError::UnsafeInteger(u.to_string()));
        }
        out.push_str(&u.to_string());
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() > MAX_SAFE_INTEGER {
            return Err(JcsError::UnsafeInteger(i.to_string()));
        }
        out.push_str(&i.to_string());
    } else {
        let f = n.as_f64().ok_or(JcsError::NonFinite)?;
        out.push_str(&format_es_number(f)?);
    }
    Ok(())
}

/// ECMAScript `Number::toString(x)` for a finite binary64 value.
pub fn format_es_number(x: f64) -> Result<String, JcsError> {
    if !x.is_finite() {
        return Err(JcsError::NonFinite);
    }
    if x == 0.0 {
        return Ok("0".to_string());
    }
    if x < 0.0 {
        return Ok(format!("-{}", format_es_number(-x)?));
    }
    // Rust's `{:e}` yields the shortest digit string that round-trips (and
    // the closest such string), i.e. ECMAScript's `s` and `k`, in the form
    // `d.ddde<exp>`; ECMAScript's `n` is `exp + 1`.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').ok_or(JcsError::NonFinite)?;
    let exp: i32 = exp.parse().map_err(|_| JcsError::NonFinite)?;
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = break_tie_to_even(x, digits, exp);
    let k = digits.len() as i32;
    let n = exp + 1;
    let out = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n - 1 < 0 { '-' } else { '+' };
        let e = (n - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{e}")
        } else {
            format!("{}.{}e{sign}{e}", &digits[..1], &digits[1..])
        }
    };
    Ok(out)
}

/// Normalized exact decimal form `(significant digits, exponent)` with
/// value `0.d1d2... * 10^(exponent + 1)`, i.e. `d1.d2... e exponent`,
/// trailing zeros removed.
fn normalized(digits: &str, sci_exp: i32) -> (String, i32) {
    (digits.trim_end_matches('0').to_string(), sci_exp)
}

/// ECMAScript requires, when two shortest digit strings are equally close
/// to `x`, the one with the even last digit. Rust's shortest formatting
/// may pick the odd one in such an exact tie; this detects the tie with
/// the exact decimal expansion of `x` and switches to the even neighbour.
fn break_tie_to_even(x: f64, digits: String, exp: i32) -> String {
    let last = digits.as_bytes()[digits.len() - 1] - b'0';
    if last.is_multiple_of(2) || digits.len() > 17 {
        return digits;
    }
    // Exact decimal expansion of x (a binary64 has at most 767
    // significant decimal digits, so 800 is exact).
    let exact = format!("{x:.800e}");
    let (m, e) = exact.split_once('e').expect("scientific format");
    let exact_digits: String = m.chars().filter(|c| *c != '.').collect();
    let exact = normalized(&exact_digits, e.parse().expect("exponent"));
    let s: u64 = digits.parse().expect("digits");
    let k = digits.len() as i32;
    // Value of `s` is s * 10^(exp - k + 1); a midpoint with a neighbour is
    // (2s +/- 1) * 5 * 10^(exp - k).
    for (mid, other) in [(10 * s - 5, s - 1), (10 * s + 5, s + 1)] {
        let mid_str = mid.to_string();
        let mid_exp = exp - k + mid_str.len() as i32 - 1;
        if normalized(&mid_str, mid_exp) != exact {
            continue;
        }
        let other_str = other.to_string();
        let candidate = format!("{other_str}e{}", exp - k + 1);
        if candidate.parse::<f64>().ok() == Some(x) && other_str.len() == digits.len() {
            return other_str;
        }
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canon(s: &str) -> String {
        let v: Value = serde_json::from_str(s).unwrap();
        String::from_utf8(canonicalize(&v).unwrap()).unwrap()
    }

    #[test]
    fn rfc8785_section_3_2_2_example() {
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        assert_eq!(
            canon(input),
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"
        );
    }

    #[test]
    fn rfc8785_section_3_2_3_sorting_by_utf16_code_units() {
        let input = r#"{
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let want = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
            \"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\
            \"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        assert_eq!(canon(input), want);
        // UTF-8 byte order would put U+FB33 before the emoji; UTF-16 must not.
        let got = canon(input);
        assert!(got.find('😀').unwrap() < got.find('\u{fb33}').unwrap());
    }

    #[test]
    fn rfc8785_appendix_b_number_table() {
        let table = [
            ("0000000000000000", "0"),
            ("8000000000000000", "0"),
            ("0000000000000001", "5e-324"),
            ("8000000000000001", "-5e-324"),
            ("7fefffffffffffff", "1.7976931348623157e+308"),
            ("ffefffffffffffff", "-1.7976931348623157e+308"),
            ("4340000000000000", "9007199254740992"),
            ("c340000000000000", "-9007199254740992"),
            ("4430000000000000", "295147905179352830000"),
            ("44b52d02c7e14af5", "9.999999999999997e+22"),
            ("44b52d02c7e14af6", "1e+23"),
            ("44b52d02c7e14af7", "1.0000000000000001e+23"),
            ("444b1ae4d6e2ef4e", "999999999999999700000"),
            ("444b1ae4d6e2ef4f", "999999999999999900000"),
            ("444b1ae4d6e2ef50", "1e+21"),
            ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
            ("3eb0c6f7a0b5ed8d", "0.000001"),
            ("41b3de4355555553", "333333333.3333332"),
            ("41b3de4355555554", "333333333.33333325"),
            ("41b3de4355555555", "333333333.3333333"),
            ("41b3de4355555556", "333333333.3333334"),
            ("41b3de4355555557", "333333333.33333343"),
            ("becbf647612f3696", "-0.0000033333333333333333"),
            ("43143ff3c1cb0959", "1424953923781206.2"),
        ];
        for (bits, want) in table {
            let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
            assert_eq!(format_es_number(x).unwrap(), want, "bits {bits}");
        }
        assert_eq!(format_es_number(f64::NAN), Err(JcsError::NonFinite));
        assert_eq!(format_es_number(f64::INFINITY), Err(JcsError::NonFinite));
    }

    #[test]
    fn matches_ecmascript_on_a_thousand_pinned_numbers() {
        // Generated once with Node.js: random bit patterns, exact ties at
        // quarter values near 2^52, and short decimals over many decades.
        let table = include_str!("../tests/data/es_number_strings.txt");
        let mut checked = 0;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let (bits, want) = line.split_once(' ').unwrap();
            let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
            assert_eq!(format_es_number(x).unwrap(), want, "bits {bits}");
            checked += 1;
        }
        assert!(checked >= 990);
    }

    #[test]
    fn integers_outside_safe_range_are_rejected() {
        assert_eq!(
            canon("[9007199254740991,-9007199254740991]"),
            "[9007199254740991,-9007199254740991]"
        );
        let big = json!(9007199254740992u64);
        assert!(matches!(
            canonicalize(&big),
            Err(JcsError::UnsafeInteger(_))
        ));
        let neg = json!(-9007199254740992i64);
        assert!(matches!(
            canonicalize(&neg),
            Err(JcsError::UnsafeInteger(_))
        ));
    }

    #[test]
    fn whitespace_and_member_order_do_not_change_the_canonical_form() {
        let a = canon(r#"{ "b" : [1, 2.0, {"y": null, "x": "\u0001"}], "a": true }"#);
        let b = canon(r#"{"a":true,"b":[1,2,{"x":"\u0001","y":null}]}"#);
        assert_eq!(a, b);
        assert_eq!(a, r#"{"a":true,"b":[1,2,{"x":"\u0001","y":null}]}"#);
    }
}

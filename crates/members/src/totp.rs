//! Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) as
//! authenticator apps make them: HMAC-SHA-1, 30-second steps, six digits;
//! a code is accepted one step either side of now and never twice; the
//! `otpauth://` URI (Key Uri Format) that apps read from a QR code; and
//! one-time recovery codes. No clock, randomness or storage here: callers
//! pass the time, the random bytes and the last step used.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

/// Seconds per step (RFC 6238 §4.1, X).
pub const STEP_SECS: u64 = 30;
/// Digits of a code as apps show them.
pub const DIGITS: u32 = 6;
/// Bytes of a shared secret (RFC 4226 §4 recommends 160 bits).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes handed out at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// The HOTP value (RFC 4226 §5.3) of `counter` with `digits` digits.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let binary = (u32::from(hash[offset]) & 0x7f) << 24
        | u32::from(hash[offset + 1]) << 16
        | u32::from(hash[offset + 2]) << 8
        | u32::from(hash[offset + 3]);
    binary % 10u32.pow(digits)
}

/// The step that `unix_secs` falls in (RFC 6238 §4.2, T0 = 0).
pub fn step_of(unix_secs: u64) -> u64 {
    unix_secs / STEP_SECS
}

/// The code for the step of `unix_secs`, with `digits` digits.
pub fn code_at(secret: &[u8], unix_secs: u64, digits: u32) -> u32 {
    hotp(secret, step_of(unix_secs), digits)
}

/// The step a typed `code` matches at `unix_secs` (one step of clock drift
/// either way, RFC 6238 §5.2), if it is later than `last_step` (a code is
/// used once). Spaces in the code are ignored; anything but six digits
/// matches nothing. Every candidate is compared, in constant time.
pub fn verify(secret: &[u8], code: &str, unix_secs: u64, last_step: Option<u64>) -> Option<u64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != DIGITS as usize || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let typed: u32 = digits.parse().ok()?;
    let now = step_of(unix_secs);
    let mut found = None;
    for step in [now.saturating_sub(1), now, now + 1] {
        let same: bool = hotp(secret, step, DIGITS)
            .to_be_bytes()
            .ct_eq(&typed.to_be_bytes())
            .into();
        if same && last_step.is_none_or(|last| step > last) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// The secret in base32 without padding (RFC 4648), as apps take it.
pub fn secret_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// A base32 secret back to its bytes (`None` if it is not base32).
pub fn decode_secret(base32: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD.decode(base32.as_bytes()).ok()
}

/// The `otpauth://totp/` URI that an authenticator app reads.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        uri_escape(issuer),
        uri_escape(account),
        secret_base32(secret),
        uri_escape(issuer),
    )
}

fn uri_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A recovery code made of 8 random bytes: `xxxx-xxxx-xxxx-xxxx` in
/// lower-case hexadecimal (64 bits).
pub fn recovery_code(random: [u8; 8]) -> String {
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}",
        &hex[0..4],
        &hex[4..8],
        &hex[8..12],
        &hex[12..16]
    )
}

/// A typed recovery code in its one form (dashes and spaces dropped, lower
/// case), or `None` if it cannot be one.
pub fn normalize_recovery_code(typed: &str) -> Option<String> {
    let s: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, the SHA-1 column (8 digits, key "1234…90").
    #[test]
    fn rfc_6238_appendix_b_vectors() {
        let key = b"12345678901234567890";
        for (t, code) in [
            (59, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(code_at(key, t, 8), code, "T = {t}");
        }
    }

    /// RFC 4226 Appendix D: HOTP values for counters 0 to 9.
    #[test]
    fn rfc_4226_appendix_d_vectors() {
        let key = b"12345678901234567890";
        let expected = [
            755_224, 287_082, 359_152, 969_429, 338_314, 254_676, 287_922, 162_583, 399_871,
            520_489,
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(key, counter as u64, 6), *code);
        }
    }

    #[test]
    fn a_code_is_taken_one_step_either_side_and_only_once() {
        let key = [7u8; SECRET_BYTES];
        let now = 1_700_000_000;
        let code = |t: u64| format!("{:06}", code_at(&key, t, DIGITS));
        assert_eq!(verify(&key, &code(now), now, None), Some(step_of(now)));
        assert_eq!(
            verify(&key, &code(now - 30), now, None),
            Some(step_of(now) - 1)
        );
        assert_eq!(
            verify(&key, &code(now + 30), now, None),
            Some(step_of(now) + 1)
        );
        assert_eq!(verify(&key, &code(now - 90), now, None), None, "too old");
        assert_eq!(
            verify(&key, &code(now), now, Some(step_of(now))),
            None,
            "used once"
        );
        let spaced = format!("{} {}", &code(now)[..3], &code(now)[3..]);
        assert!(verify(&key, &spaced, now, None).is_some());
        for junk in ["", "12345", "1234567", "abcdef", "１２３４５６"] {
            assert_eq!(verify(&key, junk, now, None), None, "{junk:?}");
        }
    }

    #[test]
    fn secrets_read_back_from_base32() {
        let key = [0xa5u8; SECRET_BYTES];
        assert_eq!(
            decode_secret(&secret_base32(&key)).as_deref(),
            Some(&key[..])
        );
        assert_eq!(decode_secret("not base32!"), None);
    }

    #[test]
    fn the_uri_names_issuer_account_and_secret() {
        let uri = otpauth_uri("WAICO node", "amina@x", b"12345678901234567890");
        assert_eq!(
            uri,
            "otpauth://totp/WAICO%20node:amina%40x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=WAICO%20node&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn recovery_codes_read_back_however_typed() {
        let code = recovery_code([0xab, 0xcd, 0, 1, 2, 3, 0xfe, 0xff]);
        assert_eq!(code, "abcd-0001-0203-feff");
        assert_eq!(
            normalize_recovery_code(" ABCD 0001-0203-FEFF").as_deref(),
            Some("abcd00010203feff")
        );
        assert_eq!(normalize_recovery_code("abcd-0001"), None);
        assert_eq!(normalize_recovery_code("zzzz-0001-0203-feff"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever is typed, checking it neither panics nor matches
        /// anything but the six digits of a step within reach.
        #[test]
        fn typed_codes_never_panic(typed in "\\PC{0,24}", t in 0u64..40_000_000_000) {
            let key = [9u8; SECRET_BYTES];
            if let Some(step) = verify(&key, &typed, t, None) {
                proptest::prop_assert!(step + 1 >= step_of(t) && step <= step_of(t) + 1);
                let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
                proptest::prop_assert_eq!(digits, format!("{:06}", hotp(&key, step, DIGITS)));
            }
            if let Some(code) = normalize_recovery_code(&typed) {
                proptest::prop_assert_eq!(code.len(), 16);
            }
        }
    }
}

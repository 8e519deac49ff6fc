//! People with accounts: user names, display names, e-mail addresses and
//! password rules, each validated when parsed.

use serde::Serialize;

use crate::Invalid;

/// 3–32 characters of lower-case ASCII letters, digits, `.`, `_` or `-`,
/// starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim().to_ascii_lowercase();
        if name.is_empty() {
            return Err(Invalid::new("username", "err-required"));
        }
        if !(3..=32).contains(&name.len()) {
            return Err(Invalid::new("username", "err-length"));
        }
        let first_ok = name.starts_with(|c: char| c.is_ascii_lowercase());
        let rest_ok = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if first_ok && rest_ok {
            Ok(Self(name))
        } else {
            Err(Invalid::new("username", "err-username-chars"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid::new("display_name", "err-required"));
        }
        if name.chars().count() > 100 {
            return Err(Invalid::new("display_name", "err-length"));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid::new("display_name", "err-control-chars"));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A plausible e-mail address (one `@`, a dot in the domain, no spaces),
/// stored lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(Invalid::new("email", "err-required"));
        }
        let valid = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && email.len() <= 254
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if valid {
            Ok(Self(email))
        } else {
            Err(Invalid::new("email", "err-invalid-email"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 10 to 256 characters. Its `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(Invalid::new("password", "err-required"));
        }
        if !(10..=256).contains(&n) {
            return Err(Invalid::new("password", "err-password-length"));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse(" Amina.K ").unwrap().as_str(), "amina.k");
        assert_eq!(Username::parse("ab").unwrap_err().key, "err-length");
        assert_eq!(
            Username::parse("1abc").unwrap_err().key,
            "err-username-chars"
        );
        assert_eq!(
            Username::parse("a b c").unwrap_err().key,
            "err-username-chars"
        );
    }

    #[test]
    fn emails_and_passwords_validate_and_passwords_stay_secret() {
        assert_eq!(
            Email::parse("Li.Wei@Example.CN").unwrap().as_str(),
            "li.wei@example.cn"
        );
        for bad in ["", "no-at", "a@b", "a@.b.c", "a b@c.d"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Password::parse("short").unwrap_err().key,
            "err-password-length"
        );
        let p = Password::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}

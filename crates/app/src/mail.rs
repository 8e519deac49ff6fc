//! Outgoing e-mail over SMTP (`lettre`), for any part that needs to write
//! to people: invitations, password resets, later notices. With no SMTP
//! server configured (`[smtp]` in `waico.toml`) nothing is sent and the log
//! says so; callers learn it from [`Mailer::is_enabled`] or the `Ok(false)`
//! of [`Mailer::send`].

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailSecurity {
    /// TLS from the first byte (usually port 465).
    Tls,
    /// Plain connection upgraded with STARTTLS, required (usually port 587).
    Starttls,
    /// No encryption: only for a relay on the same host or in tests.
    None,
}

/// Where and as whom mail is sent. The password never appears in `Debug`.
#[derive(Clone)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, e.g. `WAICO <no-reply@waico.example>`.
    pub from: String,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .finish()
    }
}

/// Sends mail, or says it cannot (cheap to clone: the connection pool is
/// shared).
#[derive(Clone, Default)]
pub struct Mailer {
    inner: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("enabled", &self.is_enabled())
            .finish()
    }
}

impl Mailer {
    /// A mailer that sends nothing.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// A mailer for `settings`; an invalid sender or host is an error
    /// (nothing is contacted until the first message).
    pub fn new(settings: &MailSettings) -> Result<Self, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("smtp.from {:?}: {e}", settings.from))?;
        let builder = match settings.security {
            MailSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)
                .map_err(|e| format!("smtp.host: {e}"))?,
            MailSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                    .map_err(|e| format!("smtp.host: {e}"))?
            }
            MailSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            }
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            inner: Some((builder.build(), from)),
        })
    }

    pub fn is_enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// Sends a plain-text message. `Ok(false)`: no SMTP server is
    /// configured, nothing was sent (logged).
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<bool, String> {
        let Some((transport, from)) = &self.inner else {
            tracing::warn!(subject, "no SMTP server is configured: mail not sent");
            return Ok(false);
        };
        let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("message: {e}"))?;
        transport
            .send(message)
            .await
            .map_err(|e| format!("SMTP: {e}"))?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_hide_the_password_and_bad_senders_are_refused() {
        let settings = MailSettings {
            host: "smtp.example.org".into(),
            port: 587,
            security: MailSecurity::Starttls,
            username: Some("waico".into()),
            password: Some("hunter2".into()),
            from: "WAICO <no-reply@waico.example>".into(),
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
        assert!(Mailer::new(&settings).unwrap().is_enabled());
        let bad = MailSettings {
            from: "not an address".into(),
            ..settings
        };
        assert!(Mailer::new(&bad).unwrap_err().contains("smtp.from"));
        assert!(!Mailer::disabled().is_enabled());
    }
}

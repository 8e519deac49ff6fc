//! A real SMTP server for the tests that send mail: `aiosmtpd` from PyPI
//! (in `target/py-venv`), writing what it receives into a maildir.

/// A running server; stopped when dropped.
pub struct MailServer {
    child: std::process::Child,
    pub port: u16,
    maildir: tempfile::TempDir,
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl MailServer {
    pub async fn start() -> MailServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self::start_on(port).await
    }

    /// A server on a given port (to restart one the node already knows).
    pub async fn start_on(port: u16) -> MailServer {
        use std::time::{Duration, Instant};
        let python = tokio::task::spawn_blocking(crate::python::python)
            .await
            .unwrap();
        let maildir = tempfile::tempdir().unwrap();
        let child = std::process::Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let server = MailServer {
            child,
            port,
            maildir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "aiosmtpd did not start in 30 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    /// Every message received so far, as text.
    pub fn messages(&self) -> Vec<String> {
        let dir = self.maildir.path().join("box/new");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        entries
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }

    /// Waits until `n` messages arrived (10 s at most).
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let got = self.messages();
            if got.len() >= n || std::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

/// A node mailer that sends through the server on `port` (no TLS, no login).
pub fn mailer(port: u16) -> waico_app::mail::Mailer {
    waico_app::mail::Mailer::new(&waico_app::mail::MailSettings {
        host: "127.0.0.1".into(),
        port,
        security: waico_app::mail::MailSecurity::None,
        username: None,
        password: None,
        from: "WAICO <no-reply@waico.test>".into(),
    })
    .unwrap()
}

/// A mail's text with quoted-printable soft line breaks undone.
pub fn unfolded(mail: &str) -> String {
    mail.replace("=\r\n", "").replace("=\n", "")
}

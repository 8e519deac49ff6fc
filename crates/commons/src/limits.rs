//! Size limits checked before anything is stored: per file, per repository
//! (sum of file sizes in the resulting commit) and number of files.
//!
//! Limits can be set per repository kind; [`SizeLimits::check_changes`] looks
//! at the state a commit *would* produce, so replacing a large file by a
//! smaller one is allowed even when the repository is at its limit.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::repo::{Change, Commit, RepoKind, RepoPath};

const GIB: u64 = 1 << 30;

/// Limits for one repository kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_repo_bytes: u64,
    pub max_files: usize,
}

impl Default for Limits {
    /// 50 GiB per file, 1 TiB per repository, 100 000 files.
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * GIB,
            max_repo_bytes: 1024 * GIB,
            max_files: 100_000,
        }
    }
}

/// A limit that a change would exceed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("{path} is {size} bytes; the limit per file is {limit} bytes ({})", human(*limit))]
    FileTooLarge {
        path: RepoPath,
        size: u64,
        limit: u64,
    },
    #[error("the repository would hold {total} bytes; the limit is {limit} bytes ({})", human(*limit))]
    RepoTooLarge { total: u64, limit: u64 },
    #[error("the repository would hold {count} files; the limit is {limit}")]
    TooManyFiles { count: usize, limit: usize },
}

/// Human-readable size, e.g. `50 GiB`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Size limits, with optional overrides per repository kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SizeLimits {
    pub default: Limits,
    #[serde(default)]
    pub per_kind: HashMap<RepoKind, Limits>,
}

impl SizeLimits {
    pub fn for_kind(&self, kind: RepoKind) -> Limits {
        self.per_kind.get(&kind).copied().unwrap_or(self.default)
    }

    /// Checks one file size (e.g. from a `Content-Length` before receiving it).
    pub fn check_file(&self, kind: RepoKind, path: &RepoPath, size: u64) -> Result<(), LimitError> {
        let limit = self.for_kind(kind).max_file_bytes;
        if size > limit {
            return Err(LimitError::FileTooLarge {
                path: path.clone(),
                size,
                limit,
            });
        }
        Ok(())
    }

    /// Checks the state `changes` would produce on top of `parent`.
    /// Changes that [`Commit::build`] would refuse are ignored here.
    pub fn check_changes(
        &self,
        kind: RepoKind,
        parent: Option<&Commit>,
        changes: &[Change],
    ) -> Result<(), LimitError> {
        let limits = self.for_kind(kind);
        let mut sizes: HashMap<&RepoPath, u64> = parent
            .map(|p| p.files.iter().map(|f| (&f.path, f.size)).collect())
            .unwrap_or_default();
        for change in changes {
            match change {
                Change::Put { path, size, .. } => {
                    self.check_file(kind, path, *size)?;
                    sizes.insert(path, *size);
                }
                Change::Delete { path } => {
                    sizes.remove(path);
                }
            }
        }
        if sizes.len() > limits.max_files {
            return Err(LimitError::TooManyFiles {
                count: sizes.len(),
                limit: limits.max_files,
            });
        }
        let total = sizes.values().fold(0u64, |a, b| a.saturating_add(*b));
        if total > limits.max_repo_bytes {
            return Err(LimitError::RepoTooLarge {
                total,
                limit: limits.max_repo_bytes,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::Sha256;

    fn put(path: &str, size: u64) -> Change {
        Change::Put {
            path: RepoPath::parse(path).unwrap(),
            size,
            sha256: Sha256::digest(path.as_bytes()),
        }
    }

    fn small() -> SizeLimits {
        SizeLimits {
            default: Limits {
                max_file_bytes: 100,
                max_repo_bytes: 250,
                max_files: 3,
            },
            per_kind: HashMap::from([(
                RepoKind::Dataset,
                Limits {
                    max_file_bytes: 1000,
                    max_repo_bytes: 5000,
                    max_files: 10,
                },
            )]),
        }
    }

    #[test]
    fn file_limit() {
        let l = small();
        let p = RepoPath::parse("big.bin").unwrap();
        assert!(l.check_file(RepoKind::Model, &p, 100).is_ok());
        let err = l.check_file(RepoKind::Model, &p, 101).unwrap_err();
        assert_eq!(
            err,
            LimitError::FileTooLarge {
                path: p.clone(),
                size: 101,
                limit: 100
            }
        );
        assert!(err.to_string().contains("big.bin"));
        assert!(
            l.check_file(RepoKind::Dataset, &p, 101).is_ok(),
            "per-kind override"
        );
    }

    #[test]
    fn repo_limit_uses_resulting_state() {
        let l = small();
        let parent = Commit::build(None, &[put("a", 100), put("b", 100)], "x", "m", 0).unwrap();
        assert!(
            l.check_changes(RepoKind::Model, Some(&parent), &[put("c", 50)])
                .is_ok()
        );
        assert_eq!(
            l.check_changes(RepoKind::Model, Some(&parent), &[put("c", 51)]),
            Err(LimitError::RepoTooLarge {
                total: 251,
                limit: 250
            })
        );
        // Replacing shrinks; deleting frees room.
        assert!(
            l.check_changes(
                RepoKind::Model,
                Some(&parent),
                &[put("a", 10), put("c", 100)]
            )
            .is_ok()
        );
        let del = Change::Delete {
            path: RepoPath::parse("a").unwrap(),
        };
        assert!(
            l.check_changes(RepoKind::Model, Some(&parent), &[del, put("c", 100)])
                .is_ok()
        );
        assert_eq!(
            l.check_changes(RepoKind::Model, Some(&parent), &[put("c", 1), put("d", 1)]),
            Err(LimitError::TooManyFiles { count: 4, limit: 3 })
        );
        assert!(matches!(
            l.check_changes(RepoKind::Model, None, &[put("huge", 101)]),
            Err(LimitError::FileTooLarge { .. })
        ));
    }

    #[test]
    fn defaults_and_messages() {
        let l = SizeLimits::default();
        assert_eq!(l.for_kind(RepoKind::Tool).max_file_bytes, 50 * GIB);
        assert_eq!(human(50 * GIB), "50 GiB");
        assert_eq!(human(1536), "1.5 KiB");
        let e = LimitError::RepoTooLarge {
            total: 2 * GIB,
            limit: GIB,
        };
        assert!(e.to_string().contains("1 GiB"), "{e}");
        let huge = [put("a", u64::MAX), put("b", u64::MAX)];
        let unlimited = SizeLimits {
            default: Limits {
                max_file_bytes: u64::MAX,
                max_repo_bytes: u64::MAX - 1,
                max_files: 10,
            },
            ..SizeLimits::default()
        };
        assert!(matches!(
            unlimited.check_changes(RepoKind::Model, None, &huge),
            Err(LimitError::RepoTooLarge { .. })
        ));
    }
}

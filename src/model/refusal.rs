//! Why the store refused something that the permission table does not decide (an unlock, a
//! sealing, a restore): every such code the store writes in a refusal's audit event is here,
//! written and read in one place, and each has words in both languages
//! (`labels::audit`). The detail keeps the code as text ("unlock deactivated",
//! "restore <file>: damaged backup"), as the store has always written it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// A try during the wait after wrong passphrases: seconds still to wait.
    UnlockTooSoon(u64),
    /// A deactivated staff member tried to open the store.
    UnlockDeactivated,
    /// A name nobody has, kept by its length only (what was typed may be anything).
    UnlockUnknownName(u32),
    Encrypt(EncryptRefusal),
    /// A restore refused: the file it would have come from, and why.
    Restore {
        from: String,
        why: RestoreRefusal,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EncryptRefusal {
    /// Nobody named themselves.
    NoName,
    AlreadyEncrypted,
    /// A demo store (or an empty one) is plain on purpose.
    Demo,
    PassphraseTooShort,
    /// Only the coordinator seals the store.
    Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RestoreRefusal {
    DamagedBackup,
    NotAStore,
    NoSuchFile,
    NotThisStore,
    Failed,
}

impl EncryptRefusal {
    pub const ALL: [EncryptRefusal; 5] = [
        EncryptRefusal::NoName,
        EncryptRefusal::AlreadyEncrypted,
        EncryptRefusal::Demo,
        EncryptRefusal::PassphraseTooShort,
        EncryptRefusal::Role,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EncryptRefusal::NoName => "no_name",
            EncryptRefusal::AlreadyEncrypted => "already_encrypted",
            EncryptRefusal::Demo => "demo",
            EncryptRefusal::PassphraseTooShort => "passphrase_too_short",
            EncryptRefusal::Role => "role",
        }
    }
}

impl RestoreRefusal {
    pub const ALL: [RestoreRefusal; 5] = [
        RestoreRefusal::DamagedBackup,
        RestoreRefusal::NotAStore,
        RestoreRefusal::NoSuchFile,
        RestoreRefusal::NotThisStore,
        RestoreRefusal::Failed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RestoreRefusal::DamagedBackup => "damaged backup",
            RestoreRefusal::NotAStore => "not a store",
            RestoreRefusal::NoSuchFile => "no such file",
            RestoreRefusal::NotThisStore => "not a backup of this store",
            RestoreRefusal::Failed => "failed",
        }
    }
}

impl Refusal {
    /// The detail as the audit event keeps it.
    pub fn code(&self) -> String {
        match self {
            Refusal::UnlockTooSoon(wait) => format!("unlock too_soon {wait}"),
            Refusal::UnlockDeactivated => "unlock deactivated".into(),
            Refusal::UnlockUnknownName(chars) => format!("unlock unknown_name {chars}"),
            Refusal::Encrypt(why) => format!("encrypt {}", why.code()),
            Refusal::Restore { from, why } => format!("restore {from}: {}", why.code()),
        }
    }

    /// The refusal a detail keeps, if it is one of these.
    pub fn parse(s: &str) -> Option<Refusal> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix("unlock ") {
            return match rest.split_once(' ') {
                Some(("too_soon", n)) => n.trim().parse().ok().map(Refusal::UnlockTooSoon),
                Some(("unknown_name", n)) => n.trim().parse().ok().map(Refusal::UnlockUnknownName),
                _ => (rest == "deactivated").then_some(Refusal::UnlockDeactivated),
            };
        }
        if let Some(code) = s.strip_prefix("encrypt ") {
            return EncryptRefusal::ALL
                .into_iter()
                .find(|why| why.code() == code)
                .map(Refusal::Encrypt);
        }
        let rest = s.strip_prefix("restore ")?;
        // The file's name may hold ": " itself: the reason is what follows the last one.
        let (from, code) = rest.rsplit_once(": ")?;
        RestoreRefusal::ALL
            .into_iter()
            .find(|why| why.code() == code)
            .map(|why| Refusal::Restore {
                from: from.to_string(),
                why,
            })
    }

    /// One of each refusal the store writes: what the catalogues' test walks.
    pub fn every_kind() -> Vec<Refusal> {
        let mut all = vec![
            Refusal::UnlockTooSoon(30),
            Refusal::UnlockDeactivated,
            Refusal::UnlockUnknownName(3),
        ];
        all.extend(EncryptRefusal::ALL.map(Refusal::Encrypt));
        all.extend(RestoreRefusal::ALL.map(|why| Refusal::Restore {
            from: "/backups/shouwang-2026-12-01.redb".into(),
            why,
        }));
        all
    }
}

impl From<Refusal> for String {
    fn from(r: Refusal) -> String {
        r.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_back_as_written() {
        for r in Refusal::every_kind() {
            assert_eq!(Refusal::parse(&r.code()), Some(r.clone()), "{}", r.code());
        }
        assert_eq!(Refusal::parse("export_personal"), None);
        let odd = Refusal::Restore {
            from: "C:\\a: b.redb".into(),
            why: RestoreRefusal::NotAStore,
        };
        assert_eq!(Refusal::parse(&odd.code()), Some(odd));
    }
}

//! A string that must never be shown: tokens and passwords.
//!
//! `Debug` and `Display` print `***`, so a secret cannot leak through logs, errors or
//! `{:?}`; the value is reached only through [`Secret::expose`], at the one place it is sent.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself; call this only where it is sent to the service that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A secret from the first of these environment variables that is set and not empty.
    pub fn from_env(names: &[&str]) -> Option<Secret> {
        names.iter().find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()).map(Secret))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_value() {
        let s = Secret::new("ghp_verysecret");
        assert_eq!(format!("{s:?} {s}"), "*** ***");
        assert_eq!(s.expose(), "ghp_verysecret");
    }
}

//! Kubernetes label selectors, as written in `backstage.io/kubernetes-label-selector`.
//!
//! The grammar is apimachinery's `labels.Parse`: comma-separated requirements of the forms
//! `key`, `!key`, `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`,
//! `key>1`, `key<1`. Keys are qualified names and values label values, checked as the API server
//! checks them. The same type matches a workload's labels.

use std::collections::BTreeMap;
use std::fmt;

use super::rules::{is_valid_dns_subdomain, is_valid_label_value, is_valid_object_name};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operator {
    Exists,
    DoesNotExist,
    Equals,
    NotEquals,
    In,
    NotIn,
    GreaterThan,
    LessThan,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

/// A parsed selector. The empty selector matches everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    pub requirements: Vec<Requirement>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {offset})")]
pub struct SelectorError {
    pub message: String,
    pub offset: usize,
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, SelectorError> {
        Lexer::new(text).selector()
    }

    /// A selector of `key=value` pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Selector {
        Selector {
            requirements: pairs
                .into_iter()
                .map(|(k, v)| Requirement { key: k.to_owned(), operator: Operator::Equals, values: vec![v.to_owned()] })
                .collect(),
        }
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }
}

impl Requirement {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let value = labels.get(&self.key);
        let number = |s: &str| s.parse::<i64>().ok();
        match self.operator {
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::Equals | Operator::In => value.is_some_and(|v| self.values.contains(v)),
            Operator::NotEquals | Operator::NotIn => value.is_none_or(|v| !self.values.contains(v)),
            Operator::GreaterThan => match (value.and_then(|v| number(v)), self.values.first().and_then(|v| number(v)))
            {
                (Some(have), Some(want)) => have > want,
                _ => false,
            },
            Operator::LessThan => match (value.and_then(|v| number(v)), self.values.first().and_then(|v| number(v))) {
                (Some(have), Some(want)) => have < want,
                _ => false,
            },
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            let values = r.values.join(",");
            match r.operator {
                Operator::Exists => write!(f, "{}", r.key)?,
                Operator::DoesNotExist => write!(f, "!{}", r.key)?,
                Operator::Equals => write!(f, "{}={values}", r.key)?,
                Operator::NotEquals => write!(f, "{}!={values}", r.key)?,
                Operator::In => write!(f, "{} in ({values})", r.key)?,
                Operator::NotIn => write!(f, "{} notin ({values})", r.key)?,
                Operator::GreaterThan => write!(f, "{}>{values}", r.key)?,
                Operator::LessThan => write!(f, "{}<{values}", r.key)?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Comma,
    Open,
    Close,
    Equals,
    DoubleEquals,
    NotEquals,
    Not,
    Greater,
    Less,
    End,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Word(w) => write!(f, "\"{w}\""),
            Token::Comma => f.write_str("','"),
            Token::Open => f.write_str("'('"),
            Token::Close => f.write_str("')'"),
            Token::Equals => f.write_str("'='"),
            Token::DoubleEquals => f.write_str("'=='"),
            Token::NotEquals => f.write_str("'!='"),
            Token::Not => f.write_str("'!'"),
            Token::Greater => f.write_str("'>'"),
            Token::Less => f.write_str("'<'"),
            Token::End => f.write_str("the end"),
        }
    }
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    peeked: Option<(Token, usize)>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0, peeked: None }
    }

    fn error<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, SelectorError> {
        Err(SelectorError { message: message.into(), offset })
    }

    fn next(&mut self) -> (Token, usize) {
        if let Some(t) = self.peeked.take() {
            return t;
        }
        let rest = &self.text[self.pos..];
        let skipped = rest.len() - rest.trim_start().len();
        self.pos += skipped;
        let start = self.pos;
        let rest = &self.text[self.pos..];
        let two = rest.get(..2);
        let (token, len) = match (two, rest.chars().next()) {
            (_, None) => (Token::End, 0),
            (Some("=="), _) => (Token::DoubleEquals, 2),
            (Some("!="), _) => (Token::NotEquals, 2),
            (_, Some(',')) => (Token::Comma, 1),
            (_, Some('(')) => (Token::Open, 1),
            (_, Some(')')) => (Token::Close, 1),
            (_, Some('=')) => (Token::Equals, 1),
            (_, Some('!')) => (Token::Not, 1),
            (_, Some('>')) => (Token::Greater, 1),
            (_, Some('<')) => (Token::Less, 1),
            _ => {
                let len = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '=' | '!' | '<' | '>'))
                    .unwrap_or(rest.len());
                (Token::Word(rest[..len].to_owned()), len)
            }
        };
        self.pos += len;
        (token, start)
    }

    fn peek(&mut self) -> &Token {
        if self.peeked.is_none() {
            let t = self.next();
            self.peeked = Some(t);
        }
        self.peeked.as_ref().map_or(&Token::End, |(t, _)| t)
    }

    fn selector(mut self) -> Result<Selector, SelectorError> {
        let mut selector = Selector::default();
        if *self.peek() == Token::End {
            return Ok(selector);
        }
        loop {
            selector.requirements.push(self.requirement()?);
            match self.next() {
                (Token::End, _) => return Ok(selector),
                (Token::Comma, _) => {}
                (t, at) => return self.error(at, format!("expected ',' or the end, found {t}")),
            }
        }
    }

    fn key(&mut self, token: (Token, usize)) -> Result<String, SelectorError> {
        match token {
            (Token::Word(key), at) => {
                if is_valid_qualified_name(&key) {
                    Ok(key)
                } else {
                    self.error(at, format!("\"{key}\" is not a valid label key: a name of at most 63 characters ([A-Za-z0-9], with -_. inside), optionally after a DNS-subdomain prefix and '/'"))
                }
            }
            (t, at) => self.error(at, format!("expected a label key, found {t}")),
        }
    }

    fn value(&mut self) -> Result<String, SelectorError> {
        match self.peek().clone() {
            Token::Word(value) => {
                let (_, at) = self.next();
                if is_valid_label_value(&value) {
                    Ok(value)
                } else {
                    self.error(at, format!("\"{value}\" is not a valid label value: at most 63 characters, [A-Za-z0-9] at both ends, -_. inside"))
                }
            }
            // An empty value is allowed: `key=` selects labels with an empty value.
            _ => Ok(String::new()),
        }
    }

    fn requirement(&mut self) -> Result<Requirement, SelectorError> {
        let first = self.next();
        if first.0 == Token::Not {
            let next = self.next();
            let key = self.key(next)?;
            return Ok(Requirement { key, operator: Operator::DoesNotExist, values: Vec::new() });
        }
        let key = self.key(first)?;
        let operator = match self.peek().clone() {
            Token::End | Token::Comma => {
                return Ok(Requirement { key, operator: Operator::Exists, values: Vec::new() });
            }
            Token::Equals | Token::DoubleEquals => Operator::Equals,
            Token::NotEquals => Operator::NotEquals,
            Token::Greater => Operator::GreaterThan,
            Token::Less => Operator::LessThan,
            Token::Word(w) if w == "in" => Operator::In,
            Token::Word(w) if w == "notin" => Operator::NotIn,
            t => {
                let (_, at) = self.next();
                return self.error(
                    at,
                    format!("expected an operator (=, ==, !=, in, notin, >, <) after \"{key}\", found {t}"),
                );
            }
        };
        let (_, at) = self.next();
        let values = match operator {
            Operator::In | Operator::NotIn => self.value_set()?,
            Operator::GreaterThan | Operator::LessThan => {
                let value = self.value()?;
                if value.parse::<i64>().is_err() {
                    return self.error(at, format!("\"{value}\" must be an integer for > and <"));
                }
                vec![value]
            }
            _ => vec![self.value()?],
        };
        Ok(Requirement { key, operator, values })
    }

    fn value_set(&mut self) -> Result<Vec<String>, SelectorError> {
        match self.next() {
            (Token::Open, _) => {}
            (t, at) => return self.error(at, format!("expected '(' after in/notin, found {t}")),
        }
        let mut values = Vec::new();
        loop {
            values.push(self.value()?);
            match self.next() {
                (Token::Comma, _) => {}
                (Token::Close, _) => return Ok(values),
                (t, at) => return self.error(at, format!("expected ',' or ')' in a value set, found {t}")),
            }
        }
    }
}

/// A Kubernetes qualified name: `[prefix/]name`.
fn is_valid_qualified_name(key: &str) -> bool {
    match key.split_once('/') {
        None => is_valid_object_name(key),
        Some((prefix, name)) => is_valid_dns_subdomain(prefix) && is_valid_object_name(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn parses_the_full_grammar() {
        for ok in [
            "",
            "app=web",
            "app==web,tier!=db",
            "app in (web, api),!legacy",
            "environment notin (dev),app.kubernetes.io/name=x",
            "replicas>1,weight<10",
            "app=",
            "exists",
        ] {
            assert!(Selector::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["app=web,", "app in web", "=web", "app=we b", "app=-x", "Bad.Prefix/x=1", "a>b", "app in (a"] {
            assert!(Selector::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn matches_labels() {
        let s = Selector::parse("app in (web,api),tier!=db,!legacy").unwrap_or_default();
        assert!(s.matches(&labels(&[("app", "web")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("legacy", "")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "db")])));
        assert!(!s.matches(&labels(&[("app", "batch")])));
        assert!(Selector::default().matches(&labels(&[])));
    }
}

//! The catalog index benchmark; see benches/README.md.

fn main() {}

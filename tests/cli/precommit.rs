//! (placeholder until written)

//! Stage 3: what follows from the merged facts, added to each service in this order by
//! [`crate::build_model`]:
//!
//! 1. [`api_match`]: the API model's constraints, matched to properties by name;
//! 2. [`overlay`]: the hand-written overlay's constraints and documented rules (its same-API
//!    section through [`same_api`]);
//! 3. [`enums`]: one enum per closed value set (after 1 and 2, which add value sets);
//! 4. [`references`]: every relationship resolved to `Ref` or `Fn::GetAtt`, with its form;
//! 5. [`kinds`]: what kind of string each property needs (an ARN, an id, ...), from its
//!    relationships, pattern, allowed values and name.
//!
//! Each stage is a function of the inputs and one service; those that add facts record them in
//! the [`crate::ledger::Ledger`].

pub mod api_match;
pub mod enums;
pub mod kinds;
pub mod overlay;
pub mod references;
pub mod same_api;

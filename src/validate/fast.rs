//! The validator's fast lookups: `HashMap`s with a cheap hasher for addresses and short strings,
//! and the memoised pattern matcher every check shares.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use regex_lite::Regex;

/// Whether `text` matches `pattern` (searched, as JSON Schema does: not anchored); `None` when
/// the pattern does not compile in `regex-lite` (such a pattern is skipped).
pub(crate) fn matches(pattern: &'static str, text: &str) -> Option<bool> {
    // Per thread: each compiled pattern, found by the address of its (static) text, and the
    // answers already given (templates repeat values: stage names, log formats, identity
    // sources), so no lock, no clone and no hashing of the pattern on the hot path.
    const MEMO_LIMIT: usize = 4096;
    thread_local! {
        static COMPILED: RefCell<Fast<(usize, usize), Option<Regex>>> = RefCell::default();
        static ANSWERS: RefCell<Fast<usize, Answers>> = RefCell::default();
    }
    let key = (pattern.as_ptr() as usize, pattern.len());
    let known = ANSWERS.with(|a| a.borrow().get(&key.0).and_then(|m| m.get(text)).copied());
    if let Some(answer) = known {
        return answer;
    }
    let answer = COMPILED.with(|compiled| {
        let mut compiled = compiled.borrow_mut();
        let regex = compiled
            .entry(key)
            .or_insert_with(|| Regex::new(pattern).ok());
        regex.as_ref().map(|r| r.is_match(text))
    });
    ANSWERS.with(|answers| {
        let mut answers = answers.borrow_mut();
        let for_pattern = answers.entry(key.0).or_default();
        if for_pattern.len() >= MEMO_LIMIT {
            for_pattern.clear();
        }
        for_pattern.insert(Box::from(text), answer);
    });
    answer
}

/// The answers given for one pattern, by text.
type Answers = Fast<Box<str>, Option<bool>>;

/// A `HashSet` with [`AddressHasher`].
pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<AddressHasher>>;

/// A `HashMap` with [`AddressHasher`].
pub(crate) type Fast<K, V> = HashMap<K, V, BuildHasherDefault<AddressHasher>>;

/// A fast hasher for addresses and short strings (no denial-of-service concern here: keys are
/// the generator's patterns and a template's values, and the memo is bounded).
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

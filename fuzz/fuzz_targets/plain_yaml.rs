//! libFuzzer target: whatever UTF-8 text the fast YAML reader takes, serde-saphyr
//! reads the same (see `gongshi_fuzz::check`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gongshi_fuzz::check(data));

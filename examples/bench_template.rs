//! Whole-process comparison for `scripts/bench-validate.sh`.
//!
//! - `bench_template write FILE [N]`: writes the benchmark template of N (500) resources.
//! - `bench_template walk FILE`: the baseline process, serde_json parsing FILE into a `Value`
//!   and walking it (what `cfn-apigatewayv2 validate FILE` is compared with).

#[path = "../benches/support/template.rs"]
mod support;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, file, rest @ ..] if cmd == "write" => {
            let n = rest
                .first()
                .map_or(500, |n| n.parse().expect("a resource count"));
            std::fs::write(file, support::template(n)).expect("writes the template");
        }
        [cmd, file] if cmd == "walk" => {
            let bytes = std::fs::read(file).expect("reads the template");
            let value: serde_json::Value = serde_json::from_slice(&bytes).expect("parses");
            println!("{} nodes", support::walk(&value));
        }
        _ => {
            eprintln!("usage: bench_template write FILE [N] | walk FILE");
            std::process::exit(2);
        }
    }
}

//! `validate --list-rules` and `explain RULE`: the rule catalogue on the command line.

use std::process::ExitCode;

use clap::ArgMatches;

/// `explain RULE`: what the rule checks, where its data comes from.
pub(crate) fn explain(_args: &ArgMatches) -> ExitCode {
    eprintln!("error: `explain` is not written yet");
    ExitCode::from(crate::EXIT_USAGE)
}

/// `validate --list-rules`: every rule, one per line.
pub(crate) fn list() -> ExitCode {
    for (id, text) in cfn_apigatewayv2::validate::all_rule_ids() {
        println!("{id}\t{text}");
    }
    ExitCode::SUCCESS
}

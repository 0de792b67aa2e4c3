//! "Did you mean …?": the one candidate clearly closest to a misspelt name.
//!
//! Closeness is the edit distance (insertions, deletions, substitutions) between the names
//! compared without case, with a case-only difference counted as closest of all. A candidate is
//! suggested only when it is within a third of the name's length (at least 1, at most 4 edits),
//! or the name is the candidate with words added before or after it (`RestApiId` for `ApiId`),
//! and no other candidate is as close: a guess between two is no help.
//!
//! A finding's message says what is wrong; its [`help`](super::Finding::help), where one fix is
//! clear, says how to fix it. A misspelt name gets "did you mean `…`?" naming the one clearly
//! closest candidate ([`closest`]; no help when two are as close or none is close):
//!
//! | rule | the name | candidates |
//! |------|----------|------------|
//! | `unknown-property` | a property | the type's properties (with none clearly closest, the message lists them) |
//! | `allowed-values` | a string value (`HTTP_PROXI` → `HTTP_PROXY`, a case-only difference too) | the allowed values |
//! | `ref-target` | a `Ref` or `Fn::Sub` `${Name}` target | the resources, parameters and pseudo parameters |
//! | `getatt-target` | an `Fn::GetAtt` (or `${Name.Attribute}`) target | the resources |
//! | `getatt-attribute` | an attribute | the resource type's attributes |
//! | `depends-on` | a `DependsOn` name | the resources |
//! | `condition` | a `Condition` or `Fn::If` condition | the `Conditions` section |
//!
//! A resource never suggests itself (naming itself is a cycle). A reference that gives the wrong
//! value gets the one that gives the right one as help (`value-kind`, `ref-attribute`:
//! "use `Fn::GetAtt Role.Arn`").

/// The candidate clearly closest to `name`, if there is one.
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let wanted: Vec<char> = name.to_lowercase().chars().collect();
    let limit = (wanted.len() / 3).clamp(1, 4);
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for candidate in candidates {
        if candidate == name {
            return None;
        }
        let have: Vec<char> = candidate.to_lowercase().chars().collect();
        let distance = distance(&wanted, &have);
        let contained = have.len() >= 3 && (wanted.ends_with(&have) || wanted.starts_with(&have));
        if distance > limit && !contained {
            continue;
        }
        match best {
            Some((d, _)) if distance > d => {}
            Some((d, _)) if distance == d => tie = true,
            _ => {
                best = Some((distance, candidate));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, c)| c)
}

/// The help of a finding about a misspelt name: "did you mean `X`?" for the [`closest`]
/// candidate, if there is one. Called only when there is a finding: the candidates are gathered
/// then, never on the path of a template without findings.
pub fn did_you_mean<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<String> {
    closest(name, candidates).map(|near| format!("did you mean `{near}`?"))
}

/// Levenshtein distance, one row at a time.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_clear_candidate_or_none() {
        let stage = [
            "AccessLogSettings",
            "ApiId",
            "AutoDeploy",
            "DeploymentId",
            "StageName",
        ];
        let cases: [(&str, Option<&str>); 7] = [
            ("RestApiId", Some("ApiId")),
            ("apiid", Some("ApiId")),
            ("StageNme", Some("StageName")),
            ("AutoDeplo", Some("AutoDeploy")),
            // Far from everything.
            ("Throttling", None),
            // Exactly a candidate: nothing to suggest.
            ("ApiId", None),
            ("X", None),
        ];
        for (name, want) in cases {
            assert_eq!(closest(name, stage), want, "{name}");
        }
        // Two equally close candidates: no guess.
        assert_eq!(closest("Nam", ["Name", "Nap"]), None);
    }

    #[test]
    fn help_names_the_candidate() {
        assert_eq!(
            did_you_mean(
                "HTTP_PROXI",
                ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]
            ),
            Some("did you mean `HTTP_PROXY`?".to_owned())
        );
        assert_eq!(did_you_mean("Zzz", ["Name", "Nap"]), None);
    }

    #[test]
    fn distances() {
        let d = |a: &str, b: &str| {
            distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("same", "same"), 0);
    }
}

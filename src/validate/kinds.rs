//! `value-kind`: what an intrinsic function gives a field, against what the field needs.
//!
//! Every expression has a value kind where it is certain ([`produces`]): `Ref` of a resource
//! returns what the generated value-kind table says of its type (a role's name, a certificate's
//! ARN, a queue's URL), `Fn::GetAtt` the attribute's kind and shape; `Ref` of a parameter gives
//! its declared type (`Number`, `CommaDelimitedList`, `List<AWS::EC2::Subnet::Id>`,
//! `AWS::SSM::Parameter::Value<…>`); `Fn::Split`, `Fn::GetAZs` and `Fn::Cidr` give lists;
//! `Fn::Join`, `Fn::Sub` and `Fn::Base64` one string; `Fn::Select` an item; `Fn::If` either
//! branch. What a field needs comes from the generated tables: its shape (one value or a list)
//! and [`Expects`] (an ARN, an id, ...).
//!
//! Judged, wherever both sides are certain ([`judge`]): a list where one value is needed (and a
//! list inside a list), one value where a list is needed, a name, id, URL or number where an ARN
//! is needed, an ARN or URL where an id or a name is needed, a number where the field's pattern
//! or values admit none, a name where the field's relationships make an id certain (its targets'
//! `Ref` gives an id). A name where a field is an id only by its name is not judged: many ids are
//! names too (a security group's `Ref` is its name in a default VPC). Unknown kinds are never
//! judged.

use std::fmt;

use std::cell::RefCell;

use super::index::{Index, fixed_by_type, get_att_args};
use super::schema::Fast;
use crate::Node;
use crate::schema::{Expects, Shape};

/// The kind of a string, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Arn,
    Id,
    Name,
    Url,
    Number,
    /// A string of no known kind.
    String,
}

impl Kind {
    fn parse(word: &str) -> Option<Kind> {
        Some(match word {
            "arn" => Kind::Arn,
            "id" => Kind::Id,
            "name" => Kind::Name,
            "url" => Kind::Url,
            "number" => Kind::Number,
            "string" => Kind::String,
            _ => return None,
        })
    }

    fn article(self) -> &'static str {
        match self {
            Kind::Arn => "an ARN",
            Kind::Id => "an id",
            Kind::Name => "a name",
            Kind::Url => "a URL",
            Kind::Number => "a number",
            Kind::String => "a string",
        }
    }
}

/// What an expression certainly gives: one value or a list, of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Produces {
    pub(crate) list: bool,
    pub(crate) kind: Kind,
}

impl Produces {
    const fn one(kind: Kind) -> Self {
        Produces { list: false, kind }
    }

    const fn list(kind: Kind) -> Self {
        Produces { list: true, kind }
    }

    /// `"arn"`, `"list"`, `"list:id"`, as the table spells them.
    fn parse(text: &str) -> Option<Self> {
        match text.strip_prefix("list") {
            Some("") => Some(Produces::list(Kind::String)),
            Some(rest) => Some(Produces::list(Kind::parse(rest.strip_prefix(':')?)?)),
            None => Some(Produces::one(Kind::parse(text)?)),
        }
    }
}

/// What the template declares that expressions can name: built once per template.
pub(crate) struct Names<'n, 'a> {
    /// What the template declares.
    index: &'n Index<'a>,
    /// Resource type → its entry in the value-kind table ([`table_entry`]), looked up once per
    /// type (templates repeat a few types); `None` for a type whose references return anything.
    entries: RefCell<Fast<Box<str>, Option<Entry>>>,
}

/// A type's entry of the value-kind table: what `Ref` returns, and `"Attribute:kind ..."`.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    reference: Option<Kind>,
    attributes: &'static str,
}

impl<'n, 'a> Names<'n, 'a> {
    pub(crate) fn of(index: &'n Index<'a>) -> Self {
        Names {
            index,
            entries: RefCell::default(),
        }
    }

    /// The value-kind entry of the resource `id`'s type.
    fn entry(&self, id: &str) -> Option<Entry> {
        let type_name = self.index.type_of(id)?;
        if let Some(known) = self.entries.borrow().get(type_name) {
            return *known;
        }
        let entry = table_entry(type_name);
        self.entries.borrow_mut().insert(type_name.into(), entry);
        entry
    }
}

/// The expression, for messages: `Ref Role`, `Fn::GetAtt Queue.Arn`, `Fn::Split`.
struct Shown<'n>(&'n Node);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some([(function, args)]) = self.0.as_mapping() else {
            return f.write_str("the value");
        };
        match (function.as_str(), get_att_args(args)) {
            ("Ref", _) => write!(f, "`Ref {}`", args.as_str().unwrap_or("?")),
            ("Fn::GetAtt", Some((r, a))) => write!(f, "`Fn::GetAtt {r}.{a}`"),
            (other, _) => write!(f, "`{other}`"),
        }
    }
}

/// The field, for messages: `` `Name` `` or `` each item of `SubnetIds` `` (formatted only for
/// a finding).
#[derive(Clone, Copy)]
struct Field<'f> {
    name: &'f str,
    item: bool,
}

impl fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item {
            write!(f, "each item of `{}`", self.name)
        } else {
            write!(f, "`{}`", self.name)
        }
    }
}

/// What `node` certainly gives, if anything is certain.
pub(crate) fn produces(node: &Node, names: &Names<'_, '_>) -> Option<Produces> {
    let [(function, args)] = node.as_mapping()? else {
        return None;
    };
    match function.as_str() {
        "Ref" => reference(args.as_str()?, names),
        "Fn::GetAtt" => {
            let (resource, attribute) = get_att_args(args)?;
            let entry = names.entry(resource)?;
            entry
                .attributes
                .split(' ')
                .find_map(|w| w.strip_prefix(attribute)?.strip_prefix(':'))
                .and_then(Produces::parse)
        }
        "Fn::Join" | "Fn::Sub" | "Fn::Base64" | "Fn::ToJsonString" => {
            Some(Produces::one(Kind::String))
        }
        "Fn::Length" => Some(Produces::one(Kind::Number)),
        "Fn::Split" | "Fn::Cidr" => Some(Produces::list(Kind::String)),
        "Fn::GetAZs" => Some(Produces::list(Kind::Name)),
        "Fn::Select" => {
            let [_, from] = args.as_sequence()? else {
                return None;
            };
            match (from.as_sequence(), produces(from, names)) {
                (_, Some(Produces { list: true, kind })) => Some(Produces::one(kind)),
                (Some(items), _) => {
                    // A literal list: certain only if every item gives the same.
                    let each: Option<Vec<Produces>> =
                        items.iter().map(|i| produces(i, names)).collect();
                    let each = each?;
                    let first = *each.first()?;
                    each.iter().all(|p| *p == first).then_some(first)
                }
                _ => None,
            }
        }
        "Fn::If" => {
            let [_, then, otherwise] = args.as_sequence()? else {
                return None;
            };
            let (a, b) = (produces(then, names)?, produces(otherwise, names)?);
            (a == b).then_some(a)
        }
        _ => None,
    }
}

/// What `Ref name` gives: a pseudo parameter, a parameter by its type, or a resource by the
/// value-kind table.
fn reference(name: &str, names: &Names<'_, '_>) -> Option<Produces> {
    if let Some(pseudo) = name.strip_prefix("AWS::") {
        return match pseudo {
            "AccountId" => Some(Produces::one(Kind::Id)),
            "StackId" => Some(Produces::one(Kind::Arn)),
            "NotificationARNs" => Some(Produces::list(Kind::Arn)),
            "Region" | "StackName" | "Partition" | "URLSuffix" => Some(Produces::one(Kind::Name)),
            _ => None,
        };
    }
    if let Some(parameter_type) = names.index.parameters.get(name) {
        // A parameter without a `Type` is reported by the `parameter` rule; its kind is unknown.
        return parameter_type.map(parameter);
    }
    let entry = names.entry(name)?;
    Some(Produces::one(entry.reference?))
}

/// What a parameter of this `Type` gives.
fn parameter(declared: &str) -> Produces {
    let declared = declared.trim();
    if let Some(inner) = declared
        .strip_prefix("AWS::SSM::Parameter::Value<")
        .and_then(|t| t.strip_suffix('>'))
    {
        return parameter(inner);
    }
    if let Some(inner) = declared
        .strip_prefix("List<")
        .and_then(|t| t.strip_suffix('>'))
    {
        return Produces::list(parameter(inner).kind);
    }
    match declared {
        "Number" => Produces::one(Kind::Number),
        "CommaDelimitedList" => Produces::list(Kind::String),
        "String" => Produces::one(Kind::String),
        // `AWS::EC2::Subnet::Id`, `AWS::EC2::KeyPair::KeyName`, `AWS::SSM::Parameter::Name`.
        aws => match aws.rsplit("::").next() {
            Some(last) if aws.starts_with("AWS::") && last.ends_with("Id") => {
                Produces::one(Kind::Id)
            }
            Some(last) if aws.starts_with("AWS::") && last.ends_with("Name") => {
                Produces::one(Kind::Name)
            }
            _ => Produces::one(Kind::String),
        },
    }
}

/// The table's entry for a resource type whose `Ref` and attributes are fixed by the type:
/// `(Ref kind, "Attribute:kind ...")`. SAM's types (the transform makes other resources under
/// the same logical id), CloudFormation's own (stacks, custom resources) and custom types
/// return anything.
fn table_entry(type_name: &str) -> Option<Entry> {
    if !fixed_by_type(type_name) {
        return None;
    }
    let text = find_entry(type_name)?;
    let (reference, attributes) = text.split_once(' ').unwrap_or((text, ""));
    Some(Entry {
        reference: Kind::parse(reference),
        attributes,
    })
}

/// The entry of `type_name` in the generated value-kind table (one sorted line per type,
/// `<type> <entry>`): a binary search over the text itself, nothing built at run time.
fn find_entry(type_name: &str) -> Option<&'static str> {
    let table: &'static str = crate::resource_values::RESOURCE_VALUES;
    let (mut lo, mut hi) = (0, table.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = table[lo..mid].rfind('\n').map_or(lo, |i| lo + i + 1);
        let end = table[start..hi].find('\n').map_or(hi, |i| start + i);
        let line = &table[start..end];
        let (name, entry) = line.split_once(' ').unwrap_or((line, ""));
        match name.cmp(type_name) {
            std::cmp::Ordering::Equal => return Some(entry),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// A finding's message, and its help where one fix is clear.
pub(crate) type Judged = (String, Option<String>);

/// The message (and help) for `node` in the field `field` (of `shape`, needing `expects`), if
/// what it gives certainly cannot fit; `item`: the value is an item of the list `field`.
pub(crate) fn judge(
    field: &str,
    shape: &Shape,
    expects: Option<Expects>,
    node: &Node,
    names: &Names<'_, '_>,
    item: bool,
) -> Option<Judged> {
    let gives = produces(node, names)?;
    let shown = Shown(node);
    let plain = |message: String| Some((message, None));
    match shape {
        Shape::List(_) if !gives.list => plain(format!(
            "{} is a list, but {shown} gives one value ({})",
            Field { name: field, item },
            gives.kind.article()
        )),
        // A list for a list: its items are judged as the field's items.
        Shape::List(_) => {
            let each = Field {
                name: field,
                item: true,
            };
            kind_mismatch(each, expects?, gives.kind, node, names)
                .map(|(m, help)| (format!("{m} (in a list)"), help))
        }
        Shape::Object(..) | Shape::Map(_) | Shape::Json => None,
        _ if gives.list && item => plain(format!(
            "{} must be one value, but {shown} gives a list (a list inside a list)",
            Field { name: field, item }
        )),
        _ if gives.list => plain(format!(
            "{} is one value, but {shown} gives a list",
            Field { name: field, item }
        )),
        Shape::String => kind_mismatch(
            Field { name: field, item },
            expects?,
            gives.kind,
            node,
            names,
        ),
        _ => None,
    }
}

/// The message (and help) when a value of kind `gives` cannot be what `field` expects.
fn kind_mismatch(
    field: Field<'_>,
    expects: Expects,
    gives: Kind,
    node: &Node,
    names: &Names<'_, '_>,
) -> Option<Judged> {
    let shown = Shown(node);
    let wrong = match expects {
        Expects::Arn => matches!(gives, Kind::Id | Kind::Name | Kind::Url | Kind::Number),
        Expects::Id | Expects::Name => matches!(gives, Kind::Arn | Kind::Url),
        Expects::Url => matches!(gives, Kind::Arn | Kind::Id | Kind::Name | Kind::Number),
        Expects::NotNumber => gives == Kind::Number,
        Expects::Composed => gives != Kind::String,
        Expects::ArnOrUrl => matches!(gives, Kind::Id | Kind::Name | Kind::Number),
        Expects::TargetId => matches!(gives, Kind::Arn | Kind::Url | Kind::Name),
    };
    if !wrong {
        return None;
    }
    let gives = gives.article();
    let needed = match expects {
        Expects::Arn => Kind::Arn,
        Expects::Id | Expects::TargetId => Kind::Id,
        Expects::Name => Kind::Name,
        Expects::Url => Kind::Url,
        Expects::NotNumber => {
            return Some((
                format!(
                    "{field} admits no number (its pattern or allowed values), but {shown} gives {gives}"
                ),
                None,
            ));
        }
        Expects::ArnOrUrl => {
            return Some((
                format!("{field} needs an ARN or a URL, but {shown} gives {gives}"),
                None,
            ));
        }
        Expects::Composed => {
            return Some((
                format!(
                    "{field} takes a value built around a reference in its documented form (made with `Fn::Sub` or `Fn::Join`), but {shown} gives {gives} alone"
                ),
                None,
            ));
        }
    };
    // Only for an ARN: the usual slip (`Ref` where `Fn::GetAtt …Arn` is meant); an id or name of
    // the wrong resource has no one fix.
    let help = (needed == Kind::Arn)
        .then(|| suggestion(node, needed, names))
        .flatten()
        .map(|better| format!("use {better}"));
    Some((
        format!(
            "{field} needs {}, but {shown} gives {gives}",
            needed.article()
        ),
        help,
    ))
}

/// For `Ref R` or `Fn::GetAtt R.A` of a resource: the one attribute of its type that gives
/// `needed`, as the expression to write instead.
fn suggestion(node: &Node, needed: Kind, names: &Names<'_, '_>) -> Option<String> {
    let [(function, args)] = node.as_mapping()? else {
        return None;
    };
    let resource = match function.as_str() {
        "Ref" => args.as_str()?,
        "Fn::GetAtt" => get_att_args(args)?.0,
        _ => return None,
    };
    let entry = names.entry(resource)?;
    if entry.reference == Some(needed) && function != "Ref" {
        return Some(format!("`Ref {resource}`"));
    }
    let mut fitting = entry.attributes.split(' ').filter_map(|word| {
        let (attribute, kind) = word.split_once(':')?;
        (Produces::parse(kind)? == Produces::one(needed)).then_some(attribute)
    });
    match (fitting.next(), fitting.next()) {
        (Some(attribute), None) => Some(format!("`Fn::GetAtt {resource}.{attribute}`")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_types() {
        let cases = [
            ("String", Produces::one(Kind::String)),
            ("Number", Produces::one(Kind::Number)),
            ("List<Number>", Produces::list(Kind::Number)),
            ("CommaDelimitedList", Produces::list(Kind::String)),
            ("AWS::EC2::Subnet::Id", Produces::one(Kind::Id)),
            (
                "List<AWS::EC2::SecurityGroup::Id>",
                Produces::list(Kind::Id),
            ),
            ("AWS::EC2::KeyPair::KeyName", Produces::one(Kind::Name)),
            ("AWS::SSM::Parameter::Name", Produces::one(Kind::Name)),
            (
                "AWS::SSM::Parameter::Value<String>",
                Produces::one(Kind::String),
            ),
            (
                "AWS::SSM::Parameter::Value<List<String>>",
                Produces::list(Kind::String),
            ),
            (
                "AWS::SSM::Parameter::Value<CommaDelimitedList>",
                Produces::list(Kind::String),
            ),
            (
                "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                Produces::one(Kind::Id),
            ),
        ];
        for (declared, want) in cases {
            assert_eq!(parameter(declared), want, "{declared}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_well_formed() {
        let table: Vec<(&str, &str)> = crate::resource_values::RESOURCE_VALUES
            .lines()
            .map(|line| line.split_once(' ').expect(line))
            .collect();
        assert!(table.len() > 1_000, "{} types", table.len());
        assert!(
            table.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted by type name"
        );
        // The search finds every line, and nothing between or around them.
        for (type_name, text) in &table {
            assert_eq!(find_entry(type_name), Some(*text), "{type_name}");
        }
        for absent in [
            "",
            "AWS",
            "AWS::AAA::A",
            "AWS::IAM::Rolf",
            "Zzz",
            "AWS::IAM::Role ",
        ] {
            assert_eq!(find_entry(absent), None, "{absent:?}");
        }
        for (type_name, text) in &table {
            let mut words = text.split(' ');
            assert!(
                words.next().and_then(Kind::parse).is_some(),
                "{type_name}: {text}"
            );
            for word in words {
                let (_, kind) = word.split_once(':').expect(word);
                assert!(Produces::parse(kind).is_some(), "{type_name}: {word}");
            }
        }
        let reference = |t: &str| table_entry(t).and_then(|e| e.reference);
        assert_eq!(reference("AWS::IAM::Role"), Some(Kind::Name));
        assert_eq!(reference("AWS::SQS::Queue"), Some(Kind::Url));
        assert!(table_entry("AWS::Serverless::Function").is_none());
    }
}

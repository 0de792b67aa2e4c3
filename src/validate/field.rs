//! What the table walker ([`super::schema`]) knows of the field a value is in beyond its shape
//! and constraints, and the cites of the generated tables built from it: the resource type,
//! property and constraint with its source (`AWS::ApiGatewayV2::Integration: TimeoutInMillis
//! range 50..=30000 (API model)`), at the property's documentation page. A cite is built only
//! when a finding is made.

use std::borrow::Cow;

use super::{Cite, Origin};
use crate::schema::{Constraint, ConstraintKind, Expects, PropertySchema, ResourceSchema, Source};

/// The field a value is in.
#[derive(Clone, Copy, Default)]
pub(super) struct Field {
    /// The kind of string it needs.
    pub(super) expects: Option<Expects>,
    /// It is an item of a list.
    pub(super) item: bool,
    /// The object type it is in (a resource type, or a property type's name).
    pub(super) owner: &'static str,
    /// Its property's name (empty for a resource's `Properties`).
    pub(super) property: &'static str,
    /// Its property's (or resource type's) documentation page.
    pub(super) docs: Option<&'static str>,
}

impl Field {
    /// A resource's `Properties`.
    pub(super) fn resource(schema: &ResourceSchema) -> Self {
        Field {
            owner: schema.type_name,
            docs: schema.docs,
            ..Field::default()
        }
    }

    /// The property `property` of the object type `owner`.
    pub(super) fn of(owner: &'static str, property: &'static PropertySchema) -> Self {
        Field {
            expects: property.expects,
            item: false,
            owner,
            property: property.name,
            docs: property.docs,
        }
    }

    /// A cite of the generated tables of `resource` (the type walked): `<type>: <property>
    /// <what>` (`<type> <what>` for an object itself), a property type's name qualified by the
    /// resource type's.
    pub(super) fn cite(
        self,
        resource: &str,
        origin: Origin,
        what: std::fmt::Arguments<'_>,
    ) -> Option<Cite> {
        let owner = if self.owner == resource || resource.is_empty() {
            self.owner.to_owned()
        } else {
            format!("{resource}.{}", self.owner)
        };
        let note = match self.property {
            "" => format!("{owner} {what}"),
            property => format!("{owner}: {property} {what}"),
        };
        Some(Cite {
            origin,
            note: note.into(),
            url: self.docs.map(Cow::Borrowed),
        })
    }

    /// The cite of this field's being required.
    pub(super) fn cite_required(self, resource: &str) -> Option<Cite> {
        let what = format_args!("is required (registry schema)");
        self.cite(resource, Origin::RegistrySchema, what)
    }

    /// The cite of this field's type, `expected` (of its items, in a list).
    pub(super) fn cite_type(self, resource: &str, expected: &str) -> Option<Cite> {
        let is = if self.item { "takes items of" } else { "is" };
        let what = format_args!("{is} {expected} (registry schema)");
        self.cite(resource, Origin::RegistrySchema, what)
    }

    /// The cite of this field's being deprecated: the registry schema does not have it.
    pub(super) fn cite_deprecated(self, resource: &str) -> Option<Cite> {
        let what = format_args!(
            "is not in the current registry schema: only an older specification lists it"
        );
        self.cite(resource, Origin::RegistrySchema, what)
    }

    /// The cite of the object this field is (its `property` empty) having no property `key`.
    pub(super) fn cite_unknown(self, resource: &str, key: &str) -> Option<Cite> {
        let what = format_args!("has no property `{key}` (registry schema)");
        self.cite(resource, Origin::RegistrySchema, what)
    }

    /// The cite of `constraint` on this field.
    pub(super) fn cite_constraint(self, resource: &str, constraint: &Constraint) -> Option<Cite> {
        let what = match constraint.kind {
            ConstraintKind::AllowedValues(values) => {
                format!("allowed values {}", values.join(", "))
            }
            ConstraintKind::Pattern(pattern) => format!("pattern {pattern:?}"),
            ConstraintKind::KeyPattern(pattern) => format!("key pattern {pattern:?}"),
            ConstraintKind::Length(min, max) => format!("length {}", bounds(min, max)),
            ConstraintKind::Range(min, max) => format!("range {}", bounds(min, max)),
            ConstraintKind::Items(min, max) => format!("items {}", bounds(min, max)),
            ConstraintKind::UniqueItems => "unique items".to_owned(),
        };
        let source = constraint.source;
        self.cite(
            resource,
            origin(source),
            format_args!("{what} ({})", source.label()),
        )
    }
}

/// The finding's origin for a constraint's source.
fn origin(source: Source) -> Origin {
    match source {
        Source::Registry => Origin::RegistrySchema,
        Source::ApiModel => Origin::ApiModel,
        Source::Legacy => Origin::LegacySpec,
        Source::ServiceSpec => Origin::ServiceDatabase,
        Source::Documentation => Origin::Documentation,
    }
}

/// `min..=max`, `>= min` or `<= max`, printing whole numbers without a fraction.
pub(super) fn bounds<T: std::fmt::Display>(min: Option<T>, max: Option<T>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{min}..={max}"),
        (Some(min), None) => format!(">= {min}"),
        (None, Some(max)) => format!("<= {max}"),
        (None, None) => "any".to_owned(),
    }
}

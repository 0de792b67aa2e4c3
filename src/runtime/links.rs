//! The generated same-API tables' types: what must belong to a resource's own API (a route's
//! integration, a stage's deployment) and the names that must exist in it (the route keys of a
//! stage's `RouteSettings`), from the hand-written overlay (`spec/overlay/`), each row with the
//! sentence it comes from. The validator's rule engine reads them (`validate::rules`).

use super::severity::Severity;

/// One service's same-API tables.
#[derive(Debug)]
pub struct ApiLinks {
    /// The resource type that is the API (`AWS::ApiGatewayV2::Api`).
    pub api_type: &'static str,
    /// The property of the other resources that names their API (`ApiId`).
    pub api_property: &'static str,
    /// The API's properties that import a definition the template does not show (`Body`): its
    /// routes and models are unknown.
    pub imports: &'static [&'static str],
    /// Resources an API creates by itself (quick create's route and stage).
    pub implicit: &'static [Implicit],
    /// The links checked.
    pub links: &'static [Link],
}

/// A resource an API creates when one of `when` is written: of type `resource`, named (its `by`)
/// by the API's `from` property, or `default`.
#[derive(Debug)]
pub struct Implicit {
    /// Its type.
    pub resource: &'static str,
    /// Its naming property (`RouteKey`).
    pub by: &'static str,
    /// The API's properties that make it exist (any of them).
    pub when: &'static [&'static str],
    /// The API's property that gives its name.
    pub from: Option<&'static str>,
    /// Its name otherwise.
    pub default: &'static str,
}

/// One link: on resources of one type, at one place, a property whose value must stay in the
/// resource's API.
#[derive(Debug)]
pub struct Link {
    /// The rule id findings carry (`same-api`, `unknown-name`).
    pub id: &'static str,
    /// The resource type.
    pub resource: &'static str,
    /// The path from the resource's `Properties` to the object holding the property (`*`: every
    /// entry of a map or list).
    pub object: &'static [&'static str],
    /// The property.
    pub property: &'static str,
    /// What must hold.
    pub check: LinkCheck,
    /// How bad a violation is.
    pub severity: Severity,
    /// What is wrong, after the property's name.
    pub message: &'static str,
    /// The sentence of the documentation it comes from.
    pub cite: &'static str,
    /// The page that sentence is on.
    pub url: Option<&'static str>,
}

/// What a [`Link`] checks.
#[derive(Debug)]
pub enum LinkCheck {
    /// The value names a resource of type `target` (a `Ref`/`Fn::GetAtt`, also inside `Fn::Sub`
    /// or `Fn::Join`; or, with `by`, a literal equal to that property of it) whose API is the
    /// resource's.
    SameApi {
        /// The named resource's type.
        target: &'static str,
        /// Its naming property, when a literal value names it.
        by: Option<&'static str>,
    },
    /// Each key (or value) of the map names a resource of type `target` of the resource's API,
    /// by its `by` property.
    Exists {
        /// The named resource's type.
        target: &'static str,
        /// Its naming property.
        by: &'static str,
        /// The map's keys rather than its values.
        keys: bool,
    },
    /// The API has one of these properties.
    ApiHas(&'static [&'static str]),
}

/// Constructors that keep the generated rows short (`const`, so the tables stay `static`).
impl Link {
    /// A link `id` on `property` of the object at `object` in resources of type `resource`,
    /// an error with no message yet.
    pub const fn new(
        id: &'static str,
        resource: &'static str,
        object: &'static [&'static str],
        property: &'static str,
        check: LinkCheck,
    ) -> Self {
        Link {
            id,
            resource,
            object,
            property,
            check,
            severity: Severity::Error,
            message: "",
            cite: "",
            url: None,
        }
    }

    /// A warning rather than an error.
    pub const fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    super::schema::cited_setters!();
}

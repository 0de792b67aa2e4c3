//! The catalogue's table: the rules the validator's code defines, each with its severity,
//! family, origin, page, data, summary and description.

use super::{Data, Family, RuleInfo};
use crate::validate::{Origin, Severity};

macro_rules! rule {
    ($id:literal, $severity:literal, $level:ident, $family:ident, $origin:ident, $url:expr,
     $data:expr, $summary:literal, $description:literal) => {
        RuleInfo {
            id: $id,
            severity: $severity,
            level: Severity::$level,
            family: Family::$family,
            origin: Origin::$origin,
            summary: $summary,
            description: $description,
            url: $url,
            data: $data,
        }
    };
}

/// A page of the CloudFormation User Guide (template anatomy) or of its Template Reference
/// (resource types, resource attributes, intrinsic functions).
macro_rules! page {
    (guide $page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/",
            $page
        )
    };
    (reference $page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/",
            $page
        )
    };
}

const RESOURCE_TYPES: &str = page!(reference "aws-template-resource-type-ref.html");

/// The rules the validator's code defines, then the documented rules it knows the ids of.
pub static CATALOG: &[RuleInfo] = &[
    rule!(
        "parse",
        "error",
        Error,
        Input,
        UserGuide,
        page!(guide "template-formats.html"),
        Data::HandWritten,
        "The file can be read and parsed as JSON or YAML",
        "The file cannot be read, or is not JSON or YAML as CloudFormation reads it (YAML 1.1 scalars, the short forms of intrinsic functions). Reported by the command line only: nothing else is judged in such a file."
    ),
    rule!(
        "duplicate-key",
        "warning",
        Warning,
        Input,
        UserGuide,
        page!(guide "template-formats.html"),
        Data::HandWritten,
        "Keys are not repeated in a mapping (CloudFormation keeps the last value)",
        "A key repeated in one mapping: CloudFormation keeps the last value and drops the others without a word, so the template does something other than what it shows. Reported at every occurrence, each naming the one CloudFormation keeps."
    ),
    rule!(
        "resource-type",
        "error",
        Error,
        Template,
        UserGuide,
        page!(guide "resources-section-structure.html"),
        Data::HandWritten,
        "Each resource has a string Type and mapping Properties",
        "A resource without a string `Type`, or whose `Properties` is not a mapping: CloudFormation rejects the template."
    ),
    rule!(
        "resource-attribute",
        "error",
        Error,
        Template,
        UserGuide,
        page!(reference "aws-product-attribute-reference.html"),
        Data::HandWritten,
        "Resources have only CloudFormation's resource attributes, each of its documented shape",
        "A resource key other than `Type`, `Properties`, `DependsOn`, `Condition`, `Metadata`, `DeletionPolicy`, `UpdateReplacePolicy`, `UpdatePolicy`, `CreationPolicy` (not judged under a transform); a `Condition` that is not a string, `Metadata`/`UpdatePolicy`/`CreationPolicy` that are not mappings, a `DeletionPolicy`/`UpdateReplacePolicy` outside its documented values."
    ),
    rule!(
        "template-structure",
        "error (one warning)",
        Error,
        Template,
        UserGuide,
        page!(guide "template-anatomy.html"),
        Data::HandWritten,
        "The template is a mapping of the documented sections, each of its documented shape",
        "The template's anatomy: a template that is not a mapping (an empty file), a top-level key that is not a section (`Globals` only with SAM), no `Resources` or an empty one, an `AWSTemplateFormatVersion` other than \"2010-09-09\", a `Description` over 1,024 bytes, sections of the wrong shape (`Metadata`, `Rules`, `Conditions` mappings; `Transform` a name or list of names; `Mappings` a mapping of mappings of mappings), logical ids (resources, parameters, outputs) that are not alphanumeric or longer than 255 characters (mapping names: a warning), more than 500 resources or 200 parameters, outputs or mappings. Not judged under a macro (a transform other than SAM), except that the template is a mapping."
    ),
    rule!(
        "parameter",
        "error (one warning)",
        Error,
        Template,
        UserGuide,
        page!(guide "parameters-section-structure.html"),
        Data::HandWritten,
        "Parameters have a supported Type and only the documented keys",
        "A parameter that is not a mapping, without `Type`, with a key other than the documented ones, or of a type CloudFormation does not have (an undocumented `AWS::…` type: a warning)."
    ),
    rule!(
        "output",
        "error",
        Error,
        Template,
        UserGuide,
        page!(guide "outputs-section-structure.html"),
        Data::HandWritten,
        "Outputs have a Value and only Description, Value, Export (with a Name) and Condition",
        "An output that is not a mapping, without `Value`, with a key other than `Description`, `Value`, `Export`, `Condition`; an `Export` without `Name`; a `Description` over 1,024 bytes."
    ),
    rule!(
        "required",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Required,
        "Required properties are present",
        "A property the resource type's registry schema requires is missing (reported at the path it would have). Not judged under a macro, which may add it, nor in an object with an `Fn::Transform` key."
    ),
    rule!(
        "unknown-property",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Properties,
        "Properties exist in the resource type",
        "A property the resource type or property type does not have. When one known name is clearly closest (edit distance without case, or the name with words added: `RestApiId` for `ApiId`), the finding asks \"did you mean\" it, otherwise it lists the known names."
    ),
    rule!(
        "deprecated-property",
        "warning",
        Warning,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Deprecated,
        "Properties are not only in an older specification",
        "A property the current registry schema does not have, that only an older source (the legacy resource specification, the CDK service database) still lists: CloudFormation may reject it."
    ),
    rule!(
        "type",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Properties,
        "Values have the property's type (with CloudFormation's coercions)",
        "A value of the wrong type, after CloudFormation's coercions (`\"5000\"` for an integer, `1.0` for a string, `\"true\"` for a boolean). Intrinsic functions are not judged as literals; both branches of an `Fn::If` are."
    ),
    rule!(
        "allowed-values",
        "error (one warning)",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Constraints("AllowedValues"),
        "Values are in the allowed set",
        "A value outside the allowed set of the registry schema or the API model. A value that differs only in case from one only the API model lists is a warning: the registry's schema, which CloudFormation enforces, has no list there."
    ),
    rule!(
        "range",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Constraints("Range"),
        "Numbers are within their bounds",
        "A number outside the bounds of the registry schema, the API model or the documentation."
    ),
    rule!(
        "length",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Constraints("Length"),
        "Strings have an allowed length",
        "A string shorter or longer than the registry schema, the API model or the documentation allow (in characters)."
    ),
    rule!(
        "pattern",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Constraints("Pattern"),
        "Strings match their pattern",
        "A string that does not match its pattern (searched, as JSON Schema does; a pattern the matcher cannot compile is skipped)."
    ),
    rule!(
        "items",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Constraints("Items"),
        "Lists have an allowed number of items",
        "A list with too few or too many items; not judged where an `Fn::If` item may vanish."
    ),
    rule!(
        "unique-items",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Constraints("UniqueItems"),
        "List items are unique where required",
        "A list with repeated items where the schema says they must be unique."
    ),
    rule!(
        "key-pattern",
        "error",
        Error,
        Schema,
        RegistrySchema,
        RESOURCE_TYPES,
        Data::Constraints("KeyPattern"),
        "Map keys match their pattern",
        "A map key that does not match its pattern."
    ),
    rule!(
        "ref-target",
        "error",
        Error,
        References,
        UserGuide,
        page!(reference "intrinsic-function-reference-ref.html"),
        Data::HandWritten,
        "Ref and Fn::Sub names are resources, parameters or pseudo parameters",
        "`Ref` (or a `${Name}` of `Fn::Sub`) to something that is not a resource, parameter or pseudo parameter. Silent under a transform, which may add resources."
    ),
    rule!(
        "getatt-target",
        "error",
        Error,
        References,
        UserGuide,
        page!(reference "intrinsic-function-reference-getatt.html"),
        Data::HandWritten,
        "Fn::GetAtt names a resource",
        "`Fn::GetAtt` (or `${Name.Attr}` of `Fn::Sub`) on something that is not a resource of the template. Silent under a transform."
    ),
    rule!(
        "getatt-attribute",
        "error",
        Error,
        References,
        RegistrySchema,
        page!(reference "intrinsic-function-reference-getatt.html"),
        Data::Attributes,
        "Fn::GetAtt names an attribute of the resource type",
        "An attribute the (generated) resource type does not have: the attributes are the registry schema's read-only properties."
    ),
    rule!(
        "ref-type",
        "error",
        Error,
        References,
        ServiceDatabase,
        page!(reference "intrinsic-function-reference-ref.html"),
        Data::Relationships,
        "References in fields that refer to other resources name a resource of an allowed type",
        "In a field that refers to other resources (`Integration.ApiId` → `AWS::ApiGatewayV2::Api`, from the CDK service database's relationships and the overlay), a `Ref`/`Fn::GetAtt` naming a declared resource of another type (a list field: reported at the item); not in the fields that also take other values (`crate::OPEN_RELATIONSHIPS`). Judges only a bare `Ref`/`Fn::GetAtt` naming a resource the template declares with an AWS type."
    ),
    rule!(
        "ref-attribute",
        "error",
        Error,
        References,
        ServiceDatabase,
        page!(reference "intrinsic-function-reference-ref.html"),
        Data::Relationships,
        "References to an allowed type obtain the wanted value (Ref or the right Fn::GetAtt)",
        "A reference to a resource of the right type that does not return the wanted value: `Ref` of a Lambda function (its name) where its `Arn` is wanted, or `Fn::GetAtt` of another attribute (not where the target's `Ref` returns the value)."
    ),
    rule!(
        "value-kind",
        "error",
        Error,
        ValueKinds,
        UserGuide,
        page!(reference "intrinsic-function-reference.html"),
        Data::ValueKinds,
        "What a reference, parameter or function gives a field fits it: one value or a list, an ARN, id or name as the field needs",
        "What an intrinsic function gives a field cannot fit it: a list where one value is needed (or inside a list), one value where a list is needed, a name, id, URL or number where an ARN is needed (`CredentialsArn: !Ref Role`: a role's `Ref` is its name), an ARN or URL where an id or a name is needed, a `Number` parameter where the field's pattern or values admit no number. From the value-kind table of every resource type (what `Ref` and each attribute return, as each type's documentation states it), parameter types and the functions' results, judged only where both sides are certain."
    ),
    rule!(
        "depends-on",
        "error",
        Error,
        References,
        UserGuide,
        page!(reference "aws-attribute-dependson.html"),
        Data::HandWritten,
        "DependsOn is a resource name or a list of them, naming resources",
        "A `DependsOn` that is not a string or a list of strings, or names something that is not a resource of the template (silent under a transform)."
    ),
    rule!(
        "circular-dependency",
        "error",
        Error,
        References,
        UserGuide,
        page!(reference "aws-attribute-dependson.html"),
        Data::HandWritten,
        "Resources do not depend on each other in a cycle",
        "Resources that depend on each other in a cycle (`DependsOn`, `Ref`, `Fn::GetAtt`, `Fn::Sub`; not judged under a transform): CloudFormation cannot order them. One finding per cycle, at its first resource, naming at most 8."
    ),
    rule!(
        "condition",
        "error",
        Error,
        References,
        UserGuide,
        page!(guide "conditions-section-structure.html"),
        Data::HandWritten,
        "Condition names are defined in Conditions",
        "A `Condition` or `Fn::If` name that is not in the template's `Conditions`."
    ),
    rule!(
        "suppression",
        "warning",
        Warning,
        Suppressions,
        UserGuide,
        page!(guide "metadata-section-structure.html"),
        Data::HandWritten,
        "Suppressions in Metadata name rules, give reasons, and each silences a finding",
        "The validator's own suppressions, under `cfn-apigatewayv2: ignore:` in the template's or a resource's `Metadata` (which CloudFormation keeps and does not judge): an entry that matches no finding (stale: remove it), an unknown rule id (with the closest one), a reason that is not a non-empty string (the entry still applies), and a `cfn-apigatewayv2` entry of another shape. Cannot be silenced in the template, only with `--ignore suppression`."
    ),
    rule!(
        "protocol",
        "error",
        Error,
        DocumentedRules,
        Documentation,
        "",
        Data::Documented,
        "Properties and values are supported by the protocol (HTTP or WebSocket) of the API",
        "A property or value the Api's protocol (HTTP or WebSocket) does not support, as the documentation says (\"Supported only for HTTP APIs\"). Judged only when the Api is in the template with a literal `ProtocolType`."
    ),
    rule!(
        "requires",
        "error (one warning)",
        Error,
        DocumentedRules,
        Documentation,
        "",
        Data::Documented,
        "Properties that other properties or the protocol make necessary are present",
        "A property that other properties or the protocol make necessary is missing, as the documentation says (\"Required for the JWT authorizer type\")."
    ),
    rule!(
        "conflicts",
        "error (one warning)",
        Error,
        DocumentedRules,
        Documentation,
        "",
        Data::Documented,
        "Properties that other properties rule out are absent",
        "A property that other properties rule out, as the documentation says."
    ),
    rule!(
        "conditional-values",
        "error (one warning)",
        Error,
        DocumentedRules,
        Documentation,
        "",
        Data::Documented,
        "Values are allowed with the other properties' values",
        "A value allowed only with other properties' values (`TimeoutInMillis` 50 to 29,000 for WebSocket APIs), as the documentation says."
    ),
    rule!(
        "format",
        "error (three warnings)",
        Error,
        DocumentedRules,
        Documentation,
        "",
        Data::Documented,
        "Values have the format the documentation states",
        "A value that does not have the format the documentation states (route keys, identity sources, mapping expressions, ARNs)."
    ),
    rule!(
        "same-api",
        "error (one warning)",
        Error,
        SameApi,
        Documentation,
        "",
        Data::Documented,
        "What a resource names belongs to its own API",
        "What a resource names belongs to another API than its own `ApiId`: a route's `Target` integration or `AuthorizerId` (also in `ApiGatewayManagedOverrides`), a route response's route, an integration response's integration, a stage's deployment, a deployment's `StageName` or an API mapping's `Stage` (a stage declared only for another API); `ApiGatewayManagedOverrides` on an API without quick create (a warning). Judged only when both APIs resolve the same way (two `Ref`s to Apis of the template, or two literals)."
    ),
    rule!(
        "unknown-name",
        "error (two warnings)",
        Error,
        SameApi,
        Documentation,
        "",
        Data::Documented,
        "Names refer to what the API has",
        "A `RouteSettings` key (of a stage, or of the managed stage's overrides) that is no route key of the API, quick create's route counted; a `RequestModels`/`ResponseModels` value naming no model of the API (warnings). Judged by name only for an Api of the template without `Body`/`BodyS3Location`, whose candidates all have literal names, and not under a transform."
    ),
];

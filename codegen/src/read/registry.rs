//! Reader for CloudFormation registry resource schemas (JSON Schema), the authoritative source
//! for which resources, properties and types exist.
//!
//! Shape rules (JSON Schema → [`Shape`]), applied to properties, definitions and items alike:
//! - `$ref: #/definitions/X` → `Named(X)` (X must exist);
//! - `type: string|integer|number|boolean` → the primitive (`format: date-time` → `Timestamp`);
//! - `type: array` → `List(items)` (no `items` → list of JSON);
//! - an object with `properties` → a struct (inline objects become a property type named after
//!   the property, or after its path when that name is taken: see `registry/inline.rs`);
//! - an object with one `patternProperties` entry (or `additionalProperties` as a schema) → `Map`;
//! - any other object, a type list (`["object", "string"]`), `oneOf`/`anyOf`/`allOf` or no
//!   type at all → `Json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result, pointer};
use crate::model::{Constraints, Primitive, Shape};

mod constraints;
mod inline;
mod read_only;

use read_only::wholly_read_only;

/// One registry schema, reduced to what the model needs.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistrySchema {
    /// `typeName`.
    pub type_name: String,
    /// `description`.
    pub description: Option<String>,
    /// `properties` (read-only ones included; see `read_only`).
    pub properties: BTreeMap<String, RegistryProperty>,
    /// `definitions`, plus the inline object types found in properties.
    pub definitions: BTreeMap<String, RegistryDefinition>,
    /// `readOnlyProperties`, as top-level property names.
    pub read_only: BTreeSet<String>,
    /// `createOnlyProperties`, as top-level property names.
    pub create_only: BTreeSet<String>,
    /// `primaryIdentifier`, as property names.
    pub primary_identifier: Vec<String>,
    /// Inconsistent data that generation can go on without (each with file and JSON path).
    pub warnings: Vec<Error>,
}

/// A property of a registry schema or of one of its definitions.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryProperty {
    /// `description`.
    pub description: Option<String>,
    /// The shape.
    pub shape: Shape,
    /// Listed in the parent's `required`.
    pub required: bool,
    /// Constraints of the property's own schema node (and its `items`).
    pub constraints: Constraints,
}

/// A definition: a struct or an alias.
#[derive(Debug, Clone, PartialEq)]
pub enum RegistryDefinition {
    /// An object with properties.
    Struct {
        /// `description`.
        description: Option<String>,
        /// Its properties.
        properties: BTreeMap<String, RegistryProperty>,
    },
    /// Any other shape.
    Alias {
        /// `description`.
        description: Option<String>,
        /// The shape.
        shape: Shape,
    },
}

/// Reads one schema file.
pub fn read(path: &Path, display: &Path) -> Result<RegistrySchema> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(display, &e))?;
    let root: Value = serde_json::from_str(&text).map_err(|e| Error::json(display, &e))?;
    // The definitions' names, but for one that only refers to itself (a slip seen upstream),
    // which an inline object of that name replaces.
    let definitions: BTreeSet<String> = root
        .get("definitions")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, def)| {
            def.get("$ref").and_then(Value::as_str) != Some(&format!("#/definitions/{name}"))
        })
        .map(|(name, _)| name.clone())
        .collect();
    Reader {
        file: display,
        root: &root,
        inline: Vec::new(),
        owner: String::new(),
        definitions,
        warnings: Vec::new(),
        resolving: BTreeSet::new(),
    }
    .schema()
}

struct Reader<'a> {
    file: &'a Path,
    root: &'a Value,
    /// Inline object types discovered while reading properties, in that order; shapes name
    /// them by [`inline::placeholder`] until [`inline::place`] names them.
    inline: Vec<inline::Inline>,
    /// The name of the type whose properties are being read (the resource's short name at the
    /// top): the owner of an inline object found there.
    owner: String,
    /// The names the schema's own definitions take.
    definitions: BTreeSet<String>,
    /// See [`RegistrySchema::warnings`].
    warnings: Vec<Error>,
    /// The `$ref`s to other places than definitions being read (a loop through them is an error).
    resolving: BTreeSet<String>,
}

impl<'a> Reader<'a> {
    fn err(&self, at: &str, message: impl Into<String>) -> Error {
        Error::new(self.file, at, message)
    }

    fn object(&self, value: &'a Value, at: &str) -> Result<&'a Map<String, Value>> {
        value
            .as_object()
            .ok_or_else(|| self.err(at, format!("expected an object, found {}", kind(value))))
    }

    fn string(&self, value: &'a Value, at: &str) -> Result<&'a str> {
        value
            .as_str()
            .ok_or_else(|| self.err(at, format!("expected a string, found {}", kind(value))))
    }

    fn schema(mut self) -> Result<RegistrySchema> {
        let root = self.object(self.root, "")?;
        let type_name = self.string(
            root.get("typeName")
                .ok_or_else(|| self.err("", "missing `typeName`"))?,
            "/typeName",
        )?;
        let definitions_json = root
            .get("definitions")
            .map(|v| self.object(v, "/definitions"))
            .transpose()?;
        let mut definitions = BTreeMap::new();
        for (name, def) in definitions_json.into_iter().flatten() {
            let at = pointer("/definitions", name);
            definitions.insert(name.clone(), self.definition(name, def, &at)?);
        }
        let properties_json = self.object(
            root.get("properties")
                .ok_or_else(|| self.err("", "missing `properties`"))?,
            "/properties",
        )?;
        let required = self.required(root, "", properties_json)?;
        type_name
            .rsplit("::")
            .next()
            .unwrap_or(type_name)
            .clone_into(&mut self.owner);
        let mut properties = BTreeMap::new();
        for (name, prop) in properties_json {
            let at = pointer("/properties", name);
            properties.insert(
                name.clone(),
                self.property(name, prop, required.contains(name), &at)?,
            );
        }
        let mut read_only = self.property_list(root, "readOnlyProperties")?;
        read_only.retain(|name| wholly_read_only(root, name));
        let create_only = self.property_list(root, "createOnlyProperties")?;
        let primary_identifier = self
            .property_list(root, "primaryIdentifier")?
            .into_iter()
            .collect::<Vec<_>>();
        inline::place(
            std::mem::take(&mut self.inline),
            &mut definitions,
            &mut properties,
        );
        // A `$ref` must point at a definition that exists.
        for (at, named) in references(&properties, &definitions) {
            if !definitions.contains_key(&named) {
                return Err(self.err(
                    &at,
                    format!("`$ref` to `#/definitions/{named}`, which does not exist"),
                ));
            }
        }
        self.check_alias_cycles(&definitions)?;
        Ok(RegistrySchema {
            type_name: type_name.to_owned(),
            description: root
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            properties,
            definitions,
            read_only,
            create_only,
            primary_identifier,
            warnings: self.warnings,
        })
    }

    /// A definition that is only another name for a definition (a `$ref`, with no object, array
    /// or map in between) must end at something else: a loop of such names (`R1 → R1`,
    /// `R1 → R2 → R1`) can hold no finite value, and would be generated as `struct R1(Box<R1>)`,
    /// which reading a template recurses on forever. Recursion through an object, a list or a
    /// map is legitimate and not affected. (A definition that only refers to itself and that an
    /// inline object of its name replaces has been replaced before this check.)
    fn check_alias_cycles(&self, definitions: &BTreeMap<String, RegistryDefinition>) -> Result<()> {
        let next = |name: &str| match definitions.get(name) {
            Some(RegistryDefinition::Alias {
                shape: Shape::Named(target),
                ..
            }) => Some(target.as_str()),
            _ => None,
        };
        for start in definitions.keys() {
            let mut chain = vec![start.as_str()];
            let mut current = start.as_str();
            while let Some(target) = next(current) {
                if target == start {
                    chain.push(target);
                    return Err(self.err(
                        &format!("{}/$ref", pointer("/definitions", start)),
                        format!(
                            "`$ref` cycle with no object, array or map in it: {}; such a type can hold no finite value",
                            chain.join(" -> ")
                        ),
                    ));
                }
                if chain.contains(&target) {
                    // A cycle that `start` leads into: reported from one of its own members.
                    break;
                }
                chain.push(target);
                current = target;
            }
        }
        Ok(())
    }

    /// `readOnlyProperties` and friends: `/properties/Name` pointers → top-level names.
    /// Nested pointers (`/properties/A/B`) mark the top-level property `A` (for
    /// `readOnlyProperties`, [`wholly_read_only`] then keeps `A` only if all of it is read-only).
    fn property_list(&self, root: &Map<String, Value>, key: &str) -> Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        let Some(list) = root.get(key) else {
            return Ok(out);
        };
        let at = format!("/{key}");
        let list = list
            .as_array()
            .ok_or_else(|| self.err(&at, "expected an array"))?;
        for (i, item) in list.iter().enumerate() {
            let item_at = format!("{at}/{i}");
            let text = self.string(item, &item_at)?;
            let name = text
                .strip_prefix("/properties/")
                .and_then(|rest| rest.split('/').next())
                .filter(|n| !n.is_empty())
                .ok_or_else(|| {
                    self.err(
                        &item_at,
                        format!("expected `/properties/<Name>`, found `{text}`"),
                    )
                })?;
            out.insert(name.to_owned());
        }
        Ok(out)
    }

    /// `required`, checked against `properties`. A name that is not a property is a warning,
    /// not an error: it makes nothing required, so the generated code is what it would be
    /// without it (the schema is inconsistent, not unusable).
    fn required(
        &mut self,
        node: &Map<String, Value>,
        at: &str,
        properties: &Map<String, Value>,
    ) -> Result<BTreeSet<String>> {
        let Some(list) = node.get("required") else {
            return Ok(BTreeSet::new());
        };
        let at = format!("{at}/required");
        let list = list
            .as_array()
            .ok_or_else(|| self.err(&at, "expected an array of property names"))?;
        let mut out = BTreeSet::new();
        for (i, v) in list.iter().enumerate() {
            let item_at = format!("{at}/{i}");
            let name = self.string(v, &item_at)?;
            if !properties.contains_key(name) {
                let warning = self.err(
                    &item_at,
                    format!("`required` names `{name}`, which is not a property (ignored)"),
                );
                self.warnings.push(warning);
            }
            out.insert(name.to_owned());
        }
        Ok(out)
    }

    fn definition(&mut self, name: &str, def: &'a Value, at: &str) -> Result<RegistryDefinition> {
        let node = self.object(def, at)?;
        let description = node
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(props) = node.get("properties") {
            let properties = self.struct_properties(name, node, props, at)?;
            return Ok(RegistryDefinition::Struct {
                description,
                properties,
            });
        }
        let owner = std::mem::replace(&mut self.owner, name.to_owned());
        let shape = self.shape(name, def, at);
        self.owner = owner;
        Ok(RegistryDefinition::Alias {
            description,
            shape: shape?,
        })
    }

    fn struct_properties(
        &mut self,
        owner: &str,
        node: &'a Map<String, Value>,
        props: &'a Value,
        at: &str,
    ) -> Result<BTreeMap<String, RegistryProperty>> {
        let props_at = format!("{at}/properties");
        let props = self.object(props, &props_at)?;
        let required = self.required(node, at, props)?;
        let outer = std::mem::replace(&mut self.owner, owner.to_owned());
        let out = props
            .iter()
            .map(|(prop_name, prop)| {
                let prop_at = pointer(&props_at, prop_name);
                let p = self.property(prop_name, prop, required.contains(prop_name), &prop_at)?;
                Ok((prop_name.clone(), p))
            })
            .collect();
        self.owner = outer;
        out
    }

    fn property(
        &mut self,
        name: &str,
        prop: &'a Value,
        required: bool,
        at: &str,
    ) -> Result<RegistryProperty> {
        let node = self.object(prop, at)?;
        Ok(RegistryProperty {
            description: node
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            shape: self.shape(name, prop, at)?,
            required,
            constraints: self.constraints(node, at)?,
        })
    }

    /// The shape of a schema node. `name` names an inline object type if one is found here.
    fn shape(&mut self, name: &str, node: &'a Value, at: &str) -> Result<Shape> {
        let obj = self.object(node, at)?;
        if let Some(r) = obj.get("$ref") {
            let target = self.string(r, &format!("{at}/$ref"))?;
            if let Some(def) = target.strip_prefix("#/definitions/") {
                return Ok(Shape::Named(def.to_owned()));
            }
            // Elsewhere in the schema (`#/properties/Arn`): that node's shape.
            let found = target
                .strip_prefix('#')
                .and_then(|p| Some((p, self.root.pointer(p)?)));
            let Some((ptr, node)) = found.filter(|(p, _)| !self.resolving.contains(*p)) else {
                return Err(self.err(
                    &format!("{at}/$ref"),
                    format!(
                        "unsupported `$ref` target `{target}` (a definition or another node of \
                         the schema, not in a loop)"
                    ),
                ));
            };
            self.resolving.insert(ptr.to_owned());
            let segment = ptr.rsplit('/').next().unwrap_or(name);
            let shape = self.shape(segment, node, ptr);
            self.resolving.remove(ptr);
            return shape;
        }
        if ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| obj.contains_key(*k))
        {
            return Ok(Shape::Json);
        }
        let ty = match obj.get("type") {
            None => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(Value::Array(_)) => return Ok(Shape::Json),
            Some(other) => {
                return Err(self.err(
                    &format!("{at}/type"),
                    format!("expected a type name, found {}", kind(other)),
                ));
            }
        };
        let format = obj.get("format").and_then(Value::as_str);
        Ok(match ty {
            Some("string") if format == Some("date-time") => Shape::Primitive(Primitive::Timestamp),
            Some("string") => Shape::Primitive(Primitive::String),
            Some("integer") => Shape::Primitive(Primitive::Integer),
            Some("number") => Shape::Primitive(Primitive::Double),
            Some("boolean") => Shape::Primitive(Primitive::Boolean),
            Some("array") => match obj.get("items") {
                Some(items) => {
                    // An inline item object is named after the list, or `<List>Item` when a
                    // definition has the list's name (`KeySchema` is the list of
                    // `KeySchemaItem`s).
                    let item = if self.definitions.contains(name) {
                        format!("{name}Item")
                    } else {
                        name.to_owned()
                    };
                    let at = format!("{at}/items");
                    Shape::List(Box::new(self.shape(&item, items, &at)?))
                }
                None => Shape::List(Box::new(Shape::Json)),
            },
            Some("object") | None => self.object_shape(name, obj, at)?,
            Some(other) => {
                return Err(self.err(
                    &format!("{at}/type"),
                    format!("unknown JSON Schema type `{other}`"),
                ));
            }
        })
    }

    fn object_shape(&mut self, name: &str, obj: &'a Map<String, Value>, at: &str) -> Result<Shape> {
        if let Some(props) = obj.get("properties") {
            let properties = self.struct_properties(name, obj, props, at)?;
            let description = obj
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned);
            self.inline.push(inline::Inline {
                name: name.to_owned(),
                owner: self.owner.clone(),
                def: RegistryDefinition::Struct {
                    description,
                    properties,
                },
            });
            return Ok(Shape::Named(inline::placeholder(self.inline.len() - 1)));
        }
        if let Some(pp) = obj.get("patternProperties") {
            let pp_at = format!("{at}/patternProperties");
            let pp = self.object(pp, &pp_at)?;
            if let [(pattern, value)] = pp.iter().collect::<Vec<_>>().as_slice() {
                let value_at = pointer(&pp_at, pattern);
                return Ok(Shape::Map(Box::new(self.shape(name, value, &value_at)?)));
            }
            return Ok(Shape::Json);
        }
        if let Some(ap @ Value::Object(_)) = obj.get("additionalProperties") {
            return Ok(Shape::Map(Box::new(self.shape(
                name,
                ap,
                &format!("{at}/additionalProperties"),
            )?)));
        }
        Ok(Shape::Json)
    }
}

/// Every `Named` reference in properties and definitions, with a pointer to where it is.
fn references(
    properties: &BTreeMap<String, RegistryProperty>,
    definitions: &BTreeMap<String, RegistryDefinition>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, p) in properties {
        if let Some(n) = p.shape.named() {
            out.push((pointer("/properties", name), n.to_owned()));
        }
    }
    for (def_name, def) in definitions {
        let def_at = pointer("/definitions", def_name);
        match def {
            RegistryDefinition::Struct { properties, .. } => {
                for (name, p) in properties {
                    if let Some(n) = p.shape.named() {
                        out.push((pointer(&format!("{def_at}/properties"), name), n.to_owned()));
                    }
                }
            }
            RegistryDefinition::Alias { shape, .. } => {
                if let Some(n) = shape.named() {
                    out.push((def_at, n.to_owned()));
                }
            }
        }
    }
    out
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

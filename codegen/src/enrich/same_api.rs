//! Stage 3b (continued): the overlay's `same_api` section, resolved against the service: every
//! resource, place and property must exist, every named resource type and naming property too,
//! and every citation is checked as for rules ([`super::overlay`]).

use crate::model::{ImplicitResource, Link, LinkCheck, SameApiSet, Service};
use crate::read::overlay::{Cite, Link as OverlayLink, OverlayFile, SameApi};

use super::overlay::{docs_named, place, split_target, verify_cite};

/// A JSON path inside the section and what is wrong there.
type Failure = (String, String);

/// Resolves the section: full type names, one [`Link`] per place.
pub fn resolve(
    service: &Service,
    overlay: &OverlayFile,
    section: &SameApi,
) -> Result<SameApiSet, Failure> {
    let at = |path: String| move |m: String| (path.clone(), m);
    let api = resource_type(service, &section.api).map_err(at(String::new()))?;
    let api_resource = &service.resources[&section.api];
    for property in section.imports.properties.iter().chain(
        section
            .implicit
            .iter()
            .flat_map(|i| i.when.iter().chain(&i.from)),
    ) {
        if !api_resource.properties.contains_key(property) {
            return Err((
                String::new(),
                format!("`{api}` has no property `{property}`"),
            ));
        }
    }
    cite(service, &section.imports.cite, &section.api).map_err(at("/imports".to_owned()))?;
    let mut implicit = Vec::new();
    for (i, entry) in section.implicit.iter().enumerate() {
        let at = at(format!("/implicit/{i}"));
        let type_name = naming(service, &entry.names, &entry.by).map_err(&at)?;
        cite(service, &entry.cite, &section.api).map_err(&at)?;
        implicit.push(ImplicitResource {
            type_name,
            by: entry.by.clone(),
            when: entry.when.clone(),
            from: entry.from.clone(),
            default: entry.default.clone(),
        });
    }
    let mut links = Vec::new();
    for (i, link) in section.links.iter().enumerate() {
        links.extend(
            resolve_link(service, overlay, section, link).map_err(at(format!("/links/{i}")))?,
        );
    }
    Ok(SameApiSet {
        api_type: api,
        api_property: section.api_property.clone(),
        imports: section.imports.properties.clone(),
        implicit,
        links,
    })
}

fn resolve_link(
    service: &Service,
    overlay: &OverlayFile,
    section: &SameApi,
    link: &OverlayLink,
) -> Result<Vec<Link>, String> {
    if !overlay.rule_ids.contains_key(&link.id) {
        return Err(format!("rule id `{}` is not in `rule_ids`", link.id));
    }
    let warning = match link.severity.as_deref() {
        None | Some("error") => false,
        Some("warning") => true,
        Some(other) => return Err(format!("severity `{other}`: `error` or `warning`")),
    };
    let named = || {
        link.names
            .as_deref()
            .ok_or("`names` is required for this check")
    };
    let check = match (link.check.as_str(), link.within.as_deref()) {
        ("same_api", None) if link.properties.is_empty() => {
            let target = match &link.by {
                Some(by) => naming(service, named()?, by)?,
                None => resource_type(service, named()?)?,
            };
            LinkCheck::SameApi {
                target,
                by: link.by.clone(),
            }
        }
        ("exists", Some(within @ ("keys" | "values"))) if link.properties.is_empty() => {
            let by = link.by.as_deref().ok_or("`exists` needs `by`")?;
            LinkCheck::Exists {
                target: naming(service, named()?, by)?,
                by: by.to_owned(),
                keys: within == "keys",
            }
        }
        ("api_has", None) if link.names.is_none() && link.by.is_none() => {
            let api = &service.resources[&section.api];
            if link.properties.is_empty() {
                return Err("`api_has` needs `properties`".to_owned());
            }
            for p in &link.properties {
                if !api.properties.contains_key(p) {
                    return Err(format!("`{}` has no property `{p}`", section.api));
                }
            }
            LinkCheck::ApiHas(link.properties.clone())
        }
        (check, _) => {
            return Err(format!(
                "check `{check}`: `same_api` (with `names`, optionally `by`), `exists` (with `in`: `keys` or `values`, `names` and `by`) or `api_has` (with `properties`)"
            ));
        }
    };
    let mut rows = Vec::new();
    for target in &link.on {
        let (name, object) = split_target(service, target)?;
        let resource = &service.resources[&name];
        if !resource.properties.contains_key(&section.api_property) {
            return Err(format!(
                "`{name}` has no `{}` naming its API",
                section.api_property
            ));
        }
        let props = place(resource, &object)?
            .ok_or_else(|| format!("`{target}`: a link cannot be inside a `Json` value"))?;
        let property = props
            .get(&link.property)
            .ok_or_else(|| format!("`{target}` has no property `{}`", link.property))?;
        let docs = match &link.cite.doc {
            Some(doc) => docs_named(service, doc)?,
            None => property.docs.clone(),
        };
        let url = verify_cite(&link.cite, &docs, &link.property)?;
        rows.push(Link {
            id: link.id.clone(),
            type_name: resource.type_name.clone(),
            object,
            property: link.property.clone(),
            check: check.clone(),
            warning,
            message: link.message.clone(),
            cite: link.cite.text.clone(),
            url,
        });
    }
    Ok(rows)
}

/// The full type name of the service's resource `name`.
fn resource_type(service: &Service, name: &str) -> Result<String, String> {
    service
        .resources
        .get(name)
        .map(|r| r.type_name.clone())
        .ok_or_else(|| format!("no resource `{name}` in `{}`", service.namespace))
}

/// The full type name of resource `name`, which must have the naming property `by`.
fn naming(service: &Service, name: &str, by: &str) -> Result<String, String> {
    let type_name = resource_type(service, name)?;
    if !service.resources[name].properties.contains_key(by) {
        return Err(format!("`{name}` has no property `{by}`"));
    }
    Ok(type_name)
}

/// Checks a citation whose documentation defaults to the resource `resource`'s.
fn cite(service: &Service, cite: &Cite, resource: &str) -> Result<(), String> {
    let doc = cite.doc.as_deref().unwrap_or(resource);
    let docs = docs_named(service, doc)?;
    verify_cite(cite, &docs, doc).map(|_| ())
}

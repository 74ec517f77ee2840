//! The catalog's vocabulary: entity references, built-in kinds, and the relation each spec field
//! produces.
//!
//! Refs follow `@backstage/catalog-model`'s `ref.ts`: `[<kind>:][<namespace>/]<name>`, compared
//! case-insensitively, printed lower-cased as `kind:namespace/name`.

use std::fmt;

use serde::Serialize;

pub const DEFAULT_NAMESPACE: &str = "default";

/// The annotation keys hub reads, as Backstage and its plugins spell them.
pub mod annotations {
    /// Where the catalog read an entity from. The catalog sets this and the next one itself,
    /// replacing whatever the file says, before it checks the entity.
    pub const MANAGED_BY_LOCATION: &str = "backstage.io/managed-by-location";
    /// The location that first brought the entity into the catalog.
    pub const MANAGED_BY_ORIGIN_LOCATION: &str = "backstage.io/managed-by-origin-location";
    /// An id that an entity's Kubernetes workloads carry as the label of the same name.
    pub const KUBERNETES_ID: &str = "backstage.io/kubernetes-id";
    /// A label selector for an entity's Kubernetes workloads.
    pub const KUBERNETES_LABEL_SELECTOR: &str = "backstage.io/kubernetes-label-selector";
    /// Limits the search for an entity's workloads to one namespace.
    pub const KUBERNETES_NAMESPACE: &str = "backstage.io/kubernetes-namespace";
    /// Where an entity's TechDocs are.
    pub const TECHDOCS_REF: &str = "backstage.io/techdocs-ref";
    /// The entity's GitHub repository, as `owner/repo`.
    pub const PROJECT_SLUG: &str = "github.com/project-slug";
}

/// A fully qualified entity reference. Its parts keep the author's case; `Display` lower-cases.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl EntityRef {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        EntityRef { kind: kind.to_owned(), namespace: namespace.to_owned(), name: name.to_owned() }
    }

    /// The canonical, lower-cased `kind:namespace/name` that identifies an entity. Built in one
    /// allocation: validation and indexing make one for every entity.
    pub fn canonical(&self) -> String {
        let mut key = String::with_capacity(self.kind.len() + self.namespace.len() + self.name.len() + 2);
        for (part, separator) in [(&self.kind, ":"), (&self.namespace, "/"), (&self.name, "")] {
            if part.is_ascii() {
                let start = key.len();
                key.push_str(part);
                key[start..].make_ascii_lowercase();
            } else {
                key.push_str(&part.to_lowercase());
            }
            key.push_str(separator);
        }
        key
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// Why a ref string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("entity reference \"{0}\" is not of the form [<kind>:][<namespace>/]<name>")]
    Malformed(String),
    #[error("entity reference \"{0}\" has no kind, and this field has no default kind")]
    MissingKind(String),
    #[error("entity reference is empty")]
    Empty,
}

/// Parses a ref the way `parseEntityRef` does, filling in the field's default kind and the
/// holding entity's namespace.
pub fn parse_entity_ref(
    text: &str,
    default_kind: Option<&str>,
    default_namespace: &str,
) -> Result<EntityRef, RefError> {
    if text.is_empty() {
        return Err(RefError::Empty);
    }
    let slash = text.find('/');
    let colon = text.find(':').filter(|&c| slash.is_none_or(|s| c < s));
    let kind = colon.map(|c| &text[..c]);
    let namespace = slash.map(|s| &text[colon.map_or(0, |c| c + 1)..s]);
    let name_start = colon.map_or(0, |c| c + 1).max(slash.map_or(0, |s| s + 1));
    let name = &text[name_start..];
    if kind == Some("") || namespace == Some("") || name.is_empty() {
        return Err(RefError::Malformed(text.to_owned()));
    }
    let kind = kind.or(default_kind).ok_or_else(|| RefError::MissingKind(text.to_owned()))?;
    let namespace =
        namespace.unwrap_or(if default_namespace.is_empty() { DEFAULT_NAMESPACE } else { default_namespace });
    Ok(EntityRef::new(kind, namespace, name))
}

/// The built-in kinds and the apiVersions their validators accept.
pub const BUILTIN_KINDS: &[&str] =
    &["Component", "API", "Resource", "System", "Domain", "Group", "User", "Location", "Template"];

/// Whether Backstage's default processors recognise this kind and apiVersion pair.
pub fn is_recognized(kind: &str, api_version: &str) -> bool {
    match kind {
        "Template" => api_version == "scaffolder.backstage.io/v1beta3",
        k if BUILTIN_KINDS.contains(&k) => matches!(api_version, "backstage.io/v1alpha1" | "backstage.io/v1beta1"),
        _ => false,
    }
}

/// A relation between two entities, as the catalog stores it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Relation {
    pub source: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub target: String,
}

/// One target named by an entity's relation field. The catalog stores two relations for it:
/// `field.forward` from the entity to the target and `field.reverse` from the target back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredRelation {
    pub field: &'static RelationField,
    /// The target's canonical ref.
    pub target: String,
}

impl DeclaredRelation {
    /// Both relations, given the canonical ref of the entity that declares this one.
    pub fn pair(&self, source: &str) -> [Relation; 2] {
        [
            Relation { source: source.to_owned(), kind: self.field.forward, target: self.target.clone() },
            Relation { source: self.target.clone(), kind: self.field.reverse, target: source.to_owned() },
        ]
    }
}

/// A spec field that names other entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationField {
    pub kind: &'static str,
    pub field: &'static str,
    /// `None` where the ref must spell out its kind (`dependsOn`, `dependencyOf`).
    pub default_kind: Option<&'static str>,
    pub forward: &'static str,
    pub reverse: &'static str,
}

const fn field(
    kind: &'static str,
    field: &'static str,
    default_kind: Option<&'static str>,
    forward: &'static str,
    reverse: &'static str,
) -> RelationField {
    RelationField { kind, field, default_kind, forward, reverse }
}

/// Every relation field, in the order `BuiltinKindsEntityProcessor` emits them.
pub const RELATION_FIELDS: &[RelationField] = &[
    field("Component", "owner", Some("Group"), "ownedBy", "ownerOf"),
    field("Component", "subcomponentOf", Some("Component"), "partOf", "hasPart"),
    field("Component", "providesApis", Some("API"), "providesApi", "apiProvidedBy"),
    field("Component", "consumesApis", Some("API"), "consumesApi", "apiConsumedBy"),
    field("Component", "dependsOn", None, "dependsOn", "dependencyOf"),
    field("Component", "dependencyOf", None, "dependencyOf", "dependsOn"),
    field("Component", "system", Some("System"), "partOf", "hasPart"),
    field("API", "owner", Some("Group"), "ownedBy", "ownerOf"),
    field("API", "system", Some("System"), "partOf", "hasPart"),
    field("Resource", "owner", Some("Group"), "ownedBy", "ownerOf"),
    field("Resource", "dependsOn", None, "dependsOn", "dependencyOf"),
    field("Resource", "dependencyOf", None, "dependencyOf", "dependsOn"),
    field("Resource", "system", Some("System"), "partOf", "hasPart"),
    field("User", "memberOf", Some("Group"), "memberOf", "hasMember"),
    field("Group", "parent", Some("Group"), "childOf", "parentOf"),
    field("Group", "children", Some("Group"), "parentOf", "childOf"),
    field("Group", "members", Some("User"), "hasMember", "memberOf"),
    field("System", "owner", Some("Group"), "ownedBy", "ownerOf"),
    field("System", "domain", Some("Domain"), "partOf", "hasPart"),
    field("Domain", "owner", Some("Group"), "ownedBy", "ownerOf"),
    field("Domain", "subdomainOf", Some("Domain"), "partOf", "hasPart"),
    field("Template", "owner", Some("Group"), "ownedBy", "ownerOf"),
];

/// The relation fields of one kind.
pub fn relation_fields(kind: &str) -> impl Iterator<Item = &'static RelationField> + '_ {
    RELATION_FIELDS.iter().filter(move |f| f.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_parse_like_backstage() {
        let r = |t: &str| parse_entity_ref(t, Some("Group"), "ns").map(|r| r.to_string());
        assert_eq!(r("team-a"), Ok("group:ns/team-a".into()));
        assert_eq!(r("user:jane"), Ok("user:ns/jane".into()));
        assert_eq!(r("Group:Default/Team_A"), Ok("group:default/team_a".into()));
        assert_eq!(r("ns2/name:x"), Ok("group:ns2/name:x".into()));
        assert_eq!(r("a:b/c/d"), Ok("a:b/c/d".into()));
        assert!(matches!(r(":foo"), Err(RefError::Malformed(_))));
        assert!(matches!(r("component:/foo"), Err(RefError::Malformed(_))));
        assert!(matches!(r("foo/"), Err(RefError::Malformed(_))));
        assert!(matches!(parse_entity_ref("db", None, "default"), Err(RefError::MissingKind(_))));
    }
}

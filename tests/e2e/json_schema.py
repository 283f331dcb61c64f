"""A small JSON Schema validator for the subset our schemas use (python3 has no jsonschema package).

Supported keywords: type (a name or a list of names, "null" for nullable), properties, required,
additionalProperties (true, false or a schema), items, enum, pattern (on strings), and $ref to a
"#/..." pointer within the same document. Annotations ($schema, $id, title, description) are
ignored. Any other keyword is an error, so a schema can never rely on a check that is not made.
"""
import re

_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description"}
_KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "enum", "pattern", "$ref"}
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _resolve(root, ref):
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref are supported, found {ref!r}")
    node = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def errors(instance, schema, root=None, where="$"):
    """Every violation of `schema` by `instance`, as 'PATH: message' strings (empty when valid)."""
    root = schema if root is None else root
    unknown = set(schema) - _KEYWORDS - _ANNOTATIONS
    if unknown:
        raise ValueError(f"{where}: unsupported schema keywords {sorted(unknown)}")
    if "$ref" in schema:
        return errors(instance, _resolve(root, schema["$ref"]), root, where)
    found = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[n](instance) for n in names):
            return [f"{where}: {type(instance).__name__} {instance!r:.60} is not of type {names}"]
    if "enum" in schema and instance not in schema["enum"]:
        found.append(f"{where}: {instance!r} is not one of {schema['enum']}")
    if "pattern" in schema and isinstance(instance, str) and not re.search(schema["pattern"], instance):
        found.append(f"{where}: {instance!r} does not match {schema['pattern']!r}")
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in instance:
                found.append(f"{where}: required key {name!r} is missing")
        for name, value in instance.items():
            if name in properties:
                found += errors(value, properties[name], root, f"{where}.{name}")
            else:
                extra = schema.get("additionalProperties", True)
                if extra is False:
                    found.append(f"{where}: key {name!r} is not allowed")
                elif isinstance(extra, dict):
                    found += errors(value, extra, root, f"{where}.{name}")
    if isinstance(instance, list) and "items" in schema:
        for i, value in enumerate(instance):
            found += errors(value, schema["items"], root, f"{where}[{i}]")
    return found

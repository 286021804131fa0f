"""Derives what `st run` reads from Confluent's Schema Registry spec and our deviations file.

    prepare_schemathesis.py SPEC DEVIATIONS OUT_DIR

Writes OUT_DIR/sr-openapi.yaml (the spec plus links, example schemas and the spec corrections of the
deviations file; a build product, never committed) and OUT_DIR/schemathesis.toml (the checks turned off
or widened per operation by the deviations file). Runs with the venv's Python, which has PyYAML
(a Schemathesis dependency).
"""

import copy
import json
import sys

import yaml

CONTENT_TYPES = (
    "application/vnd.schemaregistry.v1+json",
    "application/vnd.schemaregistry+json; qs=0.9",
    "application/json; qs=0.5",
)
METHODS = ("get", "put", "post", "delete", "patch")

# Valid schemas offered next to arbitrary strings, so that positive cases register real versions and
# the stateful phase has subjects, versions and ids to follow (random text is never a valid schema).
AVRO_SCHEMAS = [
    '"string"',
    '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}',
    '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"},'
    '{"name":"note","type":["null","string"],"default":null}]}',
    '{"type":"enum","name":"Colour","symbols":["RED","GREEN"]}',
]

SUBJECTS = ["orders-value", "payments-value", ":.staging:orders-value"]

# OpenAPI links between the operations (the spec has none): what a registered version leads to.
SUBJECT = "$request.path.subject"
REGISTERED = {
    "GetSchemaById": ("getSchema", {"id": "$response.body#/id"}),
    "GetSchemaTextById": ("getSchemaOnly_1", {"id": "$response.body#/id"}),
    "GetSubjectsById": ("getSubjects", {"id": "$response.body#/id"}),
    "GetVersionsById": ("getVersions", {"id": "$response.body#/id"}),
    "GetVersion": ("getSchemaByVersion", {"subject": SUBJECT, "version": "$response.body#/version"}),
    "GetVersionText": ("getSchemaOnly", {"subject": SUBJECT, "version": "$response.body#/version"}),
    "GetReferencedBy": ("getReferencedBy", {"subject": SUBJECT, "version": "$response.body#/version"}),
    "ListVersions": ("listVersions", {"subject": SUBJECT}),
    "LatestWithMetadata": ("getLatestWithMetadata", {"subject": SUBJECT}),
    "LookUp": ("lookUpSchemaUnderSubject", {"subject": SUBJECT}, "$request.body"),
    "RegisterAgain": ("register", {"subject": SUBJECT}),
    "CheckCompatibility": ("testCompatibilityForSubject", {"subject": SUBJECT}, "$request.body"),
    "CheckAgainstVersion": (
        "testCompatibilityBySubjectName",
        {"subject": SUBJECT, "version": "$response.body#/version"},
        "$request.body",
    ),
    "DeleteVersion": ("deleteSchemaVersion", {"subject": SUBJECT, "version": "$response.body#/version"}),
    "DeleteSubject": ("deleteSubject", {"subject": SUBJECT}),
    "SetSubjectConfig": ("updateSubjectLevelConfig", {"subject": SUBJECT}),
    "SetSubjectMode": ("updateMode", {"subject": SUBJECT}),
}
LINKS = {
    "register": REGISTERED,
    "getSchemaByVersion": {
        "GetSchemaById": ("getSchema", {"id": "$response.body#/id"}),
        "DeleteVersion": ("deleteSchemaVersion", {"subject": SUBJECT, "version": "$response.body#/version"}),
    },
    "deleteSchemaVersion": {
        "GetDeletedVersion": ("getSchemaByVersion", {"subject": SUBJECT, "version": "$request.path.version"}),
        "DeleteAgain": ("deleteSchemaVersion", {"subject": SUBJECT, "version": "$request.path.version"}),
        "ListVersions": ("listVersions", {"subject": SUBJECT}),
    },
    "deleteSubject": {
        "ListVersions": ("listVersions", {"subject": SUBJECT}),
        "DeleteAgain": ("deleteSubject", {"subject": SUBJECT}),
        "RegisterAgain": ("register", {"subject": SUBJECT}),
    },
    "updateSubjectLevelConfig": {
        "GetSubjectConfig": ("getSubjectLevelConfig", {"subject": SUBJECT}),
        "DeleteSubjectConfig": ("deleteSubjectConfig", {"subject": SUBJECT}),
        "Register": ("register", {"subject": SUBJECT}),
    },
    "updateMode": {
        "GetSubjectMode": ("getMode", {"subject": SUBJECT}),
        "DeleteSubjectMode": ("deleteSubjectMode", {"subject": SUBJECT}),
        "Register": ("register", {"subject": SUBJECT}),
    },
}


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def selected(spec, names):
    known = dict(operations(spec))
    if names == ["*"]:
        return list(known.items())
    missing = [name for name in names if name not in known]
    if missing:
        sys.exit(f"prepare_schemathesis: the deviations file names unknown operations: {missing}")
    return [(name, known[name]) for name in names]


def content(schema):
    return {media: {"schema": copy.deepcopy(schema)} for media in CONTENT_TYPES}


def resolve(schema):
    if isinstance(schema, str):  # a component's name
        return {"$ref": f"#/components/schemas/{schema}"}
    return schema


def add_links(spec):
    by_id = {op["operationId"]: op for _, op in operations(spec)}
    for source, links in LINKS.items():
        response = by_id[source]["responses"]["200"]
        out = response.setdefault("links", {})
        for name, target in links.items():
            link = {"operationId": target[0], "parameters": target[1]}
            if len(target) > 2:
                link["requestBody"] = target[2]
            assert target[0] in by_id, target[0]
            out[name] = link


def offer_valid_values(spec):
    """Next to what the spec allows, offer values the registry accepts: otherwise nearly every
    generated registration is refused (random text is no schema, an id needs IMPORT mode, a version
    must be the next one) and the stateful phase has no subject, version or id to follow."""
    components = spec["components"]["schemas"]
    valid_registration = {
        "type": "object",
        "required": ["schema"],
        "properties": {"schema": {"enum": AVRO_SCHEMAS}, "schemaType": {"enum": ["AVRO"]}},
        "additionalProperties": False,
    }
    components["RegisterSchemaRequest"] = {"anyOf": [valid_registration, components["RegisterSchemaRequest"]]}
    for _, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "path":
                continue
            if parameter["name"] == "subject":
                parameter["schema"] = {"anyOf": [{"enum": SUBJECTS}, parameter["schema"]]}
            elif parameter["name"] == "version":
                parameter["schema"] = {"anyOf": [{"enum": ["1", "2", "latest", "-1"]}, parameter["schema"]]}


def apply(spec, deviation, toml):
    action = deviation["action"]
    ops = selected(spec, deviation["operations"])
    if action == "document":  # statuses the spec omits, with their body schema
        for _, operation in ops:
            responses = operation.setdefault("responses", {})
            for status in deviation["statuses"]:
                responses.setdefault(
                    str(status),
                    {"description": deviation["id"], "content": content(resolve(deviation["schema"]))},
                )
    elif action == "response-schema":  # the spec's schema for a status is wrong
        for _, operation in ops:
            status = str(deviation["status"])
            response = operation["responses"].setdefault(status, {"description": deviation["id"]})
            response["content"] = content(resolve(deviation["schema"]))
    elif action == "query-as-text":  # the server reads these query parameters leniently
        for _, operation in ops:
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and (
                    schema.get("type") in deviation["types"] or ("enum" in deviation["types"] and "enum" in schema)
                ):
                    parameter["schema"] = {"type": "string"}
    elif action == "jackson-binding":  # request bodies as Jackson binds them
        for _, operation in ops:
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = jackson(media["schema"], spec["components"]["schemas"], deviation.get("scalars", True))
                for schema in [body] + body.get("anyOf", []):
                    schema.pop("nullable", None)  # the body itself is still an object
                media["schema"] = body
    elif action == "disable":
        toml.append(operation_block(deviation, f"checks.{deviation['check']}.enabled = false"))
    elif action == "expected-statuses":
        statuses = json.dumps([str(s) for s in deviation["statuses"]])
        line = f"checks.{deviation['check']}.expected-statuses = {statuses}"
        if deviation["operations"] == ["*"]:
            toml.insert(0, f"# {deviation['id']}\n{line}\n")
        else:
            toml.append(operation_block(deviation, line))
    else:
        sys.exit(f"prepare_schemathesis: unknown action {action!r} in {deviation['id']}")


def jackson(schema, components, scalars, depth=0):
    """The schema inlined, widened to what Jackson binds: null anywhere and, with scalars, numbers and
    booleans for text, numbers and "true"/"false" for booleans, ordinals for enums."""
    if depth > 8 or not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    out = dict(schema)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {
            name: jackson(value, components, scalars, depth + 1) for name, value in out["properties"].items()
        }
    if isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = jackson(out["additionalProperties"], components, scalars, depth + 1)
    if isinstance(out.get("items"), dict):  # a null inside a list is not bound to anything useful
        items = jackson(out["items"], components, scalars, depth + 1)
        items.pop("nullable", None)
        out["items"] = items
    if isinstance(out.get("anyOf"), list):
        out["anyOf"] = [jackson(branch, components, scalars, depth + 1) for branch in out["anyOf"]]
    if not scalars:
        return {**out, "nullable": True}
    if out.get("type") == "string" and "enum" in out:
        ordinals = {"type": "integer", "minimum": 0, "maximum": len(out["enum"]) - 1}
        return {"anyOf": [out, ordinals], "nullable": True}
    if out.get("type") == "string":
        return {"anyOf": [out, {"type": "number"}, {"type": "boolean"}], "nullable": True}
    if out.get("type") == "boolean":
        return {"anyOf": [out, {"type": "number"}, {"enum": ["true", "false"]}], "nullable": True}
    return {**out, "nullable": True}


def operation_block(deviation, line):
    names = json.dumps(deviation["operations"])
    return f"# {deviation['id']}\n[[operations]]\ninclude-name = {names}\n{line}\n"


def main():
    spec_path, deviations_path, out_dir = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    with open(deviations_path, encoding="utf-8") as f:
        deviations = yaml.safe_load(f)["deviations"]
    add_links(spec)
    offer_valid_values(spec)
    toml = []
    for deviation in deviations:
        for key in ("id", "check", "operations", "action", "why"):
            if key not in deviation:
                sys.exit(f"prepare_schemathesis: a deviation lacks '{key}': {deviation}")
        apply(spec, deviation, toml)
    with open(f"{out_dir}/sr-openapi.yaml", "w", encoding="utf-8") as f:
        yaml.safe_dump(spec, f, sort_keys=False, allow_unicode=True)
    with open(f"{out_dir}/schemathesis.toml", "w", encoding="utf-8") as f:
        f.write("# Derived by tests/api/prepare_schemathesis.py from schemathesis-deviations.yaml.\n")
        f.write("\n".join(toml))


if __name__ == "__main__":
    main()

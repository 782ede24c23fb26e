"""Every API list answers what its OpenAPI schema says: each value of the seeded demo data is of the type the schema
gives, and null only where the schema says nullable (found by QA: fields declared non-nullable came back null)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

TYPES = {"integer": int, "number": (int, float), "string": str, "boolean": bool, "object": dict, "array": list}


def _resolve(schema, components):
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _problems(value, schema, components, where):
    schema = _resolve(schema, components)
    if value is None:
        nullable = schema.get("nullable") or any(_resolve(s, components).get("nullable")
                                                 for s in schema.get("oneOf", []) + schema.get("anyOf", []))
        return [] if nullable else [f"{where}: null, not nullable"]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [_problems(value, s, components, where) for s in schema[key]]
            return [] if any(not found for found in options) else options[0]
    found = []
    for part in schema.get("allOf", []):
        found += _problems(value, part, components, where)
    kind = schema.get("type")
    if kind in TYPES and (not isinstance(value, TYPES[kind]) or (kind in ("integer", "number")
                                                                 and isinstance(value, bool))):
        return found + [f"{where}: {type(value).__name__} {value!r:.40}, schema says {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if kind == "array":
        for index, item in enumerate(value[:20]):
            found += _problems(item, schema.get("items", {}), components, f"{where}[{index}]")
    if kind == "object" or "properties" in schema:
        for name, item in value.items():
            if name in schema.get("properties", {}):
                found += _problems(item, schema["properties"][name], components, f"{where}.{name}")
    return found


def test_every_api_list_answers_as_its_schema_says(api_as, plan_loaded):
    call_command("seed_demo", facilities=40, stdout=io.StringIO())
    client = api_as("doit_staff")
    schema = client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    problems, checked = [], 0
    for path, item in sorted(schema["paths"].items()):
        if "{" in path or "get" not in item:
            continue
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
            continue
        answer = item["get"]["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema")
        if answer is None:
            continue
        checked += 1
        problems += _problems(response.json(), answer, components, path)
    assert checked > 20
    fields = sorted({re.sub(r"\[\d+\]", "[]", problem) for problem in problems})  # one line per field
    assert not fields, "\n".join(fields)

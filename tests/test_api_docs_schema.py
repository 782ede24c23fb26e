"""The API schema says what the API answers (found by QA): the budget summary's fields, years as integers, the error
answers of every operation with one shared body, and `count_is_estimate` on every paginated list. Each test reads
the generated schema and compares it with real answers."""

import datetime
import re

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from budget.tests.factories import EstimateFactory, ExpenditureFactory, line
from outreach.tests.factories import OutreachActivityFactory
from training.tests.factories import TrainingClassFactory

TYPES = {"integer": int, "number": (int, float), "string": str, "boolean": bool, "object": dict, "array": list}


@pytest.fixture(scope="module")
def generated():
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema, components):
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema and len(schema["allOf"]) == 1 and "type" not in schema:
        return {**_resolve(schema["allOf"][0], components), **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


def _undocumented(value, schema, components, where):
    """What in `value` the schema does not say: a key it does not list, a type it does not give, a required key
    missing (strict, unlike tests/test_api_schema_matches.py, which checks the types of the keys it lists)."""
    schema = _resolve(schema, components)
    if value is None:
        return [] if schema.get("nullable") else [f"{where}: null, not nullable"]
    kind = schema.get("type")
    if kind in TYPES and (not isinstance(value, TYPES[kind]) or (kind != "boolean" and isinstance(value, bool))):
        return [f"{where}: {type(value).__name__}, schema says {kind}"]
    found = []
    if kind == "array":
        for index, item in enumerate(value):
            found += _undocumented(item, schema.get("items", {}), components, f"{where}[{index}]")
    if kind == "object":
        properties = schema.get("properties", {})
        found += [f"{where}.{name}: not in the schema" for name in value if name not in properties]
        found += [f"{where}.{name}: required, missing" for name in schema.get("required", []) if name not in value]
        for name, item in value.items():
            if name in properties:
                found += _undocumented(item, properties[name], components, f"{where}.{name}")
    return found


# --- 1. the budget summary -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_budget_summary_schema_documents_every_field_it_returns_with_its_type(api_as):
    EstimateFactory(line=line("II.1"), year=2016, amount_vnd=600_000_000)
    ExpenditureFactory(line=line("II.1"), year=2016, amount_vnd=50_000_000)
    schema = api_as("doit_staff").get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    answer = schema["paths"]["/api/v1/budget/summary/"]["get"]["responses"]["200"]["content"]["application/json"]
    for role in ("doit_staff", "department_viewer", "api_client", "district_official", "anonymous"):
        body = api_as(role).get("/api/v1/budget/summary/").json()
        assert body["years"] and body["sections"][0]["years"], role  # the figures are there to be checked
        problems = _undocumented(body, answer["schema"], components, "summary")
        assert not problems, f"as {role}:\n" + "\n".join(sorted({re.sub(r"\[\d+\]", "[]", p) for p in problems}))
    staff = api_as("doit_staff").get("/api/v1/budget/summary/").json()
    assert {"estimate_vnd", "spent_vnd", "remainder_vnd", "over_estimate"} <= staff["sections"][0]["years"][0].keys()


# --- 2. years ---------------------------------------------------------------------------------------------------


def _is_year(name: str) -> bool:
    return name == "year" or name.endswith("_year")  # year, start_year, valid_to_year, request__year; not payback_years


def _years_in(schema, components, where, seen):
    """(where, schema) of every property named as a year, in `schema` and the schemas it holds."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return
        seen.add(name)
    schema = _resolve(schema, components)
    for name, item in schema.get("properties", {}).items():
        if _is_year(name):
            yield f"{where}.{name}", _resolve(item, components)
        yield from _years_in(item, components, f"{where}.{name}", seen)
    if "items" in schema:
        yield from _years_in(schema["items"], components, f"{where}[]", seen)
    for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
        yield from _years_in(part, components, where, seen)


def test_every_year_the_schema_gives_is_an_integer(generated):
    components = generated["components"]["schemas"]
    years = []
    for path, item in generated["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if _is_year(parameter["name"]):
                    years.append((f"{method.upper()} {path} ?{parameter['name']}=", parameter["schema"]))
            for status, response in operation["responses"].items():
                for content in response.get("content", {}).values():
                    years += _years_in(content["schema"], components, f"{method.upper()} {path} {status}", set())
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                years += _years_in(body["schema"], components, f"{method.upper()} {path} body", set())
    assert len(years) > 30  # the query parameters, the bodies and the answers, the summary's years among them
    assert any("/api/v1/budget/summary/" in where for where, _schema in years)
    wrong = sorted({f"{where}: {schema.get('type')}" for where, schema in years if schema.get("type") != "integer"})
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/reporting-periods/", "/api/v1/consumption-norms/"])
def test_a_year_that_is_not_a_whole_number_is_refused_naming_the_parameter(api_as, path):
    api = api_as("doit_staff")
    assert api.get(path, {"year": 2017}).status_code == 200
    refused = api.get(path, {"year": "2017.5"})
    assert refused.status_code == 400 and "year" in refused.json()


# --- 3. error answers -------------------------------------------------------------------------------------------

BAD = "zz\x00"  # refused by any filter of a FilterSet: a text filter refuses the NUL, the others the letters


def _error_body_fits(response, schema):
    jsonschema.validate(response.json(), schema["components"]["schemas"]["Error"])
    assert response.json(), response  # something to read


def test_every_error_answer_has_the_one_shared_error_body(generated):
    bodies = {
        f"{method.upper()} {path} {status}": response.get("content")
        for path, item in generated["paths"].items()
        for method, operation in item.items()
        for status, response in operation["responses"].items()
        if status.startswith("4")
    }
    assert len(bodies) > 250
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    assert not [where for where, content in bodies.items() if content != error]


def test_open_endpoints_document_no_403_and_say_they_need_no_credentials(generated):
    def get(path):
        return generated["paths"][path]["get"]

    for path in ("/api/v1/budget/summary/", "/api/v1/events/", "/api/v1/news/", "/api/v1/indicators/",
                 "/api/v1/training-classes/{id}/"):
        assert "403" not in get(path)["responses"] and {} in get(path)["security"], path
    assert {"401", "403"} <= get("/api/v1/participants/")["responses"].keys()
    assert {} not in get("/api/v1/participants/")["security"]


@pytest.mark.django_db
def test_each_list_documents_exactly_the_errors_it_gives(api_as, personas):
    """Every GET without an object in its path: 401/403 where an anonymous request is refused, a 401 for a token
    that is not valid everywhere, a 400 exactly where a bad query parameter is refused, a 404 for a page past the
    last where the list is paginated; each error with the shared body."""
    staff = api_as("doit_staff")
    schema = staff.get("/api/schema/?format=json").json()
    bad_token = api_as("anonymous")
    bad_token.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    checked = []
    for path, item in sorted(schema["paths"].items()):
        if "{" in path or "get" not in item:
            continue
        operation = item["get"]
        documented = set(operation["responses"])
        given = set()
        anonymous = api_as("anonymous").get(path)
        if anonymous.status_code == 401:
            _error_body_fits(anonymous, schema)
            given |= {"401", "403"}  # refused without credentials: a role without the permission is refused too
        else:
            assert anonymous.status_code == 200, path
        invalid = bad_token.get(path)
        assert invalid.status_code == 401, path
        _error_body_fits(invalid, schema)
        given.add("401")
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            if parameter["name"] == "page":
                answer = staff.get(path, {"page": 9999})
                assert answer.status_code == 404, path
                given.add("404")
            else:
                answer = staff.get(path, {parameter["name"]: BAD})
                assert answer.status_code in (200, 400), f"{path}?{parameter['name']}=: {answer.status_code}"
                if answer.status_code == 400:
                    assert parameter["name"] in answer.json(), answer.json()  # search too (PortalSearchFilter)
                    given.add("400")
            if answer.status_code != 200:
                _error_body_fits(answer, schema)
        assert documented - {"200"} == given, f"GET {path}: documents {sorted(documented)}, gives {sorted(given)}"
        checked.append(path)
    assert len(checked) > 25
    assert "/api/v1/budget/summary/" in checked and "/api/v1/indicators/" in checked


@pytest.mark.django_db
def test_an_object_that_does_not_exist_and_a_refused_body_are_documented_as_they_come(api_as, personas):
    staff = api_as("doit_staff")
    schema = staff.get("/api/schema/?format=json").json()
    detail, writes = 0, 0
    for path, item in sorted(schema["paths"].items()):
        if "{" in path and "get" in item:
            answer = staff.get(re.sub(r"\{\w+\}", "9999999", path))
            assert answer.status_code == 404 and "404" in item["get"]["responses"], path
            _error_body_fits(answer, schema)
            detail += 1
        if "{" not in path and "post" in item:
            answer = staff.post(path, {}, format="json")
            assert answer.status_code == 400 and "400" in item["post"]["responses"], (path, answer.status_code)
            _error_body_fits(answer, schema)
            writes += 1
    assert detail > 20 and writes >= 5


# --- 4. count_is_estimate ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_paginated_list_says_whether_its_count_is_an_estimate(api_as):
    TrainingClassFactory(is_public=True)
    OutreachActivityFactory(date=datetime.date.today() + datetime.timedelta(days=3), is_public=True)
    api = api_as("doit_staff")
    schema = api.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    lists = []
    for path, item in sorted(schema["paths"].items()):
        answer = item.get("get", {}).get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if "{" in path or not answer:
            continue
        envelope = _resolve(answer["schema"], components)
        if "results" not in envelope.get("properties", {}):
            continue
        assert envelope["properties"].get("count_is_estimate", {}).get("type") == "boolean", path
        body = api.get(path).json()
        assert body["count_is_estimate"] is False, path  # SQLite: an exact count
        lists.append(path)
    assert "/api/v1/events/" in lists and len(lists) > 20
    assert api.get("/api/v1/events/").json()["count"] == 2

"""Load the registry's reference data: VSIC sectors, energy conversion factors and consumption norms."""

from decimal import Decimal, InvalidOperation

from enterprises.models import ConsumptionNorm, EnergyFactor, Sector
from plan.fixtures_io import FIXTURES_DIR, FixtureError, read_json, require, save_validated


def _decimal(path, record, value):
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise FixtureError(path, record, f"{value!r} is not a number") from exc


def _rows(path, key):
    data = read_json(path)
    if not isinstance(data.get(key), list):
        raise FixtureError(path, None, f"expected a list under '{key}'")
    return data[key]


def load_sectors(path):
    for index, row in enumerate(_rows(path, "sectors"), start=1):
        record = f"#{index} ({row.get('code', '?')})"
        require(path, record, row, "code", "name")
        save_validated(path, record, Sector, {"code": row["code"]},
                       {"name": row["name"], "name_en": row.get("name_en", "")})
    return Sector.objects.count()


def load_energy_factors(path):
    for index, row in enumerate(_rows(path, "factors"), start=1):
        record = f"#{index} ({row.get('resource', '?')}/{row.get('unit', '?')})"
        require(path, record, row, "resource", "unit", "mj_per_unit")
        save_validated(path, record, EnergyFactor, {"resource": row["resource"], "unit": row["unit"]},
                       {"mj_per_unit": _decimal(path, record, row["mj_per_unit"]), "source": row.get("source", "")})
    return EnergyFactor.objects.count()


def load_norms(path):
    for index, row in enumerate(_rows(path, "norms"), start=1):
        record = f"#{index} ({row.get('product', '?')})"
        require(path, record, row, "sector", "product", "resource", "unit", "norm_per_unit", "source_document",
                "valid_from_year")
        sector = Sector.objects.filter(code=row["sector"]).first()
        if sector is None:
            raise FixtureError(path, record, f"unknown sector code {row['sector']!r}")
        save_validated(
            path, record, ConsumptionNorm,
            {"sector": sector, "product": row["product"], "resource": row["resource"],
             "valid_from_year": row["valid_from_year"]},
            {"unit": row["unit"], "norm_per_unit": _decimal(path, record, row["norm_per_unit"]),
             "source_document": row["source_document"], "valid_to_year": row.get("valid_to_year")},
        )
    return ConsumptionNorm.objects.count()


def load(fixtures_dir=FIXTURES_DIR, stdout=None):
    """Called by `manage.py load_plan` inside its transaction."""
    folder = fixtures_dir / "enterprises"
    sectors = load_sectors(folder / "sectors.json")
    factors = load_energy_factors(folder / "energy_factors.json")
    norms = load_norms(folder / "consumption_norms.json")
    if stdout:
        stdout.write(f"enterprises: {sectors} sectors, {factors} energy factors, {norms} consumption norms")

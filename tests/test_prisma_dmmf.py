"""Our IR agrees with Prisma's DMMF (the model view Prisma's generators receive).

``tests/golden/dmmf/<name>.json`` is ``get_dmmf``'s datamodel for ``sample_schemas/<name>.prisma``
(or the ``multifile`` folder), or for a focused case ``tests/data/dmmf/<name>.prisma`` (syntax that
real schemas use and the samples do not: bare field lists, block comments), produced by the Prisma 7
oracle. A small adapter turns our IR into
the same shape, and the comparison names model, field and property on a mismatch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.ir import DefaultKind, IndexKind, Model, RelationField, ScalarField, ScalarType, Schema
from workbench.loaders.prisma import load_prisma

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_schemas"
CASES_DIR = ROOT / "tests" / "data" / "dmmf"
GOLDEN = ROOT / "tests" / "golden" / "dmmf"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))

_IMPLICIT_ARGS = {DefaultKind.UUID: [4], DefaultKind.CUID: [1]}


def _default(f: ScalarField) -> Any:
    d = f.default
    if d is None:
        return None
    if d.kind in (DefaultKind.LITERAL, DefaultKind.ENUM):
        if f.type in (ScalarType.DECIMAL, ScalarType.FLOAT):  # we keep the literal text; DMMF gives the number
            return [float(v) for v in d.value] if isinstance(d.value, tuple) else float(d.value)  # type: ignore[arg-type]
        return list(d.value) if isinstance(d.value, tuple) else d.value
    if d.kind is DefaultKind.DBGENERATED:
        return {"name": "dbgenerated", "args": [] if d.value is None else [d.value]}
    args: list[Any] = [int(a) if a.isdigit() else a for a in d.args]
    if not args:
        args = list(_IMPLICIT_ARGS.get(d.kind, []))
    return {"name": d.kind.value, "args": args}


def dmmf_field(model: Model, f: ScalarField | RelationField) -> dict[str, Any]:
    fk_fields = {n for r in model.relation_fields for n in r.fields}
    out: dict[str, Any] = {"name": f.name}
    if isinstance(f, RelationField):
        out.update(
            kind="object",
            type=f.target,
            isList=f.list,
            isRequired=not f.optional,
            isId=False,
            isUnique=False,
            isUpdatedAt=False,
            relationName=f.relation_name,
            relationFromFields=list(f.fields),
            relationToFields=list(f.references),
            relationOnDelete=f.on_delete.value if f.on_delete else None,
            relationOnUpdate=f.on_update.value if f.on_update else None,
            default=None,
            nativeType=None,
            dbName=None,
            hasDefaultValue=False,
            isReadOnly=False,
            documentation=f.doc,
        )
        return out
    pk = model.primary_key
    # Prisma marks a field isId/isUnique for any single-field key, block-level (`@@id([a])`) included.
    unique_here = any(i.unique and i.field_names == (f.name,) for i in model.indexes)
    out.update(
        kind="enum" if f.type is ScalarType.ENUM else "scalar",
        type=f.type_name,
        isList=f.list,
        isRequired=not f.optional,
        isId=bool(pk and pk.field_names == (f.name,)),
        isUnique=unique_here,
        isUpdatedAt=f.updated_at,
        relationName=None,
        relationFromFields=None,
        relationToFields=None,
        relationOnDelete=None,
        relationOnUpdate=None,
        default=_default(f),
        nativeType=[f.native_type.name, list(f.native_type.args)] if f.native_type else None,
        dbName=f.db_name if f.db_name != f.name else None,
        hasDefaultValue=f.default is not None,
        isReadOnly=f.name in fk_fields,
        documentation=f.doc,
    )
    return out


def dmmf_model(model: Model) -> dict[str, Any]:
    pk = model.primary_key
    compound_uniques = [i for i in model.indexes if i.unique and not i.field_level]
    return {
        "name": model.name,
        "dbName": model.db_name if model.db_name != model.name else None,
        "schema": model.schema,
        "documentation": model.doc,
        "primaryKey": None if pk is None or pk.field_level else {"name": pk.name, "fields": list(pk.field_names)},
        "uniqueFields": [list(i.field_names) for i in compound_uniques],
        "uniqueIndexes": [{"name": i.name, "fields": list(i.field_names)} for i in compound_uniques],
        "fields": {
            f.name: dmmf_field(model, f)
            for f in model.fields
            if not f.ignored and not (isinstance(f, ScalarField) and f.type is ScalarType.UNSUPPORTED)
        },
    }


def dmmf_indexes(model: Model) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def fields(ix: Any) -> list[dict[str, Any]]:
        res = []
        for f in ix.fields:
            d: dict[str, Any] = {"name": f.name}
            if f.sort:
                d["sortOrder"] = f.sort.lower()
            if f.length is not None:
                d["length"] = f.length
            if f.ops:
                d["operatorClass"] = f.ops
            res.append(d)
        return res

    pk = model.primary_key
    if pk is not None:
        d: dict[str, Any] = {"type": "id", "isDefinedOnField": pk.field_level, "fields": fields(pk)}
        if pk.name:
            d["name"] = pk.name
        if pk.db_name:
            d["dbName"] = pk.db_name
        out.append(d)
    kinds = {IndexKind.UNIQUE: "unique", IndexKind.INDEX: "normal", IndexKind.FULLTEXT: "fulltext"}
    for ix in model.indexes:
        d = {"type": kinds[ix.kind], "isDefinedOnField": ix.field_level, "fields": fields(ix)}
        if ix.name:
            d["name"] = ix.name
        if ix.db_name:
            d["dbName"] = ix.db_name
        if ix.type:
            d["algorithm"] = ix.type
        out.append(d)
    return out


def _golden_field(f: dict[str, Any]) -> dict[str, Any]:
    keys = [
        "name",
        "kind",
        "type",
        "isList",
        "isRequired",
        "isId",
        "isUnique",
        "isUpdatedAt",
        "relationName",
        "relationFromFields",
        "relationToFields",
        "relationOnDelete",
        "relationOnUpdate",
        "default",
        "nativeType",
        "dbName",
        "hasDefaultValue",
        "isReadOnly",
        "documentation",
    ]
    return {k: f.get(k) for k in keys}


def compare(schema: Schema, golden: dict[str, Any]) -> list[str]:
    """Every difference as `Model.field: property: ours != prisma`."""
    problems: list[str] = []
    ours = {m.name: dmmf_model(m) for m in schema.models if not m.ignored}
    theirs = {m["name"]: m for m in golden["models"]}
    if sorted(ours) != sorted(theirs):
        problems.append(f"models: ours {sorted(ours)} != prisma {sorted(theirs)}")
    for name in sorted(set(ours) & set(theirs)):
        o, t = ours[name], theirs[name]
        for key in ("dbName", "schema", "documentation", "primaryKey", "uniqueFields", "uniqueIndexes"):
            tv = t.get(key)
            if key == "schema" and tv is not None and o[key] is None:
                continue  # Prisma fills the default schema in; we keep None for "not written"
            if o[key] != tv:
                problems.append(f"{name}: {key}: ours {o[key]!r} != prisma {tv!r}")
        tfields = {f["name"]: _golden_field(f) for f in t["fields"]}
        if list(o["fields"]) != list(tfields):
            problems.append(f"{name}: fields: ours {list(o['fields'])} != prisma {list(tfields)}")
        for fname in o["fields"]:
            if fname not in tfields:
                continue
            for key, tv in tfields[fname].items():
                ov = o["fields"][fname][key]
                if ov != tv:
                    problems.append(f"{name}.{fname}: {key}: ours {ov!r} != prisma {tv!r}")
    if "indexes" in golden:
        for name in sorted(ours):
            model = schema.model(name)
            assert model is not None
            want = [{k: v for k, v in i.items() if k != "model"} for i in golden["indexes"] if i["model"] == name]
            got = dmmf_indexes(model)
            if got != want:
                problems.append(f"{name}: indexes:\n    ours   {got}\n    prisma {want}")
    tenums = {e["name"]: e for e in golden["enums"]}
    oenums = {e.name: e for e in schema.enums}
    if sorted(tenums) != sorted(oenums):
        problems.append(f"enums: ours {sorted(oenums)} != prisma {sorted(tenums)}")
    for name in sorted(set(tenums) & set(oenums)):
        e, t = oenums[name], tenums[name]
        got_e = {
            "dbName": e.db_name if e.db_name != e.name else None,
            "values": [
                {"name": v.name, "dbName": v.db_name if v.db_name != v.name else None}
                | ({"documentation": v.doc} if v.doc is not None else {})
                for v in e.values
            ],
            "documentation": e.doc,
        }
        for key, ov in got_e.items():
            if ov != t.get(key):
                problems.append(f"enum {name}: {key}: ours {ov!r} != prisma {t.get(key)!r}")
    return problems


def _source(name: str) -> Path:
    if (CASES_DIR / f"{name}.prisma").exists():
        return CASES_DIR / f"{name}.prisma"
    return SAMPLES / name if (SAMPLES / name).is_dir() else SAMPLES / f"{name}.prisma"


def test_goldens_exist() -> None:
    assert CASES, "tests/golden/dmmf/ is empty"


@pytest.mark.parametrize("name", CASES)
def test_matches_prisma_dmmf(name: str) -> None:
    result = load_prisma(_source(name))
    assert result.ok, [d.headline() for d in result.diagnostics]
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    problems = compare(result.schema, golden)
    assert not problems, "\n".join(problems)


def test_comparison_detects_differences() -> None:
    """The comparison itself must notice a changed property (guards against a vacuous adapter)."""
    result = load_prisma(SAMPLES / "blog.prisma")
    golden = json.loads((GOLDEN / "blog.json").read_text(encoding="utf-8"))
    golden["models"][0]["fields"][0]["isId"] = not golden["models"][0]["fields"][0]["isId"]
    problems = compare(result.schema, golden)
    assert len(problems) == 1 and ".id: isId" in problems[0]


DDL_CASES = sorted(p.name.removesuffix(".postgres.sql") for p in GOLDEN.glob("*.postgres.sql"))


@pytest.mark.parametrize("name", DDL_CASES)
def test_case_ddl_creates_prismas_catalog(name: str, pg_url: str, pg_url2: str) -> None:
    """The focused cases' tables, keys and indexes as Prisma Migrate creates them (golden: ddl.sh),
    compared by effect on the real PostgreSQL: e.g. `@@index(title)` twice gives two indexes."""
    import psycopg

    from tests.pgcatalog import diff, dump
    from workbench.dialects import lower
    from workbench.emit.sql import to_ddl

    result = load_prisma(_source(name))
    assert result.ok, [d.headline() for d in result.diagnostics]
    database, problems = lower(result.schema, "postgres")
    assert not [d for d in problems if d.is_error]
    for url, sql in ((pg_url, to_ddl(database)), (pg_url2, (GOLDEN / f"{name}.postgres.sql").read_text())):
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(sql)  # type: ignore[arg-type]  # a whole script: simple query protocol
    expected, actual = dump(pg_url2), dump(pg_url)
    assert expected["tables"], "Prisma's DDL created no tables?"
    assert actual == expected, "catalogs differ (- Prisma, + ours):\n" + diff(expected, actual, ("prisma", "ours"))

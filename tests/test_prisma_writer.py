"""The Prisma writer: golden files checked by Prisma's own validator and formatter.

Goldens under ``tests/golden/prisma_writer/``: ``<sample>.prisma`` (a sample loaded and written
back) and ``pull_<sample>.prisma`` (a PostgreSQL database built from the sample, introspected,
lifted and written, i.e. our ``prisma db pull``). ``oracle.json`` holds Prisma 7.10's verdict on
each golden (valid? does ``prisma format`` leave it byte-identical?) with the SHA-256 of the text
it judged, so a golden refreshed with ``--update-golden`` without re-running
``regenerate_oracle.sh`` fails here instead of passing unchecked. The tests never run node.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.golden import check_golden
from tests.roundtrip_util import apply_ddl, sample_id, sample_paths
from workbench.dialects import lower
from workbench.emit.prisma import write_prisma
from workbench.emit.prisma.writer import quote, render_default
from workbench.emit.sql import to_ddl
from workbench.ir.schema import (
    Datasource,
    Default,
    DefaultKind,
    Enum,
    EnumValue,
    Index,
    IndexField,
    IndexKind,
    Model,
    PrimaryKey,
    ScalarField,
    ScalarType,
    Schema,
)
from workbench.loaders.introspect import introspect, lift
from workbench.loaders.prisma import load_prisma

GOLDEN = Path(__file__).resolve().parent / "golden" / "prisma_writer"
SAMPLES = sample_paths()
IDS = [sample_id(p) for p in SAMPLES]


def _check_golden(name: str, text: str, update: bool) -> None:
    check_golden(GOLDEN / name, text, update)


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_sample_written_back(path: Path, update_golden: bool) -> None:
    result = load_prisma(path)
    text = write_prisma(result.schema)
    _check_golden(f"{sample_id(path)}.prisma", text, update_golden)
    # writing what we wrote gives the same text: the writer is a fixed point of load + write
    again = load_prisma("again.prisma", text=text)
    assert write_prisma(again.schema) == text
    assert again.schema.models == result.schema.models
    assert again.schema.enums == result.schema.enums


@pytest.mark.parametrize("path", SAMPLES, ids=IDS)
def test_pulled_from_postgres(path: Path, pg_url: str, update_golden: bool) -> None:
    lowered, _ = lower(load_prisma(path).schema, "postgres")
    apply_ddl("postgres", to_ddl(lowered), pg_url)
    database, _ = introspect(pg_url)
    _check_golden(f"pull_{sample_id(path)}.prisma", write_prisma(lift(database)), update_golden)


def test_oracle_verdicts_cover_every_golden() -> None:
    verdicts = json.loads((GOLDEN / "oracle.json").read_text())
    goldens = sorted(p.name for p in GOLDEN.glob("*.prisma"))
    assert goldens, "no goldens"
    assert sorted(verdicts) == goldens, "run tests/golden/prisma_writer/regenerate_oracle.sh"
    for name in goldens:
        verdict = verdicts[name]
        digest = hashlib.sha256((GOLDEN / name).read_bytes()).hexdigest()
        assert verdict["sha256"] == digest, f"{name} changed since Prisma checked it: rerun regenerate_oracle.sh"
        assert verdict["valid"], f"Prisma rejects {name}: {verdict['errors']}"
        assert verdict["formatted_identical"], f"prisma format changes {name}"


def test_alignment_attribute_order_and_blocks() -> None:
    """The expected text is what ``prisma format`` prints for it (checked once with format.mjs)."""
    schema = Schema(
        datasource=Datasource(name="db", provider="postgresql", schemas=("auth", "public")),
        models=(
            Model(
                name="User",
                db_name="users",
                doc="A person.\nTwo lines.",
                schema="auth",
                fields=(
                    ScalarField(
                        name="id", db_name="id", type=ScalarType.INT, default=Default(DefaultKind.AUTOINCREMENT)
                    ),
                    ScalarField(
                        name="emailAddress",
                        db_name="email",
                        type=ScalarType.STRING,
                        default=Default(DefaultKind.LITERAL, 'a "b" \\ c'),
                        doc="Login.",
                    ),
                    ScalarField(name="role", db_name="role", type=ScalarType.ENUM, enum="Role", optional=True),
                ),
                primary_key=PrimaryKey(fields=(IndexField("id"),), field_level=True),
                indexes=(
                    Index(IndexKind.UNIQUE, (IndexField("emailAddress"),), db_name="uq", field_level=True),
                    Index(
                        IndexKind.INDEX, (IndexField("role", sort="Desc"), IndexField("emailAddress", ops="text_ops"))
                    ),
                ),
            ),
        ),
        enums=(Enum(name="Role", db_name="role", values=(EnumValue("A", "a"), EnumValue("B", "B")), schema="auth"),),
    )
    assert write_prisma(schema) == (
        "datasource db {\n"
        '  provider = "postgresql"\n'
        '  schemas  = ["auth", "public"]\n'
        "}\n"
        "\n"
        "/// A person.\n"
        "/// Two lines.\n"
        "model User {\n"
        "  id           Int    @id @default(autoincrement())\n"
        "  /// Login.\n"
        '  emailAddress String @unique(map: "uq") @default("a \\"b\\" \\\\ c") @map("email")\n'
        "  role         Role?\n"
        "\n"
        '  @@index([role(sort: Desc), emailAddress(ops: raw("text_ops"))])\n'
        '  @@map("users")\n'
        '  @@schema("auth")\n'
        "}\n"
        "\n"
        "enum Role {\n"
        '  A @map("a")\n'
        "  B\n"
        "\n"
        '  @@map("role")\n'
        '  @@schema("auth")\n'
        "}\n"
    )


@pytest.mark.parametrize(
    ("default", "field_type", "text"),
    [
        (Default(DefaultKind.NOW), ScalarType.DATETIME, "now()"),
        (Default(DefaultKind.DBGENERATED, "gen_random_uuid()"), ScalarType.STRING, 'dbgenerated("gen_random_uuid()")'),
        (Default(DefaultKind.DBGENERATED), ScalarType.STRING, "dbgenerated()"),
        (Default(DefaultKind.UUID, args=("7",)), ScalarType.STRING, "uuid(7)"),
        (Default(DefaultKind.CUID), ScalarType.STRING, "cuid()"),
        (Default(DefaultKind.LITERAL, "1.50"), ScalarType.DECIMAL, "1.50"),
        (Default(DefaultKind.LITERAL, -3), ScalarType.INT, "-3"),
        (Default(DefaultKind.LITERAL, 1.5), ScalarType.FLOAT, "1.5"),
        (Default(DefaultKind.LITERAL, False), ScalarType.BOOLEAN, "false"),
        (Default(DefaultKind.LITERAL, ("a", "b")), ScalarType.STRING, '["a", "b"]'),
        (Default(DefaultKind.LITERAL, ()), ScalarType.INT, "[]"),
        (Default(DefaultKind.ENUM, "ADMIN"), ScalarType.ENUM, "ADMIN"),
        (Default(DefaultKind.ENUM, ("A", "B")), ScalarType.ENUM, "[A, B]"),
        (Default(DefaultKind.LITERAL, '{"a": 1}'), ScalarType.JSON, '"{\\"a\\": 1}"'),
    ],
)
def test_render_default(default: Default, field_type: ScalarType, text: str) -> None:
    assert render_default(default, field_type) == text


def test_quote_escapes_untrusted_text() -> None:
    assert quote('x"\n\\') == '"x\\"\\n\\\\"'

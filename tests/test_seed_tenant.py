"""Foreign keys sharing a column (multi-tenant keys): stack-auth's ``TeamMember`` references
``ProjectUser(tenancyId, projectUserId)`` and ``Team(tenancyId, teamId)``. The plan used to clamp
such tables to 0 rows; when both parents' shared column comes from the same table (``Tenancy.id``)
rows pair a user and a team of the same tenancy (:mod:`workbench.seeding.shared`)."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from tests.seed_checks import violations
from workbench.api import seed
from workbench.seeding import build_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "seed"
SHARED = DATA / "shared_tenant_key.prisma"
REALWORLD = DATA / "realworld"
SIZES = {"hundred": 100, "few teams": {"Tenancy": 50, "Team": 10, "*": 100}}


TEAM_TENANCY = "  tenancy     Tenancy      @relation(fields: [tenancyId], references: [id])\n  members"


def _schema(variant: str, tmp_path: Path) -> Path:
    """``related``: both parents' tenancyId reference Tenancy; ``plain``: Team.tenancyId is a plain
    column (stack-auth's Team and ProjectUser), tied to Tenancy.id only through the keys that share it."""
    if variant == "related":
        return SHARED
    path = tmp_path / "plain.prisma"
    path.write_text(SHARED.read_text().replace(TEAM_TENANCY, "  members").replace("  teams    Team[]\n", ""))
    return path


def _url(engine: str, pg_url: str, tmp_path: Path) -> str | None:
    return {"duckdb": None, "postgres": pg_url, "sqlite": f"sqlite:///{tmp_path / 't.db'}"}[engine]


def _keys(db: object, table: str) -> list[tuple[str, ...]]:
    """The key columns of every row (timestamps print differently per engine)."""
    last = "id" if table == "Session" else "teamId"
    query = f'SELECT "tenancyId", "projectUserId", "{last}" FROM "{table}"'
    return sorted(tuple(str(v) for v in r) for r in db.sql(query).rows)  # type: ignore[attr-defined]


@pytest.mark.parametrize("variant", ["related", "plain"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("engine", ["postgres", "duckdb", "sqlite"])
def test_keys_sharing_a_tenant_column_fill_every_table_and_hold(
    engine: str, size: str, variant: str, pg_url: str, tmp_path: Path
) -> None:
    s = wb.load(_schema(variant, tmp_path))
    rows = SIZES[size]
    plan = build_plan(s.schema, rows)
    assert all(t.rows > 0 for t in plan.tables), [(t.name, t.rows) for t in plan.tables]
    with wb.connect(_url(engine, pg_url, tmp_path), create=True) as db:
        db.apply(s)
        report = seed(s, db, rows)
        assert report.ok, report
        assert violations(db, plan) == []
        for t in plan.tables:
            assert db.sql(f'SELECT count(*) FROM "{t.name}"').rows[0][0] > 0, t.name
        # a member's user and team belong to the member's tenancy (the foreign keys say so; checked again here)
        odd = db.sql(
            'SELECT count(*) FROM "TeamMember" m JOIN "Team" t ON t."teamId" = m."teamId" '
            'WHERE t."tenancyId" <> m."tenancyId"'
        ).rows[0][0]
        assert odd == 0


def test_the_same_seed_gives_the_same_members_on_every_engine(pg_url: str, tmp_path: Path) -> None:
    s = wb.load(SHARED)
    got = []
    for engine in ("postgres", "duckdb", "sqlite"):
        with wb.connect(_url(engine, pg_url, tmp_path), create=True) as db:
            db.apply(s)
            assert seed(s, db, 100).ok
            got.append({t: _keys(db, t) for t in ("TeamMember", "UserLogin", "Session")})
    assert got[0] == got[1] == got[2]
    assert len(got[0]["TeamMember"]) > 50


def test_keys_whose_shared_values_come_from_unrelated_tables_are_still_clamped(tmp_path: Path) -> None:
    # Team.tenancyId references Organization: its values never equal a user's tenancyId (a Tenancy id)
    text = SHARED.read_text().replace(
        TEAM_TENANCY, "  org         Organization @relation(fields: [tenancyId], references: [id])\n  members"
    )
    path = tmp_path / "unrelated.prisma"
    path.write_text(text + "\nmodel Organization {\n  id    String @id @default(uuid()) @db.Uuid\n  teams Team[]\n}\n")
    plan = build_plan(wb.load(path).schema, 100)
    member = next(t for t in plan.tables if t.name == "TeamMember")
    assert member.rows == 0
    assert "never coincide" in member.limits[0].reason


@pytest.mark.parametrize(
    ("schema", "tables"),
    [
        (
            "stack-auth__stack-auth.prisma",
            [
                "TeamMember",
                "TeamMemberDirectPermission",
                "SessionReplay",
                "SessionReplayChunk",
                "OtpAuthMethod",
                "PasswordAuthMethod",
                "PasskeyAuthMethod",
                "OAuthAuthMethod",
                "ProjectApiKey",
            ],
        ),
        ("formbricks__formbricks", ["FeedbackSource", "FeedbackSourceFieldMapping", "WorkflowRun", "WorkflowRunLog"]),
        (
            "langfuse__langfuse.prisma",
            ["in_app_agent_runs", "in_app_agent_events", "in_app_agent_pending_tool_approvals"],
        ),
    ],
)
def test_real_world_multi_tenant_tables_are_no_longer_clamped_to_zero(schema: str, tables: list[str]) -> None:
    plan = build_plan(wb.load(REALWORLD / schema).schema, 100)
    rows = {t.name: t.rows for t in plan.tables}
    assert {name: rows[name] for name in tables} == {name: 100 for name in tables}


def test_the_plan_says_rows_pairing_two_parents_may_be_fewer() -> None:
    plan = build_plan(wb.load(SHARED).schema, SIZES["few teams"])
    notes = [d.message for d in plan.diagnostics if "pairs" in d.message]
    assert any(m.startswith("TeamMember: up to 100 rows") and "`tenancyId`" in m for m in notes), notes
    assert not any(m.startswith("Session:") for m in notes)  # one key holds the shared column: always a match

import psycopg


def test_throwaway_postgres_is_real_and_empty(pg_url: str) -> None:
    with psycopg.connect(pg_url) as con:
        version = con.execute("SHOW server_version_num").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    assert int(version) >= 130000
    assert tables == 0

"""ORM capture: every statement SQLAlchemy sends, recorded through engine events (real SQLite/PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import ForeignKey, create_engine, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from workbench.profile.capture import capture


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    books: Mapped[list[Book]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    author: Mapped[Author] = relationship(back_populates="books")


def _fill(engine: object) -> None:
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add_all([Author(id=i, name=f"a{i}", books=[Book(), Book()]) for i in range(1, 4)])
        s.commit()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_lazy_loads_show_up_as_repeated_statements(backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "sqlite":
        url = "sqlite://"
    else:
        url = request.getfixturevalue("pg_url").replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    _fill(engine)
    with capture(engine) as cap, Session(engine) as s:
        authors = s.scalars(select(Author).order_by(Author.id)).all()
        counts = [len(a.books) for a in authors]  # one lazy load per author: N+1
    assert counts == [2, 2, 2]
    assert len(cap) == 4 and cap.total_ms > 0
    assert all(st.ms >= 0 for st in cap.statements)
    lazy = cap.repeated()
    assert len(lazy) == 1 and lazy[0][1] == 3 and "FROM book" in lazy[0][0]
    # parameters as the driver got them: a tuple for sqlite3 (qmark), a dict for psycopg (pyformat)
    values = sorted(
        next(iter(p.values())) if isinstance(p, dict) else p[0] for p in (st.parameters for st in cap.statements[1:])
    )
    assert values == [1, 2, 3]
    assert "sent 3 times" in repr(cap)
    # listeners are gone after the block
    with engine.connect() as c:
        c.execute(text("SELECT 1"))
    assert len(cap) == 4
    assert list(cap.to_frame().columns) == ["sql", "parameters", "ms", "rows", "executemany"]
    engine.dispose()

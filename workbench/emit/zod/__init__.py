"""zod 4 validation schemas (``validation.ts``) for every model and enum; see :mod:`.emitter`.

Refinements come from ``/// @zod.<method>(<literal args>)`` doc-comment lines on fields
(:mod:`.annotations`), e.g. ``/// @zod.email()`` turns ``email: z.string()`` into
``email: z.string().email()``.

Decisions (rows = what Drizzle reads; inputs = create/update, what callers send):

* ids: ``String @default(uuid())`` -> ``z.uuid()``; ``@db.Uuid`` otherwise -> ``z.guid()`` (any
  UUID Postgres accepts); ``ulid()`` -> ``z.ulid()``; ``nanoid()`` -> ``z.nanoid()``; ``cuid()``
  -> ``z.string()`` (Drizzle generates cuid2, Prisma cuid v1: no single format fits both).
* DateTime: rows ``z.date()``; inputs ``z.coerce.date<Date | string>()`` so JSON bodies with ISO
  strings validate; ``@db.Time``/``@db.Timetz`` are text (``z.iso.time()`` / ``z.string()``),
  as Drizzle reads them.
* Decimal: a string matching a decimal regex (Drizzle's numeric mode, no precision lost); inputs
  also take a number. BigInt: ``z.bigint()``; inputs also take integer numbers and digit strings.
* Json: ``z.json()``; Bytes: a ``Uint8Array`` (``z.custom``, since ``z.instanceof`` would infer
  ``Uint8Array<ArrayBuffer>``, which Node Buffers are not); Int: ``z.int32()`` (SmallInt range
  for ``@db.SmallInt``); ``@db.VarChar(n)``/``Char(n)``: ``.max(n)``; lists: ``z.array``.
* Enums: ``export const Role = { USER: "USER" } as const`` (values are the stored, ``@map``ped
  strings) and ``roleSchema = z.enum(Role)``.
"""

from __future__ import annotations

from workbench.diagnostics import sort_key
from workbench.emit.files import GeneratedFile, GeneratedFiles, header_lines
from workbench.emit.tscommon import model_diagnostics, per_schema
from workbench.emit.zod.emitter import render
from workbench.ir.schema import Schema

FILE = "validation.ts"


@per_schema  # REST and tRPC include it: computed once per schema and source
def generate(schema: Schema, *, source: str) -> GeneratedFiles:
    text, diagnostics = render(schema, header_lines(source))
    diagnostics += model_diagnostics(schema)
    return GeneratedFiles("zod", (GeneratedFile(FILE, text),), tuple(sorted(set(diagnostics), key=sort_key)))


__all__ = ["FILE", "generate"]

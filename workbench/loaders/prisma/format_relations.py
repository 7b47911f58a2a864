"""Step 1 of ``prisma format``: insert the relation pieces a schema is missing.

Prisma's formatter completes relations before laying the text out ("magic reformatting",
``psl-core/src/reformat.rs``), as text inserted into the source:

* a missing back-relation field in the referenced model: ``posts Post[]`` (``post Post?`` when
  the foreign key is unique), named by camel-casing and pluralising the model name the way
  Prisma's inflector does;
* a missing forward field for a lone list field (``tag Tag? @relation(fields: [tagId],
  references: [id])`` plus ``tagId String? @db.Uuid``);
* a missing ``@relation(fields: [...], references: [...])`` or its missing arguments on a forward
  field, plus the scalar fields it names.

Prisma does this only when its parser database reports no error (names, types and attributes
resolve); otherwise the text is only laid out. We use the loader's diagnostics for that gate: any
error outside the validation-only families (missing opposite relation, ambiguous relation,
arity, missing ``fields``, referential actions, datasource and connector checks) disables the step.

Relations are read the way Prisma's parser database ingests them: every relation field looks for
its opposite (the first field of the target model pointing back with the same relation name, not
exclusive), back fields with an opposite are skipped, in a 1:1 without ``fields`` the required
side (else the side whose model/field name sorts first) is the forward one. The inserted text is
Prisma's, including its quirks (``post Post?`` added without the relation name of a named
relation, duplicates on ambiguous schemas, ``@relation()`` becoming ``@relation()(fields: ...)``,
which breaks the line: reported as warning ``W0901``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from workbench.diagnostics import Diagnostic, SourceFile, warning
from workbench.diagnostics.catalog import prisma as codes
from workbench.prisma.ast import Attribute, Block, FieldDecl, StringLit, list_items
from workbench.prisma.format_syntax import Block as FormatBlock
from workbench.prisma.format_syntax import Field, Raw, TopItem, attribute_arguments
from workbench.prisma.parser import parse_schema

# Loader errors that Prisma reports only after its parser database (which gates this step).
# Established with the oracle: a schema with one of these errors (and a missing back relation) still
# gets its relation completed by `prisma format`; any other loader error means Prisma would not.
_VALIDATION_ONLY = (
    codes.MULTIPLE_DATASOURCES,  # several datasources
    codes.COMPOSITE_TYPES_UNSUPPORTED,  # composite types on a connector without them
    codes.DUPLICATE_CONSTRAINT_NAME,  # duplicate constraint name
    codes.UNKNOWN_DEFAULT_FUNCTION,  # unknown default function
    codes.MISSING_OPPOSITE_RELATION,  # missing opposite relation field: what this step completes
    codes.AMBIGUOUS_RELATION,  # ambiguous relation
    codes.RELATION_ARITY_MISMATCH,
    codes.RELATION_TYPE_MISMATCH,  # referencing/referenced type mismatch
    codes.RELATION_REFERENCES_NOT_UNIQUE,  # references not unique
    codes.RELATION_FIELDS_PLACEMENT,  # missing `fields`: completed too
    codes.RELATION_OPTIONALITY_MISMATCH,  # optionality mismatch
    codes.MANY_TO_MANY_WITHOUT_ID,  # many-to-many without single-field id
    codes.MANY_TO_MANY_ON_VIEW,
    "E05",  # datasource / generator
    "E06",  # connector capabilities
)
# Reserved by Prisma's parser database but not reported by the loader (which only reserves scalars).
_RESERVED = frozenset({"PrismaClient"})
_SCALARS = {"String", "Int", "BigInt", "Float", "Boolean", "DateTime", "Json", "Bytes", "Decimal"}


class _Bit(NamedTuple):
    file: str
    position: int
    content: str


class _Rel(NamedTuple):
    model: Block
    field: FieldDecl


# -- names: Prisma's inflector (cruet) ----------------------------------------------------------


def camel_case(name: str) -> str:
    """cruet's ``to_camel_case``: ``user_profile`` -> ``userProfile``, ``HTTPRequest`` -> ``httprequest``."""
    out: list[str] = []
    new_word = False
    found = False
    last = " "
    for ch in name.rstrip():
        if ch in "-_ " and found:
            new_word = True
        elif not found and not ch.isalnum():
            continue
        elif ch.isnumeric():
            found = new_word = True
            out.append(ch)
        elif new_word or (last.islower() and ch.isupper()):
            found, new_word = True, False
            out.append(ch.upper() if ch.isascii() else ch)
        else:
            found, last = True, ch
            out.append(ch.lower() if ch.isascii() else ch)
    return "".join(out)


_PLURAL_RULES = [
    (re.compile(p), r)
    for p, r in (
        (r"(\w*)s\Z", "s"),
        (r"(\w*([^aeiou]ese))\Z", ""),
        (r"(\w*(ax|test))is\Z", "es"),
        (r"(\w*(alias|[^aou]us|tlas|gas|ris))\Z", "es"),
        (r"(\w*(e[mn]u))s?\Z", "s"),
        (r"(\w*([^l]ias|[aeiou]las|[emjzr]as|[iu]am))\Z", ""),
        (
            r"(\w*(alumn|syllab|octop|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat))(?:us|i)\Z",
            "i",
        ),
        (r"(\w*(alumn|alg|vertebr))(?:a|ae)\Z", "ae"),
        (r"(\w*(seraph|cherub))(?:im)?\Z", "im"),
        (r"(\w*(her|at|gr))o\Z", "oes"),
        (
            r"(\w*(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul"
            r"|automat|quor))(?:a|um)\Z",
            "a",
        ),
        (
            r"(\w*(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat))(?:a|on)\Z",
            "a",
        ),
        (r"(\w*)sis\Z", "ses"),
        (r"(\w*(kni|wi|li))fe\Z", "ves"),
        (r"(\w*(ar|l|ea|eo|oa|hoo))f\Z", "ves"),
        (r"(\w*([^aeiouy]|qu))y\Z", "ies"),
        (r"(\w*([^ch][ieo][ln]))ey\Z", "ies"),
        (r"(\w*(x|ch|ss|sh|zz)es)\Z", ""),
        (r"(\w*(x|ch|ss|sh|zz))\Z", "es"),
        (r"(\w*(matr|cod|mur|sil|vert|ind|append))(?:ix|ex)\Z", "ices"),
        (r"(\w*(m|l))(?:ice|ouse)\Z", "ice"),
        (r"(\w*(pe))(?:rson|ople)\Z", "ople"),
        (r"(\w*(child))(?:ren)?\Z", "ren"),
        (r"(\w*eaux)\Z", ""),
    )
][::-1]
_SPECIAL = {
    "ox": "oxen",
    "man": "men",
    "woman": "women",
    "die": "dice",
    "yes": "yeses",
    "foot": "feet",
    "eave": "eaves",
    "goose": "geese",
    "tooth": "teeth",
    "quiz": "quizzes",
}
_UNCOUNTABLE = frozenset(
    """accommodation adulthood advertising advice aggression aid air aircraft alcohol anger applause arithmetic
    assistance athletics bacon baggage beef biology blood botany bread butter carbon cardboard cash chalk chaos chess
    crossroads countryside dancing deer dignity dirt dust economics education electricity engineering enjoyment envy
    equipment ethics evidence evolution fame fiction flour flu food fuel fun furniture gallows garbage garlic genetics
    gold golf gossip grammar gratitude grief guilt gymnastics happiness hardware harm hate hatred health heat help
    homework honesty honey hospitality housework humour hunger hydrogen ice importance inflation information innocence
    iron irony jam jewelry judo karate knowledge lack laughter lava leather leisure lightning linguine linguini
    linguistics literature litter livestock logic loneliness luck luggage macaroni machinery magic management mankind
    marble mathematics mayonnaise measles methane milk money mud music mumps nature news nitrogen nonsense nurture
    nutrition obedience obesity oxygen pasta patience physics poetry pollution poverty pride psychology publicity
    punctuation quartz racism relaxation reliability research respect revenge rice rubbish rum safety scenery seafood
    seaside series shame sheep shopping sleep smoke smoking snow soap software soil spaghetti species steam stuff
    stupidity sunshine symmetry tennis thirst thunder timber traffic transportation trust underwear unemployment unity
    validity veal vegetation vegetarianism vengeance violence vitality warmth wealth weather welfare wheat wildlife
    wisdom yoga zinc zoology""".split()
)


def plural(word: str) -> str:
    """cruet's ``to_plural`` (Rails-style rules): ``category`` -> ``categories``, ``person`` -> ``people``."""
    if word in _UNCOUNTABLE:
        return word
    if word in _SPECIAL:
        return _SPECIAL[word]
    for rule, replace in _PLURAL_RULES:
        m = rule.search(word)
        if m is not None and m.group(1) is not None:
            return m.group(1) + replace
    return word + "s"


# -- the schema as the relation step needs it ------------------------------------------------------


def _attr(f: FieldDecl, name: str) -> Attribute | None:
    for a in f.attributes:
        if a.name == name:
            return a
    return None


def _relation_name(f: FieldDecl) -> str:
    a = _attr(f, "relation")
    if a is None:
        return ""
    named = a.arg("name")
    for arg in (named, *a.positional()[:1]):
        if arg is not None and isinstance(arg.value, StringLit):
            return arg.value.value
    return ""


def _has_arg(f: FieldDecl, arg: str) -> bool:
    a = _attr(f, "relation")
    return a is not None and (found := a.arg(arg)) is not None and found.value is not None


def _list_arg(f: FieldDecl, arg: str) -> tuple[str, ...]:
    a = _attr(f, "relation")
    got = a.arg(arg) if a is not None else None
    items = list_items(got.value) if got is not None else ()
    return tuple(getattr(x, "name", "") for x in items)


def _unique_criteria(model: Block) -> list[tuple[str, ...]]:
    """Primary key first, then unique constraints (field-level, then block-level)."""
    out: list[tuple[str, ...]] = []
    out.extend((f.name,) for f in model.fields if _attr(f, "id") is not None)
    out.extend(
        tuple(getattr(x, "name", "") for x in list_items(a.args[0].value))
        for a in model.attributes
        if a.name == "id" and a.args
    )
    out.extend((f.name,) for f in model.fields if _attr(f, "unique") is not None)
    out.extend(
        tuple(getattr(x, "name", "") for x in list_items(a.args[0].value))
        for a in model.attributes
        if a.name == "unique" and a.args
    )
    return [c for c in out if c and all(c)]


class _Schema:
    def __init__(self, files: dict[str, str]) -> None:
        self.texts = files
        self.models: dict[str, Block] = {}
        self.order: list[Block] = []
        self.names: set[str] = set()
        for path, text in files.items():
            for b in parse_schema(text, path).blocks:
                self.names.add(b.name)
                if b.keyword in ("model", "view") and b.name not in self.models:
                    self.models[b.name] = b
                    self.order.append(b)

    def field(self, model: Block, name: str) -> FieldDecl | None:
        for f in model.fields:
            if f.name == name:
                return f
        return None

    def inferred_scalars(
        self, referencing: Block, referenced: Block, forward: FieldDecl | None
    ) -> list[tuple[str, str, FieldDecl]]:
        """(name, arity, referenced field) of the scalar fields a relation to ``referenced`` would use."""
        criteria = _unique_criteria(referenced)
        if not criteria:
            return []
        out = []
        for ref_name in criteria[0]:
            ref = self.field(referenced, ref_name)
            if ref is None:
                continue
            name = referenced.name[:1].lower() + referenced.name[1:] + ref_name[:1].upper() + ref_name[1:]
            existing = self.field(referencing, name)
            if existing is not None:
                arity = "?" if existing.type.optional else "[]" if existing.type.list else ""
            else:
                arity = ("?" if forward.type.optional else "[]" if forward.type.list else "") if forward else "?"
            out.append((name, arity, ref))
        return out

    def native(self, f: FieldDecl) -> str:
        for a in f.attributes:
            if a.name.startswith("db."):
                text = self.texts[_file_of(self, f)]
                return text[f.base + a.start : f.base + a.end]
        return ""


def _file_of(schema: _Schema, f: FieldDecl) -> str:
    for b in schema.order:
        if f in b.fields:
            return b.file
    raise KeyError(f.name)


def _end(model: Block) -> int:
    return model.end - 1  # the closing brace


def _forward_first(f: _Rel, g: _Rel) -> bool:
    """In a 1:1 relation without ``fields`` on either side, is ``f`` the side Prisma makes forward?
    The required side wins, else the side whose (model, field) name sorts first."""
    rf, rg = not f.field.type.optional, not g.field.type.optional
    if rf != rg:
        return rf
    return (f.model.name, f.field.name) < (g.model.name, g.field.name)


def _pair(schema: _Schema) -> list[tuple[_Rel, _Rel | None]]:
    """Relations in Prisma's ingestion order, each seen from its forward field (or its lone list field).

    Like Prisma's parser database, every relation field looks for its opposite: the first field of
    the target model that points back with the same relation name. Opposites are not exclusive
    (duplicates make ambiguous relations, which Prisma reports later, after formatting); a back
    field with an opposite is skipped, its relation is ingested from the forward side.
    """
    relations: list[tuple[_Rel, _Rel | None]] = []
    for m in schema.order:
        for f in m.fields:
            target = schema.models.get(f.type.name)
            if target is None:
                continue
            name = _relation_name(f)
            g = next(
                (x for x in target.fields if x is not f and x.type.name == m.name and _relation_name(x) == name), None
            )
            a, b = _Rel(m, f), (_Rel(target, g) if g is not None else None)
            if g is None or b is None:
                relations.append((a, None))
            elif f.type.list and g.type.list:  # many-to-many: once
                if (schema.order.index(m), m.fields.index(f)) < (schema.order.index(target), target.fields.index(g)):
                    relations.append((a, b))
            elif f.type.list:
                continue  # back side of a one-to-many
            elif g.type.list or _has_arg(f, "fields"):
                relations.append((a, b))
            elif _has_arg(g, "fields"):
                continue  # back side of a one-to-one
            elif _forward_first(a, b):
                relations.append((a, b))
    return relations


def _compute(schema: _Schema) -> tuple[list[_Bit], list[_Rel]]:
    fields_bits: list[_Bit] = []
    attr_bits: list[_Bit] = []
    arg_bits: list[_Bit] = []
    skipped: list[_Rel] = []
    for a, b in _pair(schema):
        if b is not None and a.field.type.list and b.field.type.list:
            continue  # implicit many-to-many
        if b is None and a.field.type.list:  # lone back field: add the forward side in the other model
            referenced, referencing = a.model, schema.models[a.field.type.name]
            scalars = schema.inferred_scalars(referencing, referenced, None)
            arity = "?" if any(ar == "?" for _, ar, _ in scalars) else ""
            names = ", ".join(n for n, _, _ in scalars)
            refs = ", ".join(ref.name for _, _, ref in scalars)
            fields_bits.append(
                _Bit(
                    referencing.file,
                    _end(referencing),
                    f"{camel_case(referenced.name)} {referenced.name}{arity} "
                    f"@relation(fields: [{names}], references: [{refs}])\n",
                )
            )
            fields_bits.extend(_scalar_bits(schema, referencing, scalars))
            continue
        forward, referencing, referenced = a.field, a.model, schema.models[a.field.type.name]
        has_fields = _has_arg(forward, "fields")
        if b is None:
            unique = has_fields and set(_list_arg(forward, "fields")) in [set(c) for c in _unique_criteria(referencing)]
            ignore = "@ignore" if any(x.name == "ignore" for x in referencing.attributes) else ""
            name = camel_case(referencing.name) if unique else plural(camel_case(referencing.name))
            arity = "?" if unique else "[]"
            fields_bits.append(_Bit(referenced.file, _end(referenced), f"{name} {referencing.name}{arity} {ignore}\n"))
        if has_fields and _has_arg(forward, "references"):
            continue
        scalars = schema.inferred_scalars(referencing, referenced, forward)
        if not has_fields:
            fields_bits.extend(_scalar_bits(schema, referencing, scalars))
        fields_arg = f"fields: [{', '.join(n for n, _, _ in scalars)}]"
        refs_arg = f"references: [{', '.join(ref.name for _, _, ref in scalars)}]"
        rel = _attr(forward, "relation")
        if rel is None:
            pos = forward.base + forward.type.end_with_modifiers
            attr_bits.append(_Bit(referencing.file, pos, f" @relation({fields_arg}, {refs_arg})"))
            continue
        extra = ([] if has_fields else [fields_arg]) + ([] if _has_arg(forward, "references") else [refs_arg])
        if not rel.args:
            if rel.has_parens:
                skipped.append(a)  # `@relation()`: Prisma writes `@relation()(...)`, which breaks the line
            arg_bits.append(_Bit(referencing.file, forward.base + rel.end, "(" + ", ".join(extra) + ")"))
        else:
            arg_bits.append(_Bit(referencing.file, forward.base + rel.end - 1, ", " + ", ".join(extra)))
    return fields_bits + attr_bits + arg_bits, skipped


def _scalar_bits(schema: _Schema, model: Block, scalars: list[tuple[str, str, FieldDecl]]) -> list[_Bit]:
    out = []
    for name, arity, ref in scalars:
        if schema.field(model, name) is not None:
            continue
        if ref.type.name not in _SCALARS or ref.type.list:
            break  # Prisma stops at the first non-builtin type
        out.append(_Bit(model.file, _end(model), f"{name} {ref.type.name}{arity} {schema.native(ref)}\n"))
    return out


def loader_diagnostics(files: dict[str, str]) -> tuple[Diagnostic, ...]:
    """The loader's diagnostics for the input as written: what ``format`` reports, and the gate of
    this step (Prisma completes relations only when its parser database has no error)."""
    from workbench.loaders.prisma.loader import load_prisma_pending

    if len(files) == 1:
        ((path, text),) = files.items()
        return load_prisma_pending(text=text, name=path).diagnostics
    return load_prisma_pending(list(files)).diagnostics if all(_exists(p) for p in files) else ()


def add_missing_bits(
    files: dict[str, str], diagnostics: tuple[Diagnostic, ...] | None = None
) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """The texts with Prisma's missing relation pieces inserted, and the loader's diagnostics
    (``diagnostics``: already computed by :func:`loader_diagnostics`, else computed here)."""
    if diagnostics is None:
        diagnostics = loader_diagnostics(files)
    errors = [d for d in diagnostics if d.is_error]
    if any(not d.code.startswith(_VALIDATION_ONLY) for d in errors):
        return dict(files), diagnostics
    schema = _Schema(files)
    if schema.names & _RESERVED:
        return dict(files), diagnostics
    bits, skipped = _compute(schema)
    notes = [
        warning(
            codes.EMPTY_RELATION_ATTRIBUTE_REFORMATTED,
            f"format: completing the relation field `{r.field.name}` on model `{r.model.name}` makes its line "
            "invalid (`@relation()` becomes `@relation()(fields: ...)`, exactly as `prisma format` does)",
            SourceFile(r.model.file, files[r.model.file]).span(
                r.field.base + r.field.line.start, r.field.base + r.field.line.end
            ),
        )
        for r in skipped
    ]
    out = {}
    for path, text in files.items():
        mine = sorted((b for b in bits if b.file == path), key=lambda b: b.position)
        if not mine:
            out[path] = text
            continue
        parts, last = [], 0
        for b in mine:
            parts.append(text[last : b.position])
            parts.append(b.content)
            last = b.position
        parts.append(text[last:])
        out[path] = "".join(parts)
    return out, (*diagnostics, *notes)


def _exists(path: str) -> bool:
    import os

    return os.path.isfile(path)


# -- the common case, from the formatter's own parse -------------------------------------------------


def _string_value(printed: str | None) -> str | None:
    """The value of a re-printed string literal; None when it is not one, or holds an escape
    (escapes are rare in relation names: the caller then takes the exact path)."""
    if printed is None or len(printed) < 2 or printed[0] != '"' or "\\" in printed:
        return None
    return printed[1:-1]


def _relation_facts(field: Field) -> tuple[str, bool, bool] | None:
    """(relation name, has ``fields``, has ``references``) as :func:`_relation_name` and
    :func:`_has_arg` read them; None when unsure (a name that is not a plain string)."""
    for a in field.attributes:
        if a.path != "relation":
            continue
        args = attribute_arguments(a)
        if args is None:
            return None
        named = next((v for k, v in args if k == "name"), None) if args else None
        first = next((v for k, v in args if k is None), None) if args else None
        name = ""
        for value in (named, first):
            if value is not None and value[:1] == '"':
                got = _string_value(value)
                if got is None:
                    return None
                name = got
                break
        fields = any(k == "fields" and v is not None for k, v in args)
        references = any(k == "references" and v is not None for k, v in args)
        return name, fields, references
    return "", False, False


def relations_complete(parsed: list[list[TopItem]]) -> bool:
    """True when :func:`add_missing_bits` would insert nothing, read from the formatter's parse.

    Most schemas have every relation whole, so ``format`` need not build the relation step's own
    view of the schema (a second parse). Conservative: anything this reading is not sure about
    (a line Prisma's grammar does not parse, duplicate model names, escapes in a relation name)
    answers False, and the caller runs the exact step. Otherwise it follows :func:`_pair` and
    :func:`_compute`: a relation field without an opposite, a forward field without ``fields``
    and ``references``, or a one-to-one relation with ``fields`` on neither side means bits.
    """
    models: dict[str, list[Field]] = {}
    for items in parsed:
        for item in items:
            if isinstance(item, Raw):
                return False
            if not isinstance(item, FormatBlock):
                continue
            fields = []
            for x in item.items:
                if type(x) is Field:
                    fields.append(x)
                elif type(x) is Raw:
                    return False
            if item.keyword in ("model", "view"):
                if item.name in models:
                    return False
                models[item.name] = fields
    if "Unsupported" in models:  # the loader names an `Unsupported("...")` type "Unsupported"
        return False
    facts: dict[int, tuple[str, bool, bool] | None] = {}

    def read(f: Field) -> tuple[str, bool, bool] | None:
        key = id(f)
        if key not in facts:
            facts[key] = _relation_facts(f)
        return facts[key]

    for model, fields in models.items():
        for i, f in enumerate(fields):
            target = models.get(f.type_name or "")
            if target is None:
                continue
            mine = read(f)
            if mine is None:
                return False
            g = None
            for k, x in enumerate(target):
                if (target is fields and k == i) or x.type_name != model:
                    continue
                theirs = read(x)
                if theirs is None:
                    return False
                if theirs[0] == mine[0]:
                    g = (x, theirs)
                    break
            if g is None:
                return False  # a missing opposite field: Prisma adds it
            f_list, g_list = f.arity.startswith("[]"), g[0].arity.startswith("[]")
            if f_list:
                continue  # many-to-many, or the back side of a one-to-many
            if g_list or mine[1]:
                if not (mine[1] and mine[2]):
                    return False  # the forward field lacks `fields` or `references`
            elif not g[1][1]:
                return False  # one-to-one without `fields` on either side
    return True

"""Types: Decimal for money, lengths for short codes, relations rather than ids in Json, lookup
tables rather than huge enums."""

from __future__ import annotations

import re

from workbench.ir import Model, ScalarField, ScalarType
from workbench.lint.context import LintContext, add_attribute, models_in_order, with_type
from workbench.lint.rules.naming import words

MONEY = {"price", "amount", "balance", "cost", "total", "subtotal", "fee", "salary", "tax", "discount", "revenue"}
MONEY_PHRASES = ("unitprice", "totalprice")
# short codes and their usual maximum length
SHORT = {
    "currency": 3,
    "currencycode": 3,
    "countrycode": 2,
    "languagecode": 2,
    "locale": 35,
    "sku": 64,
    "code": 32,
    "zip": 16,
    "zipcode": 16,
    "postalcode": 16,
    "postcode": 16,
    "isbn": 17,
    "isocode": 3,
    "iban": 34,
    "phone": 32,
}
VARCHAR_PROVIDERS = {"postgresql", "cockroachdb", "mysql", "sqlserver"}
MAX_ENUM_VALUES = 15


def check(ctx: LintContext) -> None:
    model_names = {m.name.lower() for m in ctx.schema.models}
    varchar = ctx.schema.provider in VARCHAR_PROVIDERS
    lengths: dict[str, int] = {}  # field name -> its SHORT length, 0 for none (read once per name)
    view = ctx.view
    string, float_, json = ScalarType.STRING, ScalarType.FLOAT, ScalarType.JSON
    for m in models_in_order(ctx.schema):
        for f in view(m).scalars:
            t = f.type
            if t is string:  # the usual case first; the branches are exclusive by type
                if varchar and not f.ignored and f.native_type is None and not f.list:
                    length = lengths.get(f.name)
                    if length is None:
                        length = lengths[f.name] = SHORT.get(f.name.lower().replace("_", ""), 0)
                    if length:
                        _short(ctx, m, f, length)
            elif f.ignored:
                continue
            elif t is float_ and _is_money(f.name):
                _money(ctx, m, f)
            elif t is json and _looks_relational(f.name, model_names):
                ctx.report(
                    "WB503",
                    f"`{m.name}.{f.name}` stores references in Json",
                    f.origin,
                    model=m,
                    field_name=f.name,
                    help="model the references as a relation (a list field to the target model, "
                    "or an explicit join model) instead of ids in Json",
                )
    for e in ctx.schema.enums:
        if len(e.values) > MAX_ENUM_VALUES:
            ctx.report(
                "WB504",
                f"enum `{e.name}` has {len(e.values)} values",
                e.origin,
                help=f"consider a lookup table: `model {e.name} {{ id String @id  label String }}` "
                "and a relation instead of the enum",
            )


def _is_money(name: str) -> bool:
    w = words(name)
    return w[-1] in MONEY or name.lower() in MONEY_PHRASES


def _money(ctx: LintContext, m: Model, f: ScalarField) -> None:
    code = ctx.field_code(m, f.name)
    line = with_type(code, "Decimal")
    if ctx.schema.provider in VARCHAR_PROVIDERS:
        line = add_attribute(line, "@db.Decimal(12, 2)")
    ctx.report(
        "WB501",
        f"money-like field `{m.name}.{f.name}` is a Float",
        f.origin,
        model=m,
        field_name=f.name,
        help=f"change the line to `{line}`",
        fix=ctx.line_fix("store money as Decimal", f.origin, line),
    )


def _short(ctx: LintContext, m: Model, f: ScalarField, length: int) -> None:
    line = add_attribute(ctx.field_code(m, f.name), f"@db.VarChar({length})")
    ctx.report(
        "WB502",
        f"short code `{m.name}.{f.name}` is an unbounded String",
        f.origin,
        model=m,
        field_name=f.name,
        help=f"change the line to `{line}`",
        fix=ctx.line_fix("bound the code's length", f.origin, line),
    )


def _looks_relational(name: str, model_names: set[str]) -> bool:
    if re.search(r"(Ids|_ids|IDs)$", name):
        return True
    w = words(name)
    last = w[-1]
    singular = last[:-3] + "y" if last.endswith("ies") else last[:-1] if last.endswith("s") else None
    return singular is not None and singular in model_names

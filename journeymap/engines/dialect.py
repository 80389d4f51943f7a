"""DuckDB SQL as Spark SQL: the one place where the two engines differ.

The mining queries are written once, in DuckDB's dialect, in the `.sql` files beside the code.
For Spark they are translated statement by statement with SQLGlot, plus the rewrites below for
what SQLGlot does not translate with the same meaning:

- `list[i]` with a computed index: SQLGlot shifts literal indexes to Spark's 0-based `[]` but
  leaves `codes[events]` as it is; every index becomes `try_element_at(list, i)`, which is
  1-based and NULL when out of range, as DuckDB's (the index cast to INT, and 0, an error in
  Spark, made NULL).
- `ARRAY_AGG(x ORDER BY k)`: SQLGlot drops the ORDER BY (Spark's collect_list has none); it
  becomes the values of `sort_array(collect_list(named_struct(k IS NULL, k, x)))`: DuckDB's
  NULLS LAST, and Spark's natural ordering (`array_sort` with no function compares through an
  interpreted lambda: 3x slower on the journeys query).
- `percentile_cont(f) WITHIN GROUP (ORDER BY x)`: SQLGlot writes the approximate
  `percentile_approx`. It becomes the exact value computed from the group's sorted values
  (`sort_array(collect_list(x))`) with DuckDB's interpolation, position (n - 1) * f in double
  precision: lo + (hi - lo) * (position - floor(position)). Spark's own exact `percentile` (and
  `percentile_cont`, the same aggregate) counts values in a hash map of boxed keys, merged
  through a serialised map per partial aggregate: it made the DFG and variants queries an order
  of magnitude slower and most of the JVM's memory (see docs/scale.md).
- `ROW_NUMBER() OVER ()`, an arbitrary unique key: Spark refuses an unordered row number; it
  becomes `monotonically_increasing_id() + 1` (unique, not dense, so BIGINT). Other row numbers
  are cast to BIGINT, DuckDB's type (Spark's is INT).
- the functions of mining/dialect.sql: their Spark bodies (mining/dialect_spark.sql) are inlined
  where a query calls them.

Each statement is also classified (`Statement.kind`), because Spark's temp views stand in for
DuckDB's temp tables: `journeymap.engines.spark.SparkConnection` materialises a "table", turns
DELETE into a filtered copy, and INSERT VALUES into rows appended to a view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import sqlglot
from sqlglot import exp

from journeymap.errors import JourneymapError
from journeymap.sql import named_queries

SOURCE = "duckdb"
TARGET = "spark"
# Spark's DDL names for the types whose SQLGlot spelling Spark's schema parser refuses.
SCHEMA_TYPES = {"INTERVAL": "INTERVAL DAY TO SECOND"}
_MACRO = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMP\s+MACRO\s+(\w+)\s*\(([^)]*)\)\s+AS\s+(.+)",
                    flags=re.DOTALL | re.IGNORECASE)


class DialectError(JourneymapError):
    """A statement that has no Spark translation (named, so the query can be fixed)."""


@dataclass(frozen=True)
class Statement:
    """One statement, ready for Spark.

    kind: 'query' (sql is a SELECT), 'create_as' (a table or view named `name` from the SELECT
    in sql; `materialise` for tables), 'create_columns' (an empty table with the Spark schema in
    sql), 'insert_values' / 'insert_query' (rows into `name`; sql is the SELECT for the latter),
    'delete' (sql selects the rows of `name` that stay), 'drop', 'macro' (a dialect.sql
    function, `name`), 'transaction' (BEGIN, COMMIT, ROLLBACK: no-ops on Spark).
    """

    kind: str
    sql: str = ""
    name: str | None = None
    materialise: bool = False


@dataclass(frozen=True)
class Macro:
    """A Spark body of a dialect.sql function: argument names and one expression."""

    name: str
    arguments: tuple[str, ...]
    body: exp.Expression


@cache
def spark_macros() -> dict[str, Macro]:
    """The Spark versions of mining/dialect.sql's functions, by name."""
    macros = {}
    for name, sql in named_queries("mining", "dialect_spark.sql").items():
        text = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
        match = _MACRO.fullmatch(text.strip())
        if match is None or match.group(1) != name:
            raise DialectError(f"not a macro named {name!r}", file="mining/dialect_spark.sql")
        arguments = tuple(a.strip() for a in match.group(2).split(",") if a.strip())
        macros[name] = Macro(name, arguments, sqlglot.parse_one(match.group(3), read=TARGET))
    return macros


def _portable(node: exp.Expression) -> exp.Expression:
    """A copy of `node` with the rewrites applied (a rewritten node's parts are not revisited by
    SQLGlot's transform, so each rewrite translates the parts it keeps)."""
    return node.transform(_rewrite)


def _index(node: exp.Bracket) -> exp.Expression:
    """DuckDB's 1-based index as written (SQLGlot stores a literal index 0-based already)."""
    if len(node.expressions) != 1 or isinstance(node.expressions[0], exp.Slice):
        raise DialectError(f"only single list indexes translate: {node.sql(SOURCE)}")
    index = node.expressions[0]
    if isinstance(index, exp.Literal) and not index.is_string:
        return exp.Literal.number(int(index.this) + 1)
    # Spark indexes are INT, and index 0 is an error there where DuckDB gives NULL.
    return exp.Cast(this=exp.func("NULLIF", _portable(index), exp.Literal.number(0)),
                    to=exp.DataType.build("INT"))


def _ordered_keys(order: exp.Order, what: str) -> list[exp.Expression]:
    keys = []
    for ordered in order.expressions:
        if ordered.args.get("desc"):
            raise DialectError(f"only ascending order translates in {what}: {order.sql(SOURCE)}")
        keys.append(_portable(ordered.this))
    return keys


def _ordered_list(node: exp.ArrayAgg) -> exp.Expression:
    """ARRAY_AGG(x ORDER BY k1, k2) -> the x of sort_array(collect_list(struct(k1 IS NULL, k1,
    k2 IS NULL, k2, x))): keys ascending with NULLs last, as DuckDB's default."""
    order = node.this
    fields: list[exp.Expression] = []
    for position, key in enumerate(_ordered_keys(order, "ARRAY_AGG"), start=1):
        fields += [exp.Literal.string(f"n{position}"),
                   exp.Is(this=key.copy(), expression=exp.Null()),
                   exp.Literal.string(f"k{position}"), key]
    fields += [exp.Literal.string("v"), _portable(order.this)]
    entries = exp.Anonymous(this="SORT_ARRAY", expressions=[exp.Anonymous(
        this="COLLECT_LIST", expressions=[exp.Anonymous(this="NAMED_STRUCT",
                                                        expressions=fields)])])
    value = sqlglot.parse_one("transform(entries_, entry_ -> entry_.v)", read=TARGET)
    value.set("this", entries)
    return value


# The exact percentile of the non-empty sorted values s_ at the fraction f_, as DuckDB
# interpolates it (p_: the 0-based position). An empty group is NULL (a list of fractions too).
# Lambdas bind s_ and p_ once: Spark SQL has no LET, and a lambda over a one-element array
# evaluates its argument once.
_PERCENTILE = """
element_at(transform(array(CAST(size(s_) - 1 AS DOUBLE) * CAST(f_ AS DOUBLE)), p_ ->
    try_element_at(s_, CAST(floor(p_) AS INT) + 1)
    + (try_element_at(s_, CAST(ceil(p_) AS INT) + 1)
       - try_element_at(s_, CAST(floor(p_) AS INT) + 1)) * (p_ - floor(p_))), 1)"""
_SORTED = """element_at(transform(array(sort_array(collect_list(x_))),
                                s_ -> CASE WHEN size(s_) = 0 THEN NULL ELSE value_ END), 1)"""
_EACH_FRACTION = "transform(fractions_, f_ -> value_)"


def _template(sql: str, **parts: exp.Expression) -> exp.Expression:
    """A Spark SQL expression with the placeholder columns `<name>_` replaced by `parts`."""
    def fill(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name.endswith("_") \
                and node.name[:-1] in parts:
            return parts[node.name[:-1]].copy()
        return node

    return sqlglot.parse_one(sql, read=TARGET).transform(fill)


def _percentile(node: exp.WithinGroup) -> exp.Expression:
    """percentile_cont(f) WITHIN GROUP (ORDER BY x) -> DuckDB's exact percentile of the sorted
    values of x (f a fraction or an array of fractions; NULLs ignored, as collect_list does)."""
    if not isinstance(node.this, exp.PercentileCont):
        raise DialectError(f"only percentile_cont WITHIN GROUP translates: {node.sql(SOURCE)}")
    keys = _ordered_keys(node.expression, "WITHIN GROUP")
    if len(keys) != 1:
        raise DialectError(f"a percentile orders by one value: {node.sql(SOURCE)}")
    fractions = node.this.this
    if isinstance(fractions, exp.Array):
        array = exp.Anonymous(this="ARRAY", expressions=fractions.expressions)
        value = _template(_EACH_FRACTION, fractions=array, value=_template(_PERCENTILE))
    else:
        value = _template(_PERCENTILE, f=_portable(fractions))
    return _template(_SORTED, x=keys[0], value=value)


def _unordered_row_number(node: exp.Expression) -> bool:
    return (isinstance(node, exp.Window) and isinstance(node.this, exp.RowNumber)
            and not node.args.get("partition_by") and not node.args.get("order")
            and not node.args.get("alias"))  # `OVER w`: a named window, ordered elsewhere


def _surrogate_key() -> exp.Expression:
    return sqlglot.parse_one("monotonically_increasing_id() + 1", read=TARGET)


def _rewrite(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Bracket):
        return exp.Anonymous(this="TRY_ELEMENT_AT",
                             expressions=[_portable(node.this), _index(node)])
    if isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order):
        return _ordered_list(node)
    if isinstance(node, exp.WithinGroup):
        return _percentile(node)
    if isinstance(node, exp.Cast) and _unordered_row_number(node.this):
        return exp.Cast(this=_surrogate_key(), to=exp.DataType.build("BIGINT"))
    if _unordered_row_number(node):
        return _surrogate_key()
    if isinstance(node, exp.Window) and isinstance(node.this, exp.RowNumber) \
            and not isinstance(node.parent, exp.Cast):
        return exp.Cast(this=node.copy(), to=exp.DataType.build("BIGINT"))  # DuckDB's type
    if isinstance(node, exp.PercentileCont | exp.PercentileDisc):
        raise DialectError(f"a percentile needs WITHIN GROUP (ORDER BY ...): {node.sql(SOURCE)}")
    return node


def _inline_macros(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Anonymous):
        return node
    macro = spark_macros().get(str(node.this).lower())
    if macro is None:
        return node
    if len(node.expressions) != len(macro.arguments):
        raise DialectError(f"{macro.name} takes {len(macro.arguments)} arguments: "
                           f"{node.sql(SOURCE)}")
    given = dict(zip(macro.arguments, node.expressions, strict=True))

    def substitute(part: exp.Expression) -> exp.Expression:
        if isinstance(part, exp.Column) and not part.table and part.name in given:
            return exp.Paren(this=given[part.name].transform(_inline_macros))
        return part

    return exp.Paren(this=macro.body.copy().transform(substitute))


def to_spark_expression(tree: exp.Expression) -> str:
    """A parsed DuckDB expression or query as Spark SQL text."""
    tree = tree.copy().transform(_rewrite).transform(_inline_macros)
    return tree.sql(TARGET, unsupported_level=sqlglot.ErrorLevel.RAISE)


def _table_name(node: exp.Expression) -> str:
    table = node.this if isinstance(node, exp.Schema) else node
    if not isinstance(table, exp.Table):
        raise DialectError(f"expected a table name: {node.sql(SOURCE)}")
    return table.name


def _schema(node: exp.Schema) -> str:
    """The column definitions of CREATE TABLE as a Spark schema string (constraints dropped)."""
    columns = []
    for column in node.expressions:
        kind = column.args["kind"].sql(TARGET)
        columns.append(f"`{column.name}` {SCHEMA_TYPES.get(kind, kind)}")
    return ", ".join(columns)


def _statement(tree: exp.Expression) -> Statement:
    if isinstance(tree, exp.Transaction | exp.Commit | exp.Rollback):
        return Statement("transaction")
    if isinstance(tree, exp.Create):
        kind = str(tree.args.get("kind") or "").upper()
        if kind == "MACRO":
            function = tree.this
            return Statement("macro", name=function.this.name
                             if isinstance(function, exp.UserDefinedFunction) else function.name)
        name = _table_name(tree.this)
        if tree.expression is not None:
            return Statement("create_as", to_spark_expression(tree.expression), name,
                             materialise=kind == "TABLE")
        if isinstance(tree.this, exp.Schema):
            return Statement("create_columns", _schema(tree.this), name)
    if isinstance(tree, exp.Delete):
        name = _table_name(tree.this)
        where = tree.args.get("where")
        keep = exp.select("*").from_(name)
        if where is not None:
            keep = keep.where(exp.not_(exp.func("COALESCE", exp.Paren(this=where.this),
                                                 exp.false())))
        else:
            keep = keep.where(exp.false())
        return Statement("delete", to_spark_expression(keep), name)
    if isinstance(tree, exp.Insert):
        name = _table_name(tree.this)
        if isinstance(tree.expression, exp.Values):
            return Statement("insert_values", name=name)
        return Statement("insert_query", to_spark_expression(tree.expression), name)
    if isinstance(tree, exp.Drop):
        tables = tree.args.get("tables") or [tree.this]
        if len(tables) != 1:
            raise DialectError(f"drop one table at a time: {tree.sql(SOURCE)}")
        return Statement("drop", name=_table_name(tables[0]))
    if isinstance(tree, exp.Query):
        return Statement("query", to_spark_expression(tree))
    raise DialectError(f"no Spark translation for: {tree.sql(SOURCE)[:200]}")


def positional_name(index: int) -> str:
    """The Spark marker name of the index-th (0-based) `?` of a statement."""
    return f"p{index + 1}"


def _name_positional(tree: exp.Expression) -> exp.Expression:
    """`?` markers become `:p1`, `:p2` ... in the order written: inlined functions and other
    rewrites may move arguments around, and a name keeps each value with its marker."""
    for index, marker in enumerate(m for m in tree.find_all(exp.Placeholder, bfs=False)
                                   if not m.this):
        marker.set("this", positional_name(index))
    return tree


@cache
def to_spark(sql: str) -> tuple[Statement, ...]:
    """The statements of a DuckDB SQL string, translated for Spark (cached by text). Positional
    parameters are named `p1`, `p2` ... (see `positional_name`)."""
    try:
        trees = sqlglot.parse(sql, read=SOURCE)
    except sqlglot.errors.ParseError as exc:
        raise DialectError(f"cannot parse as DuckDB SQL: {exc}") from exc
    return tuple(_statement(_name_positional(tree)) for tree in trees if tree is not None)

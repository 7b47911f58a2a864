-- DuckDB's autoincrement pattern: a sequence per table, used by nextval() in the DEFAULT.
CREATE SEQUENCE "item_id_seq";
CREATE SEQUENCE "orphan_seq";

CREATE TABLE "item" (
    "id" INTEGER NOT NULL DEFAULT nextval('"item_id_seq"'),
    "name" VARCHAR NOT NULL,
    "labels" VARCHAR[] DEFAULT list_value('a', 'b'),
    "price" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "seen" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "item_pkey" PRIMARY KEY ("id")
);

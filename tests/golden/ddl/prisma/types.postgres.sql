-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "status_type" AS ENUM ('active', 'in-active');

-- CreateEnum
CREATE TYPE "Color" AS ENUM ('RED', 'GREEN');

-- CreateTable
CREATE TABLE "AllTypes" (
    "id" SERIAL NOT NULL,
    "s" TEXT NOT NULL DEFAULT 'it''s',
    "s2" TEXT NOT NULL DEFAULT 'back\slash "q"',
    "i" INTEGER NOT NULL DEFAULT -5,
    "bi" BIGINT NOT NULL DEFAULT 9007199254740993,
    "f" DOUBLE PRECISION NOT NULL DEFAULT 1.5,
    "f2" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "d" DECIMAL(65,30) NOT NULL DEFAULT 3.14,
    "d2" DECIMAL(65,30) NOT NULL DEFAULT 2.5,
    "b" BOOLEAN NOT NULL DEFAULT true,
    "dt" TIMESTAMP(3) NOT NULL DEFAULT '2020-01-02 03:04:05.678 +00:00',
    "j" JSONB NOT NULL DEFAULT '{"a": [1, "x"]}',
    "by" BYTEA NOT NULL DEFAULT '\x68656c6c6f',
    "st" "status_type" NOT NULL DEFAULT 'in-active',
    "stl" "status_type"[] DEFAULT ARRAY['active', 'in-active']::"status_type"[],
    "il" INTEGER[] DEFAULT ARRAY[1, 2]::INTEGER[],
    "sl" TEXT[] DEFAULT ARRAY['a', 'b''c']::TEXT[],
    "fl" DOUBLE PRECISION[],
    "bl" BOOLEAN[] DEFAULT ARRAY[true]::BOOLEAN[],
    "dbg" UUID NOT NULL DEFAULT gen_random_uuid(),
    "u" UUID NOT NULL,
    "c" TEXT NOT NULL,
    "n" TEXT NOT NULL,
    "ul" TEXT NOT NULL,
    "now" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "today" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "upd" TIMESTAMP(3) NOT NULL,
    "opt" TEXT,
    "mapped_col" INTEGER,
    "unsup" circle,
    "ign" INTEGER,
    "color" "Color",
    "jsl" JSONB[],
    "dtl" TIMESTAMP(3)[],

    CONSTRAINT "AllTypes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NativeTypes" (
    "id" BIGSERIAL NOT NULL,
    "a" TEXT NOT NULL,
    "b" VARCHAR(10) NOT NULL,
    "b2" VARCHAR NOT NULL,
    "c" CHAR(3) NOT NULL,
    "c2" CHAR NOT NULL,
    "d" UUID NOT NULL,
    "e" XML NOT NULL,
    "f" INET NOT NULL,
    "g" BIT(3) NOT NULL,
    "h" VARBIT(5) NOT NULL,
    "i" SMALLINT NOT NULL,
    "j" INTEGER NOT NULL,
    "k" OID NOT NULL,
    "l" BIGINT NOT NULL,
    "m" REAL NOT NULL,
    "n" DOUBLE PRECISION NOT NULL,
    "o" DECIMAL(10,2) NOT NULL,
    "o2" DECIMAL NOT NULL,
    "p" MONEY NOT NULL,
    "q" TIMESTAMP(6) NOT NULL,
    "q2" TIMESTAMP NOT NULL,
    "r" TIMESTAMPTZ NOT NULL,
    "s" DATE NOT NULL,
    "t" TIME(2) NOT NULL,
    "u" TIMETZ(3) NOT NULL,
    "v" JSON NOT NULL,
    "w" JSONB NOT NULL,
    "x" BYTEA NOT NULL,
    "y" BOOLEAN NOT NULL,
    "vl" VARCHAR(20)[],

    CONSTRAINT "NativeTypes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Small" (
    "id" SMALLSERIAL NOT NULL,

    CONSTRAINT "Small_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ign" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Ign_pkey" PRIMARY KEY ("id")
);

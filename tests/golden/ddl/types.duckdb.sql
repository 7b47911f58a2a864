-- CreateEnum
CREATE TYPE "status_type" AS ENUM ('active', 'in-active');

-- CreateEnum
CREATE TYPE "Color" AS ENUM ('RED', 'GREEN');

-- CreateSequence
CREATE SEQUENCE "AllTypes_id_seq";

-- CreateSequence
CREATE SEQUENCE "NativeTypes_id_seq";

-- CreateSequence
CREATE SEQUENCE "Small_id_seq";

-- CreateTable
CREATE TABLE "AllTypes" (
    "id" INTEGER NOT NULL DEFAULT nextval('"AllTypes_id_seq"'),
    "s" VARCHAR NOT NULL DEFAULT 'it''s',
    "s2" VARCHAR NOT NULL DEFAULT 'back\slash "q"',
    "i" INTEGER NOT NULL DEFAULT -5,
    "bi" BIGINT NOT NULL DEFAULT 9007199254740993,
    "f" DOUBLE NOT NULL DEFAULT 1.5,
    "f2" DOUBLE NOT NULL DEFAULT 2,
    "d" DECIMAL(38,10) NOT NULL DEFAULT 3.14,
    "d2" DECIMAL(38,10) NOT NULL DEFAULT 2.5,
    "b" BOOLEAN NOT NULL DEFAULT true,
    "dt" TIMESTAMP NOT NULL DEFAULT '2020-01-02 03:04:05.678',
    "j" JSON NOT NULL DEFAULT '{"a": [1, "x"]}',
    "by" BLOB NOT NULL DEFAULT '\x68\x65\x6c\x6c\x6f',
    "st" "status_type" NOT NULL DEFAULT 'in-active',
    "stl" "status_type"[] DEFAULT list_value('active', 'in-active'),
    "il" INTEGER[] DEFAULT list_value(1, 2),
    "sl" VARCHAR[] DEFAULT list_value('a', 'b''c'),
    "fl" DOUBLE[],
    "bl" BOOLEAN[] DEFAULT list_value(true),
    "dbg" UUID NOT NULL,
    "u" UUID NOT NULL,
    "c" VARCHAR NOT NULL,
    "n" VARCHAR NOT NULL,
    "ul" VARCHAR NOT NULL,
    "now" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "today" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "upd" TIMESTAMP NOT NULL,
    "opt" VARCHAR,
    "mapped_col" INTEGER,
    "unsup" VARCHAR,
    "ign" INTEGER,
    "color" "Color",
    "jsl" JSON[],
    "dtl" TIMESTAMP[],

    CONSTRAINT "AllTypes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NativeTypes" (
    "id" BIGINT NOT NULL DEFAULT nextval('"NativeTypes_id_seq"'),
    "a" VARCHAR NOT NULL,
    "b" VARCHAR NOT NULL,
    "b2" VARCHAR NOT NULL,
    "c" VARCHAR NOT NULL,
    "c2" VARCHAR NOT NULL,
    "d" UUID NOT NULL,
    "e" VARCHAR NOT NULL,
    "f" VARCHAR NOT NULL,
    "g" BIT NOT NULL,
    "h" BIT NOT NULL,
    "i" SMALLINT NOT NULL,
    "j" INTEGER NOT NULL,
    "k" UINTEGER NOT NULL,
    "l" BIGINT NOT NULL,
    "m" FLOAT NOT NULL,
    "n" DOUBLE NOT NULL,
    "o" DECIMAL(10,2) NOT NULL,
    "o2" DECIMAL(38,10) NOT NULL,
    "p" DECIMAL(19,2) NOT NULL,
    "q" TIMESTAMP NOT NULL,
    "q2" TIMESTAMP NOT NULL,
    "r" TIMESTAMP WITH TIME ZONE NOT NULL,
    "s" DATE NOT NULL,
    "t" TIME NOT NULL,
    "u" TIME WITH TIME ZONE NOT NULL,
    "v" JSON NOT NULL,
    "w" JSON NOT NULL,
    "x" BLOB NOT NULL,
    "y" BOOLEAN NOT NULL,
    "vl" VARCHAR[],

    CONSTRAINT "NativeTypes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Small" (
    "id" SMALLINT NOT NULL DEFAULT nextval('"Small_id_seq"'),

    CONSTRAINT "Small_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ign" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Ign_pkey" PRIMARY KEY ("id")
);

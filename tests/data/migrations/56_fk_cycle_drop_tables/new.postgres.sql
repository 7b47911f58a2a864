-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Note" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

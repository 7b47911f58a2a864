-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Doc" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "tags" TEXT[],
    "meta" JSONB NOT NULL,

    CONSTRAINT "Doc_pkey" PRIMARY KEY ("id")
);

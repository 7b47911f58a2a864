-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Invoice" (
    "id" SERIAL NOT NULL,
    "total" DECIMAL(12,4) NOT NULL,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

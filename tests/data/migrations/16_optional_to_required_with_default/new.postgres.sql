-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "country" TEXT NOT NULL DEFAULT 'NZ',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

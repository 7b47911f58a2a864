-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Doc" (
    "id" INTEGER NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{"a":0,"b":"x:y"}',
    "note" TEXT NOT NULL DEFAULT 'at :0 and \: and 50% :name',
    "state" TEXT NOT NULL DEFAULT 'a:b',

    CONSTRAINT "Doc_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Log" (
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "msg" TEXT NOT NULL,
    "level" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "Doc_state_idx" ON "Doc"("state") WHERE (state <> 'x:y');

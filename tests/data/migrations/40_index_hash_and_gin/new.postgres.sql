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

-- CreateIndex
CREATE INDEX "Doc_code_idx" ON "Doc" USING HASH ("code");

-- CreateIndex
CREATE INDEX "Doc_tags_idx" ON "Doc" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "Doc_meta_idx" ON "Doc" USING GIN ("meta" jsonb_path_ops);

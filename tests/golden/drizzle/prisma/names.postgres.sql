-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Text" (
    "id" TEXT NOT NULL,
    "body" BYTEA,
    "shape" circle,
    "whenId" INTEGER,

    CONSTRAINT "Text_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Date" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "Date_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "T" (
    "id" INTEGER NOT NULL,
    "parentId" INTEGER,

    CONSTRAINT "T_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "One" (
    "id" INTEGER NOT NULL,
    "textId" TEXT NOT NULL,
    "many" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "One_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bytea" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Bytea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Circle" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Circle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_DateToT" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_DateToT_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "T_parentId_idx" ON "T"("parentId");

-- CreateIndex
CREATE INDEX "_DateToT_B_index" ON "_DateToT"("B");

-- AddForeignKey
ALTER TABLE "Text" ADD CONSTRAINT "Text_whenId_fkey" FOREIGN KEY ("whenId") REFERENCES "Date"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "T" ADD CONSTRAINT "T_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "T"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "One" ADD CONSTRAINT "One_textId_fkey" FOREIGN KEY ("textId") REFERENCES "Text"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_DateToT" ADD CONSTRAINT "_DateToT_A_fkey" FOREIGN KEY ("A") REFERENCES "Date"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_DateToT" ADD CONSTRAINT "_DateToT_B_fkey" FOREIGN KEY ("B") REFERENCES "T"("id") ON DELETE CASCADE ON UPDATE CASCADE;

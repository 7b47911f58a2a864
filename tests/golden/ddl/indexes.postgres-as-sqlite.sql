-- CreateTable
CREATE TABLE "Idx" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "a" TEXT NOT NULL,
    "b" TEXT NOT NULL,
    "c" INTEGER NOT NULL,
    "j" JSONB NOT NULL,
    "arr" TEXT,
    "r" int4range,
    "pt" point,
    "ts" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "someVeryLongColumnNameNumberOneWithMoreChars" TEXT NOT NULL,
    "anotherVeryLongColumnNameNumberTwo" TEXT NOT NULL,
    "x" INTEGER NOT NULL,
    CONSTRAINT "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes_x_fkey" FOREIGN KEY ("x") REFERENCES "Other" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Other" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateTable
CREATE TABLE "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXX" (
    "id" TEXT NOT NULL PRIMARY KEY
);

-- CreateTable
CREATE TABLE "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXXToOther" (
    "A" TEXT NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXXToOther_A_fkey" FOREIGN KEY ("A") REFERENCES "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXX" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXXToOther_B_fkey" FOREIGN KEY ("B") REFERENCES "Other" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Idx_a_b_idx" ON "Idx"("a" DESC, "b" ASC);

-- CreateIndex
CREATE INDEX "a_hash" ON "Idx"("a");

-- CreateIndex
CREATE INDEX "Idx_j_idx" ON "Idx"("j");

-- CreateIndex
CREATE INDEX "Idx_arr_idx" ON "Idx"("arr");

-- CreateIndex
CREATE INDEX "Idx_ts_idx" ON "Idx"("ts");

-- CreateIndex
CREATE INDEX "brin_ops" ON "Idx"("c");

-- CreateIndex
CREATE INDEX "Idx_b_idx" ON "Idx"("b");

-- CreateIndex
CREATE INDEX "idx_c_mapped" ON "Idx"("c");

-- CreateIndex
CREATE INDEX "b_pattern" ON "Idx"("b");

-- CreateIndex
CREATE UNIQUE INDEX "ab_uq" ON "Idx"("a", "b");

-- CreateIndex
CREATE UNIQUE INDEX "Idx_a_c_key" ON "Idx"("a", "c");

-- CreateIndex
CREATE UNIQUE INDEX "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes_someVeryLongColumnNameNumberOneWithMoreChars_key" ON "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes"("someVeryLongColumnNameNumberOneWithMoreChars");

-- CreateIndex
CREATE INDEX "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes_someVeryLongColumnNameNumberOneWithMoreChars_anotherVeryLongColumnNameNumberTwo_idx" ON "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes"("someVeryLongColumnNameNumberOneWithMoreChars", "anotherVeryLongColumnNameNumberTwo");

-- CreateIndex
CREATE UNIQUE INDEX "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXXToOther_AB_unique" ON "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXXToOther"("A", "B");

-- CreateIndex
CREATE INDEX "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXXToOther_B_index" ON "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXXToOther"("B");

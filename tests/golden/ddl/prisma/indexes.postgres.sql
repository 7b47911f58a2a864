-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Idx" (
    "id" SERIAL NOT NULL,
    "a" TEXT NOT NULL,
    "b" TEXT NOT NULL,
    "c" INTEGER NOT NULL,
    "j" JSONB NOT NULL,
    "arr" INTEGER[],
    "r" int4range,
    "pt" point,
    "ts" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "custom_pk" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes" (
    "id" INTEGER NOT NULL,
    "someVeryLongColumnNameNumberOneWithMoreChars" TEXT NOT NULL,
    "anotherVeryLongColumnNameNumberTwo" TEXT NOT NULL,
    "x" INTEGER NOT NULL,

    CONSTRAINT "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTh_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Other" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Other_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXX" (
    "id" TEXT NOT NULL,

    CONSTRAINT "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXX_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXX" (
    "A" TEXT NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXX_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "Idx_a_b_idx" ON "Idx"("a" DESC, "b" ASC);

-- CreateIndex
CREATE INDEX "a_hash" ON "Idx" USING HASH ("a");

-- CreateIndex
CREATE INDEX "Idx_j_idx" ON "Idx" USING GIN ("j" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "Idx_arr_idx" ON "Idx" USING GIN ("arr");

-- CreateIndex
CREATE INDEX "Idx_ts_idx" ON "Idx" USING BRIN ("ts");

-- CreateIndex
CREATE INDEX "brin_ops" ON "Idx" USING BRIN ("c" int4_minmax_ops);

-- CreateIndex
CREATE INDEX "Idx_b_idx" ON "Idx" USING SPGIST ("b");

-- CreateIndex
CREATE INDEX "idx_c_mapped" ON "Idx"("c");

-- CreateIndex
CREATE INDEX "b_pattern" ON "Idx"("b" text_pattern_ops);

-- CreateIndex
CREATE UNIQUE INDEX "ab_uq" ON "Idx"("a", "b");

-- CreateIndex
CREATE UNIQUE INDEX "Idx_a_c_key" ON "Idx"("a", "c");

-- CreateIndex
CREATE UNIQUE INDEX "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTha_key" ON "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes"("someVeryLongColumnNameNumberOneWithMoreChars");

-- CreateIndex
CREATE INDEX "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTha_idx" ON "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes"("someVeryLongColumnNameNumberOneWithMoreChars", "anotherVeryLongColumnNameNumberTwo");

-- CreateIndex
CREATE INDEX "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXX_B_index" ON "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXX"("B");

-- AddForeignKey
ALTER TABLE "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes" ADD CONSTRAINT "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTh_fkey" FOREIGN KEY ("x") REFERENCES "Other"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXX" ADD CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXX_A_fkey" FOREIGN KEY ("A") REFERENCES "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXX"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXX" ADD CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXX_B_fkey" FOREIGN KEY ("B") REFERENCES "Other"("id") ON DELETE CASCADE ON UPDATE CASCADE;

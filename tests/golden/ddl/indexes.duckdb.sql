-- CreateSequence
CREATE SEQUENCE "Idx_id_seq";

-- CreateTable
CREATE TABLE "Idx" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Idx_id_seq"'),
    "a" VARCHAR NOT NULL,
    "b" VARCHAR NOT NULL,
    "c" INTEGER NOT NULL,
    "j" JSON NOT NULL,
    "arr" INTEGER[],
    "r" VARCHAR,
    "pt" VARCHAR,
    "ts" TIMESTAMP NOT NULL,

    CONSTRAINT "custom_pk" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Other" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Other_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes" (
    "id" INTEGER NOT NULL,
    "someVeryLongColumnNameNumberOneWithMoreChars" VARCHAR NOT NULL,
    "anotherVeryLongColumnNameNumberTwo" VARCHAR NOT NULL,
    "x" INTEGER NOT NULL,

    CONSTRAINT "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTh_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTh_fkey" FOREIGN KEY ("x") REFERENCES "Other"("id")
);

-- CreateTable
CREATE TABLE "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXX" (
    "id" VARCHAR NOT NULL,

    CONSTRAINT "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXX_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXX" (
    "A" VARCHAR NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXX_AB_pkey" PRIMARY KEY ("A", "B"),
    CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXX_A_fkey" FOREIGN KEY ("A") REFERENCES "ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXXXXXXX"("id"),
    CONSTRAINT "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXX_B_fkey" FOREIGN KEY ("B") REFERENCES "Other"("id")
);

-- CreateIndex
CREATE INDEX "Idx_a_b_idx" ON "Idx"("a", "b");

-- CreateIndex
CREATE INDEX "a_hash" ON "Idx"("a");

-- CreateIndex
CREATE INDEX "Idx_j_idx" ON "Idx"("j");

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
CREATE UNIQUE INDEX "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTha_key" ON "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes"("someVeryLongColumnNameNumberOneWithMoreChars");

-- CreateIndex
CREATE INDEX "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreTha_idx" ON "AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverMoreThan63Bytes"("someVeryLongColumnNameNumberOneWithMoreChars", "anotherVeryLongColumnNameNumberTwo");

-- CreateIndex
CREATE INDEX "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXX_B_index" ON "_ManyWithAVeryLongNameThatExceedsLimitsForSureXXXXXXXXXXXXXXXXX"("B");

-- AlterTable
ALTER TABLE "A" RENAME CONSTRAINT "A_pkey" TO "A_primary";

-- CreateIndex
CREATE INDEX "A_j_idx" ON "A" USING GIN ("j" jsonb_path_ops);

-- CreateIndex
CREATE UNIQUE INDEX "A_y_key" ON "A"("y" DESC);

-- RenameIndex
ALTER INDEX "A_x_idx" RENAME TO "x_index";

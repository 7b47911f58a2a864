-- DropIndex
DROP INDEX "Order_placedAt_idx";

-- AlterTable
ALTER TABLE "Order" DROP COLUMN "note",
ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'web',
ALTER COLUMN "ref" SET DATA TYPE VARCHAR(40),
ALTER COLUMN "total" SET DEFAULT 0,
ALTER COLUMN "total" SET DATA TYPE BIGINT;

-- CreateIndex
CREATE UNIQUE INDEX "Order_ref_key" ON "Order"("ref");

-- CreateIndex
CREATE INDEX "Order_placedAt_idx" ON "Order"("placedAt" DESC);

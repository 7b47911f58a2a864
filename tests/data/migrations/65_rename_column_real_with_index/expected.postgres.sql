-- DropIndex
DROP INDEX "Post_title_idx";

-- AlterTable
ALTER TABLE "Post" DROP COLUMN "title",
ADD COLUMN     "headline" TEXT NOT NULL;

-- CreateIndex
CREATE INDEX "Post_headline_idx" ON "Post"("headline");

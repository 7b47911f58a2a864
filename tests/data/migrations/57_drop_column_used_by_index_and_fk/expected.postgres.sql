-- DropForeignKey
ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";

-- DropIndex
DROP INDEX "Post_authorId_title_idx";

-- AlterTable
ALTER TABLE "Post" DROP COLUMN "authorId";

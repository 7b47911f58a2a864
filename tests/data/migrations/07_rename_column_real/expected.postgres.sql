-- AlterTable
ALTER TABLE "Post" DROP COLUMN "title",
ADD COLUMN     "headline" VARCHAR(200) NOT NULL;

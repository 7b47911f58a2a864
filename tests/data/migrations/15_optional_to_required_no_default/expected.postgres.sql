-- AlterTable
ALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;

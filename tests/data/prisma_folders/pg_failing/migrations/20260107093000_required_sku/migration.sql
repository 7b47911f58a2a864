-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "sku" TEXT NOT NULL;

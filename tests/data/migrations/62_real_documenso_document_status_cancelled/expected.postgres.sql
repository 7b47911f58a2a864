-- AlterEnum
ALTER TYPE "DocumentStatus" ADD VALUE 'CANCELLED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "roles" "Role"[];

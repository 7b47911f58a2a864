-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('A', 'C');
ALTER TABLE "T" ALTER COLUMN "r" DROP DEFAULT;
ALTER TABLE "T" ALTER COLUMN "r" TYPE "Role_new" USING ("r"::text::"Role_new");
ALTER TABLE "T" ALTER COLUMN "rs" TYPE "Role_new"[] USING ("rs"::text::"Role_new"[]);
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
ALTER TABLE "T" ALTER COLUMN "r" SET DEFAULT 'C';
COMMIT;

-- AlterTable
ALTER TABLE "T" ALTER COLUMN "r" SET DEFAULT 'C';

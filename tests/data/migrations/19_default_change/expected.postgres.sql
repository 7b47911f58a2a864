-- AlterTable
ALTER TABLE "Task" ALTER COLUMN "priority" SET DEFAULT 5,
ALTER COLUMN "status" SET DEFAULT 'todo';

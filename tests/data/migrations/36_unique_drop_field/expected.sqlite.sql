-- DropIndex
DROP INDEX "Post_slug_key";

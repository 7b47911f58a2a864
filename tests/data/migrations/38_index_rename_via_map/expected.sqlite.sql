-- RedefineIndex
DROP INDEX "Post_authorId_idx";
CREATE INDEX "post_author_idx" ON "Post"("authorId");

-- RedefineIndex
DROP INDEX "Post_authorId_slug_key";
CREATE UNIQUE INDEX "post_author_slug_key" ON "Post"("authorId", "slug");

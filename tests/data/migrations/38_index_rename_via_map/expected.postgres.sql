-- RenameIndex
ALTER INDEX "Post_authorId_idx" RENAME TO "post_author_idx";

-- RenameIndex
ALTER INDEX "Post_authorId_slug_key" RENAME TO "post_author_slug_key";

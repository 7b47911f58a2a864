-- CreateIndex
CREATE INDEX "Doc_code_idx" ON "Doc" USING HASH ("code");

-- CreateIndex
CREATE INDEX "Doc_tags_idx" ON "Doc" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "Doc_meta_idx" ON "Doc" USING GIN ("meta" jsonb_path_ops);

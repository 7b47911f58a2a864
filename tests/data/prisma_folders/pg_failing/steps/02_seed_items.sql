-- A data migration written by hand (`prisma migrate dev --create-only`, then edited).
INSERT INTO "Item" ("name") VALUES ('first'), ('second');

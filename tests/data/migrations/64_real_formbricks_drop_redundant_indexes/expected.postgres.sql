-- DropIndex
DROP INDEX "Response_surveyId_idx";

-- DropIndex
DROP INDEX "Tag_environmentId_idx";

-- DropIndex
DROP INDEX "TagsOnResponses_responseId_idx";

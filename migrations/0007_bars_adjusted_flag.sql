-- The API now says whether a bar is split-adjusted; old rows were all adjusted.
-- migrate:up
SET lock_timeout = '2s';

ALTER TABLE ${raw_schema}.bars ADD COLUMN adjusted boolean NOT NULL DEFAULT true;

-- migrate:down
SET lock_timeout = '2s';

ALTER TABLE ${raw_schema}.bars DROP COLUMN adjusted;

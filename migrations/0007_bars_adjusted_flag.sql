-- The API now says whether a bar is split-adjusted; old rows were all adjusted.
ALTER TABLE ${raw_schema}.bars ADD COLUMN adjusted boolean NOT NULL DEFAULT true;
ALTER TABLE ${raw_schema}.quotes ALTER COLUMN bid_exchange_id TYPE bigint;

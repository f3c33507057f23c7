-- Undoes 0007: bars lose the adjusted flag again.
SET lock_timeout = '2s';

ALTER TABLE ${raw_schema}.bars DROP COLUMN adjusted;

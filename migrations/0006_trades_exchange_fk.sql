-- Trades carry the exchange they printed on; the reference table must know every exchange id.
-- (PostgreSQL cannot add a NOT VALID foreign key to a partitioned table, so it is validated now.)
SET lock_timeout = '2s';

-- schematic-ignore require-not-valid-constraints reason="runs in the nightly load window, when nothing writes to raw.trades"
ALTER TABLE ${raw_schema}.trades
    ADD CONSTRAINT trades_exchange_fk FOREIGN KEY (exchange_id)
    REFERENCES ${ref_schema}.exchanges (exchange_id);

CREATE INDEX trades_exchange_id_idx ON ${raw_schema}.trades (exchange_id);

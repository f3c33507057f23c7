-- Tick-level trades from the /v3/trades endpoint, one row per print.
CREATE TABLE ${raw_schema}.trades (
    trade_id              text        NOT NULL,
    symbol                text        NOT NULL,
    exchange_id           integer     NOT NULL,
    price                 numeric(18, 6) NOT NULL,
    size                  numeric(18, 4) NOT NULL,
    conditions            integer[],
    tape                  smallint,
    sip_timestamp         timestamptz NOT NULL,
    participant_timestamp timestamptz,
    sequence_number       bigint      NOT NULL,
    ingested_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT trades_pkey PRIMARY KEY (symbol, sip_timestamp, sequence_number)
) PARTITION BY RANGE (sip_timestamp);

CREATE TABLE ${raw_schema}.trades_2026_11 PARTITION OF ${raw_schema}.trades
    FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');

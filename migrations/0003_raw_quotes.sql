-- National best bid and offer quotes from the /v3/quotes endpoint.
CREATE TABLE ${raw_schema}.quotes (
    symbol           text           NOT NULL,
    bid_price        numeric(18, 6),
    bid_size         numeric(18, 4),
    bid_exchange_id  integer,
    ask_price        numeric(18, 6),
    ask_size         numeric(18, 4),
    ask_exchange_id  integer,
    sip_timestamp    timestamptz    NOT NULL,
    sequence_number  bigint         NOT NULL,
    ingested_at      timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, sip_timestamp, sequence_number)
);

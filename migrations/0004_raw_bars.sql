-- Minute and daily aggregates ("bars") from the /v2/aggs endpoint.
CREATE TABLE ${raw_schema}.bars (
    symbol        text           NOT NULL,
    timespan      varchar(8)     NOT NULL,
    bar_start     timestamptz    NOT NULL,
    open          numeric(18, 6) NOT NULL,
    high          numeric(18, 6) NOT NULL,
    low           numeric(18, 6) NOT NULL,
    close         numeric(18, 6) NOT NULL,
    volume        numeric(20, 4) NOT NULL,
    vwap          numeric(18, 6),
    trade_count   integer,
    ingested_at   timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT bars_pkey PRIMARY KEY (symbol, timespan, bar_start),
    CONSTRAINT bars_timespan_check CHECK (timespan IN ('minute', 'hour', 'day'))
);

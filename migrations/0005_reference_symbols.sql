-- Listed instruments and the exchanges they trade on.
-- schematic-ignore prefer-bigint-keys reason="exchange ids are the SIP's own codes: fewer than 100 exist"
CREATE TABLE ${ref_schema}.exchanges (
    exchange_id  integer     PRIMARY KEY,
    mic          varchar(4)  NOT NULL UNIQUE,
    name         text        NOT NULL,
    asset_class  varchar(16) NOT NULL DEFAULT 'stocks'
);

CREATE TABLE ${ref_schema}.symbols (
    symbol            text        PRIMARY KEY,
    name              text        NOT NULL,
    primary_exchange  integer     REFERENCES ${ref_schema}.exchanges (exchange_id),
    asset_type        varchar(16) NOT NULL,
    currency          char(3)     NOT NULL DEFAULT 'USD',
    active            boolean     NOT NULL DEFAULT true,
    listed_on         date
);

CREATE INDEX symbols_primary_exchange_idx ON ${ref_schema}.symbols (primary_exchange);

-- Namespaces of the market-data warehouse. ${raw_schema} holds data exactly as the market-data API
-- returns it; ${ref_schema} holds reference data maintained by hand or by slow-moving loaders.
CREATE SCHEMA IF NOT EXISTS ${raw_schema};
CREATE SCHEMA IF NOT EXISTS ${ref_schema};

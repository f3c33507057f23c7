import { fileURLToPath } from "node:url";

/** Absolute path of a file under fixtures/dbt/. */
export function dbtFixture(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/dbt/${relative}`, import.meta.url));
}

export const SHOP_MANIFEST = dbtFixture("handmade/shop-v12/manifest.json");
export const SHOP_CATALOG = dbtFixture("handmade/shop-v12/catalog.json");
export const RECCE_MANIFEST = dbtFixture("recce-jaffle-shop/manifest.json");
export const RECCE_CATALOG = dbtFixture("recce-jaffle-shop/catalog.json");

import { loadModule, parseSync, parsePlPgSQLSync } from 'libpg-query';
await loadModule();
const s = `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'x') THEN
    CREATE TYPE x AS ENUM ('a');
    ALTER TABLE t ADD COLUMN c int;
  END IF;
  EXECUTE 'DROP TABLE ' || quote_ident(n);
  FOR i IN 1..3 LOOP ALTER TABLE t2 ADD COLUMN d int; END LOOP;
EXCEPTION WHEN duplicate_object THEN null;
END $$;`;
const r = parseSync(s);
console.log(JSON.stringify(r.stmts[0].stmt));
const body = r.stmts[0].stmt.DoStmt.args[0].DefElem.arg.String.sval;
const p = parsePlPgSQLSync(`CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $zz$${body}$zz$;`);
console.log(JSON.stringify(p, null, 1));

import { loadModule, parseSync } from 'libpg-query';
await loadModule();
const sqls = process.argv.slice(2);
for (const s of sqls) { try { const r = parseSync(s); for (const st of r.stmts) console.log(JSON.stringify(st.stmt)); } catch (e) { console.log('ERR', e.message, JSON.stringify(e.sqlDetails)); } }

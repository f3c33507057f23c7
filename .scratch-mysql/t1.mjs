const t0=performance.now();
const m = await import("node-sql-parser/build/mysql.js");
const t1=performance.now();
console.log(Object.keys(m), Object.keys(m.default), t1-t0);
const { Parser } = m.default;
const p = new Parser();
const ast = p.astify("CREATE TABLE t (a INT NOT NULL DEFAULT 1, b varchar(10) DEFAULT 'x' NOT NULL, c int DEFAULT 3 NULL, d int PRIMARY KEY AUTO_INCREMENT COMMENT 'hi' NOT NULL, e int references x(y) on delete cascade) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", {database:"mysql", parseOptions:{includeLocations:true}});
console.log(JSON.stringify(ast, null, 1));

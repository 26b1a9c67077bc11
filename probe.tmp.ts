import { makeTestApp } from './test/helpers/app.ts';
const N = 20000;
const t = makeTestApp();
const db = t.db.$client;
db.exec(`CREATE TEMP TABLE iu (id INTEGER, code TEXT, name TEXT, search_text TEXT, kind TEXT, parent_id INTEGER, area TEXT, active INTEGER, created_at INTEGER, updated_at INTEGER);
CREATE TEMP TABLE ia (at INTEGER, actor_type TEXT, actor_id TEXT, actor_label TEXT, action TEXT, entity TEXT, entity_id TEXT, before TEXT, after TEXT);`);
let s = performance.now();
const ins = db.prepare('INSERT INTO iu VALUES (?,?,?,?,?,?,?,?,?,?)');
const ina = db.prepare('INSERT INTO ia VALUES (?,?,?,?,?,?,?,?,?)');
const now = Date.now();
db.transaction(() => {
for (let i = 1; i <= N; i++) {
  const parent = i > 200 ? (i % 200) + 1 : null;
  ins.run(i, `U_${i}`, `Trường số ${i} xã Châu Phú`, `u_${i} truong so ${i} xa chau phu`, 'truong_thcs', parent, `Xã ${i % 200}`, 1, now, now);
  ina.run(now, 'api_token', '1', 'token:x', 'unit.create', 'unit', String(i), null, JSON.stringify({ id: i, code: `U_${i}`, name: `Trường số ${i} xã Châu Phú`, searchText: 'x', kind: 'truong_thcs', parentId: parent, area: 'Xã', active: true, createdAt: new Date(now), updatedAt: new Date(now) }));
}})();
console.log('staging', performance.now() - s);
s = performance.now();
db.transaction(() => {
  db.prepare('INSERT INTO units (id, code, name, search_text, kind, parent_id, area, active, created_at, updated_at) SELECT * FROM iu ORDER BY id').run();
  console.log('units insert', performance.now() - s);
  db.prepare('INSERT INTO audit_log (at, actor_type, actor_id, actor_label, action, entity, entity_id, before, after) SELECT * FROM ia').run();
  console.log('audit insert', performance.now() - s);
}).immediate();
console.log('publish incl commit', performance.now() - s);
t.close();

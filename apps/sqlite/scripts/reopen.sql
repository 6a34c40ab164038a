-- the same database, reopened by a second run: read, change, vacuum
.bail on
.headers on
PRAGMA integrity_check;
SELECT count(*), sum(sq), min(txt), max(txt), round(sum(r), 3) FROM t;
SELECT id, name, country, pop FROM city ORDER BY id;
SELECT count(*) FROM audit;
INSERT INTO city(name, country, pop) VALUES ('Kyoto', 'JP', 1464890);
UPDATE t SET txt = upper(txt) WHERE i % 1000 = 0;
SELECT changes();
DELETE FROM t WHERE i > 19000;
SELECT count(*), sum(sq) FROM t;
CREATE TABLE kv(k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300)
INSERT INTO kv SELECT printf('key%04d', x), zeroblob(x * 37) FROM c;
SELECT count(*), sum(length(v)) FROM kv;
VACUUM;
PRAGMA integrity_check;
SELECT count(*), sum(sq), max(txt) FROM t;
SELECT name FROM city ORDER BY id;
SELECT * FROM audit ORDER BY at;

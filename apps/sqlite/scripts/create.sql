-- create, fill and query a database (the shell's argument names it)
.bail on
.headers on
.mode list
PRAGMA journal_mode;
CREATE TABLE city(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
	country TEXT NOT NULL, pop INTEGER CHECK (pop > 0));
INSERT INTO city(name, country, pop) VALUES
	('Paris', 'FR', 2102650), ('Lyon', 'FR', 522250),
	('Berlin', 'DE', 3677472), ('Hamburg', 'DE', 1906411),
	('Madrid', 'ES', 3305408), ('Porto', 'PT', 231800),
	('Zürich', 'CH', 421878);
CREATE TABLE t(i INTEGER PRIMARY KEY, sq INTEGER, txt TEXT, r REAL, b BLOB,
	city INTEGER REFERENCES city(id));
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000)
INSERT INTO t SELECT x, x * x, printf('row-%05d', x), x / 7.0,
	CAST(printf('%08x', (x * 2654435761) % 4294967296) AS BLOB), 1 + x % 7
FROM c;
COMMIT;
CREATE INDEX t_txt ON t(txt);
CREATE INDEX t_city ON t(city, sq);
CREATE VIEW big AS SELECT name, pop FROM city WHERE pop > 1000000;
CREATE TABLE audit(at INTEGER, what TEXT);
CREATE TRIGGER city_ins AFTER INSERT ON city
	BEGIN INSERT INTO audit VALUES (NEW.id, 'insert ' || NEW.name); END;
INSERT INTO city(name, country, pop) VALUES ('Lisbon', 'PT', 545923);
SELECT count(*), sum(sq), min(txt), max(txt), round(sum(r), 3) FROM t;
SELECT country, count(*) AS n, sum(pop) AS total FROM city
	GROUP BY country ORDER BY total DESC, country;
SELECT c.name, count(t.i) AS rows, sum(t.sq) % 1000003 AS h FROM city c
	JOIN t ON t.city = c.id GROUP BY c.id ORDER BY c.id;
SELECT * FROM big ORDER BY pop;
SELECT * FROM audit;
SELECT i, txt, hex(b) FROM t WHERE txt LIKE 'row-1999%' ORDER BY i DESC LIMIT 3;
SELECT name, pop, rank() OVER (ORDER BY pop DESC) AS rk,
	sum(pop) OVER (PARTITION BY country) AS country_pop FROM city ORDER BY id;
WITH s AS (SELECT i % 10 AS d, count(*) AS n FROM t GROUP BY d)
	SELECT group_concat(d || ':' || n, ' ') FROM s;
SELECT printf('%.3f|%e|%10s|%-5d|%x', 3.14159, 12345.678, 'pad', 42, 255);
SELECT json_object('name', name, 'pop', pop) FROM city WHERE id = 1;
SELECT json_extract('{"a":[1,2,{"b":"c"}]}', '$.a[2].b'), json_array_length('[1,2,3]');
SELECT length(zeroblob(1000000)), typeof(1), typeof(1.5), typeof('x'), typeof(x'00'), typeof(NULL);
SELECT 7 / 2, 7 / 2.0, 7 % 3, -7 / 2, 1 << 62, abs(-5), round(2.5), round(-2.5);
SELECT substr('hello world', 7), upper('abc'), lower('ÄBC'), length('Zürich'), instr('hello', 'll');
SELECT date('2024-02-28', '+1 day'), datetime(1700000000, 'unixepoch'), strftime('%j', '2023-12-31');
BEGIN;
DELETE FROM t WHERE i > 100;
SELECT count(*) FROM t;
ROLLBACK;
SELECT count(*) FROM t;
SAVEPOINT sp1;
UPDATE t SET txt = 'changed' WHERE i <= 10;
SELECT changes();
ROLLBACK TO sp1;
RELEASE sp1;
SELECT count(*) FROM t WHERE txt = 'changed';
UPDATE t SET r = r * 2 WHERE i % 100 = 0;
SELECT changes(), total_changes() > 0;
DELETE FROM t WHERE i BETWEEN 5000 AND 5099;
SELECT changes(), count(*) FROM t;
PRAGMA integrity_check;
PRAGMA foreign_key_check;
EXPLAIN QUERY PLAN SELECT * FROM t WHERE txt = 'row-00042';

-- errors: read from standard input; the shell goes on after each (no
-- .bail) and exits with status 1 at the end
.headers off
SELECT count(*) FROM city;
SELECT * FROM no_such_table;
INSERT INTO city(name, country, pop) VALUES ('Paris', 'FR', 1);
INSERT INTO city(name, country, pop) VALUES ('Nowhere', 'XX', -5);
SELEC 1;
SELECT 'still running', count(*) FROM city;
.no_such_command
SELECT abs(-9223372036854775807 - 1);
SELECT 'after errors';

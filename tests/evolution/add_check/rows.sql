INSERT INTO products (id, price, stock) VALUES (1, 9.5, 3), (2, 0, 0);

SELECT COUNT(*) = 2 FROM products;

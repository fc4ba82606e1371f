SELECT COUNT(*) = 2 AND SUM(stock) = 3 FROM products;

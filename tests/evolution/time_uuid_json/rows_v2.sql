UPDATE events SET day = '2026-12-06', opens_at = '09:30:00', token = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', payload = '{"a": 1}';

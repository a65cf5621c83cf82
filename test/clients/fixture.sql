-- Values the client tests read: one row per edge case of svtoms.sv and
-- svtoms.profile.  test/t/011_clients.pl loads it after CREATE EXTENSION.
CREATE TABLE client_fixture (
    id   int PRIMARY KEY,
    note text NOT NULL,
    a    svtoms.sv,
    p    svtoms.profile
);

INSERT INTO client_fixture VALUES
    (1, 'zero response',
        svtoms.sv(0),
        '{"jobs": (responses=1)}'),
    (2, 'empty account, empty profile',
        'responses=0',
        '{}'),
    (3, 'harm only',
        svtoms.sv(-30.25),
        '{"environment": (harm=800.00 responses=2 negatives=2), "waste": (harm=0.000001 responses=1 negatives=1)}'),
    (4, 'six decimals',
        'benefit=1.123456 harm=0.000001 responses=3 negatives=1 missing=2 excluded=1',
        (SELECT svtoms.theme_profile(t, x)
           FROM (VALUES ('jobs', 0.000001), ('jobs', 2.5), ('carbon', -0.999999), ('carbon', NULL)) v(t, x))),
    (5, 'amounts of 10^25',
        'benefit=12345678901234567890123456.654321 harm=9876543210987654321098765.000001 responses=5 negatives=2',
        '{"jobs": (benefit=10000000000000000000000000 responses=1), "carbon": (harm=98765432109876543210987654.321 responses=1 negatives=1)}'),
    (6, 'largest amounts',
        'benefit=99999999999999999999999999999999.999999 harm=99999999999999999999999999999999.999999 responses=2 negatives=1',
        '{"max": (benefit=99999999999999999999999999999999.999999 harm=99999999999999999999999999999999.999999 responses=2 negatives=1)}'),
    (7, 'largest counts',
        'harm=1 responses=9223372036854775807 negatives=9223372036854775807 missing=9223372036854775807 excluded=9223372036854775807',
        '{"counts": (benefit=1 responses=9223372036854775807 negatives=9223372036854775806 missing=9223372036854775807 excluded=9223372036854775807)}'),
    (8, 'display scales',
        svtoms.sv(5.000),
        '{"s0": (benefit=5 responses=1), "s1": (benefit=5.0 responses=1), "s3": (harm=5.250 responses=1 negatives=1), "s6": (benefit=5.000000 responses=1)}'),
    (9, 'unicode and quoted theme names',
        svtoms.sv(120.50),
        (SELECT svtoms.theme_profile(t, x)
           FROM (VALUES ('Écosse – £', 4.5), ('🌍 climate', -2), ('日本語', 1), ('', 5),
                        ('say "hi"', 1), ('back\slash', 2), (E'tab\there', 3), ('Z', 0), ('a', NULL)) v(t, x))),
    (10, 'many themes',
        (SELECT svtoms.social_value(g - 150.5) FROM generate_series(1, 300) g),
        (SELECT svtoms.theme_profile('theme ' || (g % 300), g - 150.5) FROM generate_series(1, 600) g)),
    (11, 'NULL',
        NULL,
        NULL),
    (12, 'net zero, missing only',
        'benefit=7.5 harm=7.5 responses=2 negatives=1',
        '{"jobs": (missing=3)}');

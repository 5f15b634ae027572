// Integration tests start processes and wait for real servers; their polls carry their own deadlines.
jest.setTimeout(120_000);

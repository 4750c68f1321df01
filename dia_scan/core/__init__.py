"""The pure core: instrument models, the catalog, codes, permits, errors and text helpers."""

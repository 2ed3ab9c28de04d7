// Nothing here: see package.json.

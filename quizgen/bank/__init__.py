"""A bank file becomes a located, validated model: loading, fields, schema, model, rules, lint, diagnostics, limits, images."""

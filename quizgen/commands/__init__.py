"""Commands that are not a build: `check` (grounding), `new` (scaffold), `docs`."""

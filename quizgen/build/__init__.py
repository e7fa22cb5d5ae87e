"""The build: find banks, plan and run (bank, format) tasks, skip unchanged outputs, show progress."""

"""Helpers the tests share: readers of built outputs, banks made for the tests, Chromium. Nothing
here is collected as a test."""

"""Classify: read any answer into facts (read), decide a verdict from them (decide,
with the rule table in rules), and explain a pasted error (explain). Pure: no I/O."""

// Package ingest reads channel reports (FORMATS.md) and turns each file into
// normalized store line items, or ECB reference rates. It is pure: it decodes,
// detects the layout, parses and audits, and never writes anywhere; the
// caller decides what to store. A file parses whole or not at all.
package ingest

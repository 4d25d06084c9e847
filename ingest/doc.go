// Package ingest brings channel reports (FORMATS.md) into the store.
//
// Parsing writes nothing: it decodes, detects the layout, parses and audits
// a file into normalized store line items or ECB reference rates, whole or
// not at all (one file per format: apple_financial.go, google_play.go,
// tubi.go ...). Importer posts a parsed file to an account in one store
// transaction, streaming large files. Inbox watches folders, imports each
// file once it has settled and moves it to imported/ or rejected/.
//
// ingest imports store; store, ui and report never import ingest.
package ingest

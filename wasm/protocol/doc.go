// Package protocol defines the typed messages between the page (UI) and the
// engine worker. Each message is a JSON object with a kind from a closed set
// and one payload field matching the kind; nothing is encoded in-band in
// text. The envelope posted with postMessage is {json: <message>, files:
// [File, ...]}: files only travel with a load request for a folder from disk.
//
//	UI -> worker                          worker -> UI
//	load      Load      (url or files)    hello                (worker started)
//	tokenize  Tokenize  (text, seq)       progress  Progress   (bytes done/total)
//	generate  Generate  (prompt, Settings) notice   Notice     (e.g. cache full)
//	stop                                  loaded    Loaded     (model info, defaults)
//	clear-cache                           tokens    TokenCount (seq, count)
//	                                      piece     Piece      (seq, text)
//	                                      done      Done       (stats, finish reasons)
//	                                      error     Error      (code, message)
package protocol

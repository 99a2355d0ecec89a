// Package app is the page's logic that does not touch the browser: task
// presets, reading the settings form, and the texts of the progress bar and
// the stats line. Package main (wasm/) binds it to the DOM with
// honnef.co/go/js/dom/v2.
package app

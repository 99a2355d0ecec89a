//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"gpt2/wasm/app"
	"gpt2/wasm/protocol"
)

// defaultModel is the built-in model's folder, relative to the page.
const defaultModel = "models/shakespeare/"

// tokenCountDelay debounces the prompt's token count while typing.
const tokenCountDelay = 150 * time.Millisecond

// UI states, the values of #status's data-state.
const (
	stateLoading    = "loading"
	stateReady      = "ready"
	stateGenerating = "generating"
	stateError      = "error"
)

// ui is the page: its elements, the worker, and what the page knows.
type ui struct {
	doc    dom.Document
	worker js.Value

	status, progressText, errorBox, errorText, notice, modelInfo dom.Element
	tokenCount, output, stats                                    dom.Element
	progress                                                     *dom.HTMLProgressElement
	prompt                                                       *dom.HTMLTextAreaElement
	preset                                                       *dom.HTMLSelectElement
	generateBtn, stopBtn, retryBtn                               *dom.HTMLButtonElement

	state     string
	loaded    bool
	lastLoad  protocol.Load
	lastFiles []js.Value
	tokSeq    int
	tokTimer  *time.Timer
	seqs      []js.Value // a text node per sequence being generated
	texts     []string   // the text of each sequence so far
	runPrompt string     // the prompt of the running generation
	runPreset string
}

func runUI() {
	doc := dom.GetWindow().Document()
	u := &ui{doc: doc, worker: js.Global().Get("gpt2Worker")}
	u.bindElements()
	u.worker.Set("onmessage", js.FuncOf(func(_ js.Value, args []js.Value) any {
		u.onMessage(args[0])
		return nil
	}))
	u.worker.Set("onerror", js.FuncOf(func(_ js.Value, args []js.Value) any {
		u.showError(protocol.Error{Code: protocol.ErrEngineExit, Message: "The engine worker failed to start: " + args[0].Get("message").String()})
		return nil
	}))
	u.bindEvents()
	u.applyPreset(app.Presets[0].Name, true)
	u.setState(stateLoading, "Starting the engine…")
	select {}
}

func (u *ui) byID(id string) dom.Element { return u.doc.GetElementByID(id) }

func (u *ui) bindElements() {
	u.status, u.progressText = u.byID("status"), u.byID("progress-text")
	u.errorBox, u.errorText = u.byID("error"), u.byID("error-text")
	u.notice, u.modelInfo = u.byID("notice"), u.byID("model-info")
	u.tokenCount, u.output, u.stats = u.byID("token-count"), u.byID("output"), u.byID("stats")
	u.progress = u.byID("progress").(*dom.HTMLProgressElement)
	u.prompt = u.byID("prompt").(*dom.HTMLTextAreaElement)
	u.preset = u.byID("preset").(*dom.HTMLSelectElement)
	u.generateBtn = u.byID("generate").(*dom.HTMLButtonElement)
	u.stopBtn = u.byID("stop").(*dom.HTMLButtonElement)
	u.retryBtn = u.byID("retry").(*dom.HTMLButtonElement)
}

// send posts a request to the worker.
func (u *ui) send(m protocol.Message, files ...js.Value) {
	if err := post(u.worker, m, files...); err != nil {
		u.showError(protocol.Error{Code: protocol.ErrBadRequest, Message: err.Error()})
	}
}

// setState sets #status (data-state and text) and the buttons.
func (u *ui) setState(state, text string) {
	u.state = state
	u.status.SetAttribute("data-state", state)
	u.status.SetTextContent(text)
	u.generateBtn.SetDisabled(!(state == stateReady && u.loaded))
	u.stopBtn.SetDisabled(state != stateGenerating)
}

// showError shows an error the user can act on; a retry button for
// failures a retry can fix.
func (u *ui) showError(e protocol.Error) {
	u.errorText.SetTextContent(errorAdvice(e))
	u.errorBox.RemoveAttribute("hidden")
	retry := e.Code == protocol.ErrDownload || e.Code == protocol.ErrChecksum
	u.retryBtn.Set("hidden", !retry)
	if u.loaded && (e.Code == protocol.ErrGenerate || e.Code == protocol.ErrBadRequest || e.Code == protocol.ErrNotReady) {
		u.setState(stateReady, "Ready")
		return
	}
	u.setState(stateError, "Error: "+string(e.Code))
}

func (u *ui) hideError() { u.errorBox.SetAttribute("hidden", "") }

// errorAdvice is an error's message with what the user can do about it.
func errorAdvice(e protocol.Error) string {
	switch e.Code {
	case protocol.ErrDownload:
		return "Download failed: " + e.Message + ". Check the connection and retry."
	case protocol.ErrChecksum:
		return "Checksum mismatch: a downloaded file is corrupt (" + e.Message + "). It was not kept; retry, or check the model folder."
	case protocol.ErrNotModel:
		return "Not a model folder: " + e.Message
	case protocol.ErrOutOfMemory:
		return "Out of memory: " + e.Message + ". Close other tabs or try a smaller (more quantized) model."
	case protocol.ErrEngineExit:
		return e.Message
	}
	return e.Message
}

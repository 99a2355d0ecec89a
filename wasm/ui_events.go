//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"gpt2/wasm/app"
	"gpt2/wasm/protocol"
)

// bindEvents connects the page's controls.
func (u *ui) bindEvents() {
	u.generateBtn.AddEventListener("click", false, func(dom.Event) { u.startGeneration() })
	u.stopBtn.AddEventListener("click", false, func(dom.Event) { u.send(protocol.Message{Kind: protocol.KindStop}) })
	u.prompt.AddEventListener("keydown", false, func(e dom.Event) {
		k := e.(*dom.KeyboardEvent)
		if k.Key() == "Enter" && (k.CtrlKey() || k.MetaKey()) {
			e.PreventDefault()
			u.startGeneration()
		}
	})
	u.prompt.AddEventListener("input", false, func(dom.Event) { u.scheduleTokenCount() })
	u.preset.AddEventListener("change", false, func(dom.Event) { u.applyPreset(u.preset.Value(), true) })
	u.retryBtn.AddEventListener("click", false, func(dom.Event) { u.load(u.lastLoad, u.lastFiles) })
	u.byID("model-form").AddEventListener("submit", false, func(e dom.Event) {
		e.PreventDefault()
		if v := u.byID("model-url").(*dom.HTMLInputElement).Value(); v != "" {
			u.loadURL(v)
		}
	})
	u.byID("model-files").AddEventListener("change", false, func(e dom.Event) { u.loadFiles() })
	u.byID("clear-cache").AddEventListener("click", false, func(dom.Event) {
		u.send(protocol.Message{Kind: protocol.KindClearCache})
	})
}

// resolveURL makes a model URL absolute against the page (the worker's
// own base URL is web/worker.js, not the page).
func resolveURL(ref string) (string, error) {
	base := js.Global().Get("document").Get("baseURI")
	v, err := construct(js.Global().Get("URL"), ref, base)
	if err != nil {
		return "", err
	}
	return v.Get("href").String(), nil
}

// startModel loads ?model=URL, or the built-in model.
func (u *ui) startModel() {
	ref := defaultModel
	q := js.Global().Get("URLSearchParams").New(js.Global().Get("location").Get("search"))
	if m := q.Call("get", "model"); m.Truthy() {
		ref = m.String()
	}
	u.loadURL(ref)
}

// loadURL loads the model folder at ref, relative to the page.
func (u *ui) loadURL(ref string) {
	abs, err := resolveURL(ref)
	if err != nil {
		u.showError(protocol.Error{Code: protocol.ErrNotModel, Message: "the model URL " + ref + " is not valid: " + err.Error()})
		return
	}
	u.load(protocol.Load{URL: abs}, nil)
}

func (u *ui) load(l protocol.Load, files []js.Value) {
	u.lastLoad, u.lastFiles = l, files
	u.loaded = false
	u.hideError()
	u.progress.SetValue(0)
	u.progressText.SetTextContent("")
	u.setState(stateLoading, "Loading the model…")
	u.send(protocol.Message{Kind: protocol.KindLoad, Load: &l}, files...)
}

// loadFiles loads the folder chosen in #model-files.
func (u *ui) loadFiles() {
	input := u.byID("model-files").Underlying()
	list := input.Get("files")
	var names []string
	var files []js.Value
	for i := 0; i < list.Length(); i++ {
		f := list.Index(i)
		name := f.Get("webkitRelativePath").String()
		if name == "" {
			name = f.Get("name").String()
		}
		names = append(names, name)
		files = append(files, f)
	}
	if len(files) > 0 {
		u.load(protocol.Load{Files: names}, files)
	}
}

// scheduleTokenCount asks the worker for the prompt's token count once
// typing pauses.
func (u *ui) scheduleTokenCount() {
	if u.tokTimer != nil {
		u.tokTimer.Stop()
	}
	u.tokSeq++ // an answer for an older text is dropped
	u.tokenCount.SetTextContent("")
	seq := u.tokSeq
	u.tokTimer = time.AfterFunc(tokenCountDelay, func() {
		u.send(protocol.Message{Kind: protocol.KindTokenize, Tokenize: &protocol.Tokenize{Seq: seq, Text: u.prompt.Value()}})
	})
}

// applyPreset fills the prompt with the preset's template (when fill) and
// applies its settings over the model's defaults.
func (u *ui) applyPreset(name string, fill bool) {
	p := app.PresetByName(name)
	if fill {
		u.prompt.SetValue(p.Prompt)
		u.scheduleTokenCount()
	}
	if p.MaxNewTokens > 0 {
		u.setField(app.FieldMaxNewTokens, app.FormValues(protocol.Settings{MaxNewTokens: p.MaxNewTokens})[app.FieldMaxNewTokens])
	}
	if p.Temperature != nil {
		u.setField(app.FieldTemperature, app.FormValues(protocol.Settings{Temperature: *p.Temperature})[app.FieldTemperature])
	}
}

func (u *ui) setField(id, v string) { u.byID(id).(*dom.HTMLInputElement).SetValue(v) }

func (u *ui) fieldValues() map[string]string {
	vals := map[string]string{}
	for _, id := range []string{app.FieldMaxNewTokens, app.FieldTemperature, app.FieldTopK, app.FieldTopP,
		app.FieldRepetitionPenalty, app.FieldSeed, app.FieldNumSequences} {
		vals[id] = u.byID(id).(*dom.HTMLInputElement).Value()
	}
	return vals
}

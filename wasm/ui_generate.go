//go:build js && wasm

package main

import (
	"syscall/js"

	"gpt2/wasm/app"
	"gpt2/wasm/protocol"
)

// startGeneration reads the form and asks the worker to generate.
func (u *ui) startGeneration() {
	if u.state != stateReady || !u.loaded {
		return
	}
	preset := app.PresetByName(u.preset.Value())
	s, err := app.ParseSettings(u.fieldValues(), preset.Stop)
	if err != nil {
		u.showError(protocol.Error{Code: protocol.ErrBadRequest, Message: err.Error()})
		return
	}
	prompt := u.prompt.Value()
	if preset.Name == "chat" {
		prompt = app.ChatPrompt(prompt)
		u.prompt.SetValue(prompt)
	}
	u.hideError()
	u.runPrompt, u.runPreset = prompt, preset.Name
	u.resetOutput(prompt, s.NumReturnSequences)
	u.stats.SetTextContent("")
	u.setState(stateGenerating, "Generating…")
	u.send(protocol.Message{Kind: protocol.KindGenerate, Generate: &protocol.Generate{Prompt: prompt, Settings: s}})
}

// resetOutput makes one block per sequence: the prompt, then a text node
// that the streamed pieces extend. Text is only ever inserted as text.
func (u *ui) resetOutput(prompt string, n int) {
	out := u.output.Underlying()
	out.Set("textContent", "")
	doc := js.Global().Get("document")
	u.seqs, u.texts = nil, make([]string, n)
	for i := 0; i < n; i++ {
		pre := doc.Call("createElement", "pre")
		pre.Set("className", "sequence")
		pre.Call("setAttribute", "data-seq", i)
		p := doc.Call("createElement", "span")
		p.Set("className", "prompt")
		p.Set("textContent", prompt)
		c := doc.Call("createElement", "span")
		c.Set("className", "completion")
		text := doc.Call("createTextNode", "")
		c.Call("appendChild", text)
		pre.Call("appendChild", p)
		pre.Call("appendChild", c)
		out.Call("appendChild", pre)
		u.seqs = append(u.seqs, text)
	}
}

func (u *ui) onPiece(p *protocol.Piece) {
	if p.Seq < 0 || p.Seq >= len(u.seqs) {
		return
	}
	u.seqs[p.Seq].Call("appendData", p.Text)
	u.texts[p.Seq] += p.Text
}

func (u *ui) onDone(d *protocol.Done) {
	u.stats.SetTextContent(app.StatsText(*d))
	if u.runPreset == "chat" && len(u.texts) > 0 && u.prompt.Value() == u.runPrompt {
		u.prompt.SetValue(app.ChatTurn(u.runPrompt, u.texts[0]))
		u.scheduleTokenCount()
	}
	u.setState(stateReady, "Ready")
}

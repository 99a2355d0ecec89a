//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"gpt2/wasm/app"
	"gpt2/wasm/protocol"
)

// onMessage handles a message from the worker.
func (u *ui) onMessage(event js.Value) {
	r, err := receive(event)
	if err != nil {
		consoleError(err.Error())
		return
	}
	m := r.msg
	switch m.Kind {
	case protocol.KindHello:
		u.startModel()
	case protocol.KindProgress:
		u.progress.SetValue(float64(app.Percent(*m.Progress)))
		u.progressText.SetTextContent(app.ProgressText(*m.Progress))
	case protocol.KindLoaded:
		u.onLoaded(m.Loaded)
	case protocol.KindNotice:
		u.notice.SetTextContent(m.Notice.Message)
		u.notice.RemoveAttribute("hidden")
	case protocol.KindTokens:
		if m.Tokens.Seq == u.tokSeq {
			u.tokenCount.SetTextContent(fmt.Sprintf("(%d tokens)", m.Tokens.Count))
		}
	case protocol.KindPiece:
		u.onPiece(m.Piece)
	case protocol.KindDone:
		u.onDone(m.Done)
	case protocol.KindError:
		u.showError(*m.Error)
	}
}

func (u *ui) onLoaded(l *protocol.Loaded) {
	u.loaded = true
	u.progress.SetValue(100)
	u.progressText.SetTextContent(fmt.Sprintf("%s (100%%) · ready", app.Bytes(l.Bytes)))
	u.modelInfo.SetTextContent(app.ModelText(*l))
	for id, v := range app.FormValues(l.Defaults) {
		u.setField(id, v)
	}
	u.applyPreset(u.preset.Value(), false)
	u.scheduleTokenCount()
	u.setState(stateReady, "Ready")
}

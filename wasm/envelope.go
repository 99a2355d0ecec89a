//go:build js && wasm

package main

import (
	"syscall/js"

	"gpt2/wasm/protocol"
)

// post sends m to target (the worker from the page, the page from the
// worker) as the envelope {json, files}.
func post(target js.Value, m protocol.Message, files ...js.Value) error {
	text, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	env := js.Global().Get("Object").New()
	env.Set("json", text)
	if len(files) > 0 {
		arr := js.Global().Get("Array").New()
		for _, f := range files {
			arr.Call("push", f)
		}
		env.Set("files", arr)
	}
	target.Call("postMessage", env)
	return nil
}

// received is a decoded envelope.
type received struct {
	msg   protocol.Message
	files []js.Value
}

// receive decodes a message event's envelope.
func receive(event js.Value) (received, error) {
	data := event.Get("data")
	if data.Type() != js.TypeObject || data.Get("json").Type() != js.TypeString {
		return received{}, errorf("protocol: a message without its json field")
	}
	m, err := protocol.Decode(data.Get("json").String())
	if err != nil {
		return received{}, err
	}
	r := received{msg: m}
	if files := data.Get("files"); files.Type() == js.TypeObject {
		for i := 0; i < files.Length(); i++ {
			r.files = append(r.files, files.Index(i))
		}
	}
	return r, nil
}

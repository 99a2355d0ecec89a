//go:build js && wasm

package main

import (
	"fmt"
	"io"
	"syscall/js"
)

// jsError is a JavaScript exception or promise rejection as a Go error.
type jsError struct {
	Name    string // e.g. TypeError, QuotaExceededError, AbortError
	Message string
}

func (e *jsError) Error() string { return e.Name + ": " + e.Message }

func toError(v js.Value) error {
	if v.Type() == js.TypeObject {
		return &jsError{Name: v.Get("name").String(), Message: v.Get("message").String()}
	}
	return &jsError{Name: "Error", Message: v.String()}
}

// await blocks the calling goroutine until promise p settles. Other
// goroutines and the browser's event loop run meanwhile.
func await(p js.Value) (js.Value, error) {
	type settled struct {
		v   js.Value
		err error
	}
	ch := make(chan settled, 1)
	arg := func(args []js.Value) js.Value {
		if len(args) == 0 {
			return js.Undefined()
		}
		return args[0]
	}
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- settled{v: arg(args)}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- settled{err: toError(arg(args))}
		return nil
	})
	p.Call("then", onOK, onErr)
	s := <-ch
	onOK.Release()
	onErr.Release()
	return s.v, s.err
}

// call calls a method that may throw, turning the exception into an error.
func call(v js.Value, method string, args ...any) (r js.Value, err error) {
	defer catch(&err)
	return v.Call(method, args...), nil
}

// construct calls new on a constructor that may throw.
func construct(ctor js.Value, args ...any) (r js.Value, err error) {
	defer catch(&err)
	return ctor.New(args...), nil
}

func catch(err *error) {
	if x := recover(); x != nil {
		if je, ok := x.(js.Error); ok {
			*err = toError(je.Value)
			return
		}
		*err = fmt.Errorf("javascript: %v", x)
	}
}

// streamReader is an io.ReadCloser over a ReadableStream's default reader:
// each chunk (a Uint8Array) is copied into Go memory once.
type streamReader struct {
	reader js.Value
	chunk  []byte // reused copy buffer
	buf    []byte // unread part of chunk
	done   bool
}

func newStreamReader(stream js.Value) *streamReader {
	return &streamReader{reader: stream.Call("getReader")}
}

func (s *streamReader) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.done {
			return 0, io.EOF
		}
		res, err := await(s.reader.Call("read"))
		if err != nil {
			return 0, err
		}
		if res.Get("done").Bool() {
			s.done = true
			continue
		}
		v := res.Get("value")
		n := v.Get("byteLength").Int()
		if n <= len(p) {
			return js.CopyBytesToGo(p, v), nil
		}
		if cap(s.chunk) < n {
			s.chunk = make([]byte, n)
		}
		s.buf = s.chunk[:js.CopyBytesToGo(s.chunk[:n], v)]
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// Close cancels the stream if it was not read to the end; what is left is
// dropped.
func (s *streamReader) Close() error {
	s.buf = nil
	if !s.done {
		s.done = true
		s.reader.Call("cancel")
	}
	return nil
}

//go:build js && wasm

package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"syscall/js"
	"testing"
	"testing/iotest"
	"time"
)

// jsStream returns a ReadableStream that yields chunks, then closes.
func jsStream(chunks ...string) js.Value {
	i := 0
	var pull js.Func
	pull = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ctrl := args[0]
		if i == len(chunks) {
			ctrl.Call("close")
			return nil
		}
		b := []byte(chunks[i])
		i++
		arr := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(arr, b)
		ctrl.Call("enqueue", arr)
		return nil
	})
	src := js.Global().Get("Object").New()
	src.Set("pull", pull)
	return js.Global().Get("ReadableStream").New(src)
}

func TestStreamReader(t *testing.T) {
	chunks := []string{"", "a", strings.Repeat("b", 1000), "héllo", strings.Repeat("z", 70000)}
	want := strings.Join(chunks, "")
	// iotest.TestReader reads with many buffer sizes, also smaller than a
	// chunk (the copy buffer path) and larger (the direct path).
	if err := iotest.TestReader(newStreamReader(jsStream(chunks...)), []byte(want)); err != nil {
		t.Fatal(err)
	}
	r := newStreamReader(jsStream(chunks...))
	got, err := io.ReadAll(iotest.OneByteReader(r))
	if err != nil || string(got) != want {
		t.Fatalf("one byte at a time: %d bytes, %v; want %d bytes", len(got), err, len(want))
	}
}

func TestStreamReaderClose(t *testing.T) {
	r := newStreamReader(jsStream("abc", "def"))
	b := make([]byte, 2)
	if _, err := io.ReadFull(r, b); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Read(b); n != 0 || err != io.EOF {
		t.Errorf("Read after Close = %d, %v; want 0, EOF", n, err)
	}
}

func TestAwait(t *testing.T) {
	p := js.Global().Get("Promise")
	v, err := await(p.Call("resolve", 42))
	if err != nil || v.Int() != 42 {
		t.Errorf("await(resolve 42) = %v, %v", v, err)
	}
	e := js.Global().Get("RangeError").New("too big")
	_, err = await(p.Call("reject", e))
	var je *jsError
	if !errors.As(err, &je) || je.Name != "RangeError" || je.Message != "too big" {
		t.Errorf("await(reject RangeError) = %v, want a jsError naming it", err)
	}
	if !isOutOfMemory(err) {
		t.Error("a RangeError is not reported as out of memory")
	}
	if isQuotaError(err) {
		t.Error("a RangeError is reported as a full quota")
	}
}

func TestCall(t *testing.T) {
	_, err := call(js.Global().Get("JSON"), "parse", "{")
	var je *jsError
	if !errors.As(err, &je) || je.Name != "SyntaxError" {
		t.Errorf("call(JSON.parse, {) = %v, want a SyntaxError", err)
	}
	_, err = construct(js.Global().Get("URL"), "http://[bad")
	if !errors.As(err, &je) || je.Name != "TypeError" {
		t.Errorf("new URL(http://[bad) = %v, want a TypeError", err)
	}
	v, err := construct(js.Global().Get("URL"), "m/", "http://example.org/app/")
	if err != nil || v.Get("href").String() != "http://example.org/app/m/" {
		t.Errorf("new URL(m/, base) = %v, %v", v, err)
	}
}

// TestYieldingContext checks that a busy loop that polls Err lets a
// JavaScript callback run and see the cancellation.
func TestYieldingContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cb := js.FuncOf(func(js.Value, []js.Value) any {
		cancel()
		return nil
	})
	defer cb.Release()
	js.Global().Call("setTimeout", cb, 0)
	y := &yieldingContext{Context: ctx, y: newYielder(), every: time.Millisecond, last: time.Now()}
	deadline := time.Now().Add(5 * time.Second)
	for y.Err() == nil {
		if time.Now().After(deadline) {
			t.Fatal("the JavaScript timer never ran while the loop polled Err")
		}
	}
}

package protocol

import (
	"encoding/json"
	"fmt"
)

// Kind names a message type.
type Kind string

// Requests from the UI to the worker.
const (
	KindLoad       Kind = "load"
	KindTokenize   Kind = "tokenize"
	KindGenerate   Kind = "generate"
	KindStop       Kind = "stop"
	KindClearCache Kind = "clear-cache"
)

// Replies and events from the worker to the UI.
const (
	KindHello    Kind = "hello"
	KindProgress Kind = "progress"
	KindNotice   Kind = "notice"
	KindLoaded   Kind = "loaded"
	KindTokens   Kind = "tokens"
	KindPiece    Kind = "piece"
	KindDone     Kind = "done"
	KindError    Kind = "error"
)

// Message is one message; exactly the payload that Kind names is set
// (none for hello, stop and clear-cache).
type Message struct {
	Kind     Kind        `json:"kind"`
	Load     *Load       `json:"load,omitempty"`
	Tokenize *Tokenize   `json:"tokenize,omitempty"`
	Generate *Generate   `json:"generate,omitempty"`
	Progress *Progress   `json:"progress,omitempty"`
	Notice   *Notice     `json:"notice,omitempty"`
	Loaded   *Loaded     `json:"loaded,omitempty"`
	Tokens   *TokenCount `json:"tokens,omitempty"`
	Piece    *Piece      `json:"piece,omitempty"`
	Done     *Done       `json:"done,omitempty"`
	Error    *Error      `json:"error,omitempty"`
}

// payloads lists, for each kind, whether its payload is present.
func (m *Message) payloads() map[Kind]bool {
	return map[Kind]bool{
		KindLoad: m.Load != nil, KindTokenize: m.Tokenize != nil, KindGenerate: m.Generate != nil,
		KindProgress: m.Progress != nil, KindNotice: m.Notice != nil, KindLoaded: m.Loaded != nil,
		KindTokens: m.Tokens != nil, KindPiece: m.Piece != nil, KindDone: m.Done != nil,
		KindError: m.Error != nil,
		KindHello: false, KindStop: false, KindClearCache: false,
	}
}

// Validate checks that Kind is known and that exactly its payload is set.
func (m *Message) Validate() error {
	p := m.payloads()
	if _, ok := p[m.Kind]; !ok {
		return fmt.Errorf("protocol: unknown message kind %q", m.Kind)
	}
	for k, set := range p {
		if set && k != m.Kind {
			return fmt.Errorf("protocol: %s message carries a %s payload", m.Kind, k)
		}
	}
	switch m.Kind {
	case KindHello, KindStop, KindClearCache:
		return nil
	}
	if !p[m.Kind] {
		return fmt.Errorf("protocol: %s message without its payload", m.Kind)
	}
	if m.Kind == KindGenerate {
		return m.Generate.Settings.Validate()
	}
	return nil
}

// Encode validates m and returns its JSON text.
func Encode(m Message) (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("protocol: encoding %s message: %w", m.Kind, err)
	}
	return string(b), nil
}

// Decode parses and validates a message.
func Decode(text string) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return Message{}, fmt.Errorf("protocol: decoding message: %w", err)
	}
	if err := m.Validate(); err != nil {
		return Message{}, err
	}
	return m, nil
}

package hf

import "fmt"

// FormatError reports a malformed checkpoint file. Offset is the byte
// offset in File where the problem lies, or -1 when it is not a position.
type FormatError struct {
	File   string
	Offset int64
	Msg    string
}

func (e *FormatError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("hf: %s: offset %d: %s", e.File, e.Offset, e.Msg)
	}
	return fmt.Sprintf("hf: %s: %s", e.File, e.Msg)
}

// UnsupportedError reports a valid checkpoint this engine cannot run (an
// architecture other than GPT-2, an untied output head, a dtype).
type UnsupportedError struct {
	File string
	Msg  string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("hf: %s: unsupported: %s", e.File, e.Msg)
}

func formatErr(file string, off int64, format string, args ...any) error {
	return &FormatError{File: file, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func unsupported(file string, format string, args ...any) error {
	return &UnsupportedError{File: file, Msg: fmt.Sprintf(format, args...)}
}

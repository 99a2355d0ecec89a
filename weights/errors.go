package weights

import "fmt"

// FormatError reports a malformed model file. File names the manifest or
// the shard; Offset is the byte offset in it, or -1 when the problem is not
// at one place.
type FormatError struct {
	File   string
	Offset int64
	Msg    string
}

func (e *FormatError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("weights: %s: offset %d: %s", e.File, e.Offset, e.Msg)
	}
	return fmt.Sprintf("weights: %s: %s", e.File, e.Msg)
}

// UnsupportedError reports a well-formed file this build cannot read, such
// as a newer format version.
type UnsupportedError struct {
	File string
	Msg  string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("weights: %s: unsupported: %s", e.File, e.Msg)
}

func formatErr(file string, off int64, format string, args ...any) error {
	return &FormatError{File: file, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

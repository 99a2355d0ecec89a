package protocol

import "time"

// Load asks the worker to load a model folder: from URL (a folder URL,
// ending in "/" or not), or from Files, the names of the files posted
// alongside in the envelope (in the same order).
type Load struct {
	URL   string   `json:"url,omitempty"`
	Files []string `json:"files,omitempty"`
}

// Tokenize asks for the token count of Text; Seq is echoed in the reply so
// that the UI can drop stale answers.
type Tokenize struct {
	Seq  int    `json:"seq"`
	Text string `json:"text"`
}

// Generate asks for a generation from Prompt (text; <|endoftext|> in it is
// the end-of-text token) with Settings.
type Generate struct {
	Prompt   string   `json:"prompt"`
	Settings Settings `json:"settings"`
}

// Progress reports the bytes of model files loaded so far.
type Progress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
}

// Notice is information the user should see that is not an error.
type Notice struct {
	Code    NoticeCode `json:"code"`
	Message string     `json:"message"`
}

// NoticeCode names a notice.
type NoticeCode string

// Notices.
const (
	NoticeCacheFull    NoticeCode = "cache-full"    // model runs from memory only
	NoticeCacheCleared NoticeCode = "cache-cleared" // downloaded models removed
	NoticeFromCache    NoticeCode = "from-cache"    // loaded without the network
)

// Loaded reports a model ready to generate.
type Loaded struct {
	Name       string   `json:"name"`
	Parameters int64    `json:"parameters"`
	Layers     int      `json:"layers"`
	Context    int      `json:"context"`
	Bytes      int64    `json:"bytes"`
	FromCache  bool     `json:"from_cache"`
	Defaults   Settings `json:"defaults"`
	LoadTime   Duration `json:"load_time"`
}

// TokenCount answers Tokenize.
type TokenCount struct {
	Seq   int `json:"seq"`
	Count int `json:"count"`
}

// Piece is streamed text of sequence Seq: whole UTF-8 characters only.
type Piece struct {
	Seq  int    `json:"seq"`
	Text string `json:"text"`
}

// Done ends a generation.
type Done struct {
	FinishReasons    []string `json:"finish_reasons"` // per sequence: length, eos, stop, cancelled
	PromptTokens     int      `json:"prompt_tokens"`
	NewTokens        int      `json:"new_tokens"`
	TimeToFirstToken Duration `json:"time_to_first_token"`
	Prefill          Duration `json:"prefill"`
	Decode           Duration `json:"decode"`
	TokensPerSecond  float64  `json:"tokens_per_second"`
}

// Duration is a time.Duration sent as milliseconds.
type Duration float64

// Millis converts d.
func Millis(d time.Duration) Duration { return Duration(float64(d) / float64(time.Millisecond)) }

// Error reports a failure the user can act on.
type Error struct {
	Code    ErrorCode `json:"code"`
	Message string    `json:"message"`
}

// ErrorCode names an error class; the UI chooses its remedy by code.
type ErrorCode string

// Errors.
const (
	ErrDownload    ErrorCode = "download"      // network or HTTP failure: retry
	ErrChecksum    ErrorCode = "checksum"      // a shard failed its SHA-256
	ErrNotModel    ErrorCode = "not-model"     // not a model folder (no manifest, HTML, bad format)
	ErrOutOfMemory ErrorCode = "out-of-memory" // the engine could not allocate
	ErrEngineExit  ErrorCode = "engine-exited" // the worker's Go program stopped
	ErrBadRequest  ErrorCode = "bad-request"   // invalid settings or prompt
	ErrGenerate    ErrorCode = "generate"      // generation failed
	ErrNotReady    ErrorCode = "not-ready"     // no model loaded yet
)
